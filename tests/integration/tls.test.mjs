// HTTPS and WSS served by carrel itself (--tls-cert, --tls-key): the REST API, Socket.IO over
// long-polling, over WebSocket and upgrading from one to the other, with the official client
// trusting a certificate made for the test. A plain-HTTP client on the TLS port is told so, a
// client sending garbage after a TLS-looking first byte disturbs nobody, and a wrong key or a
// missing half of the pair stops the server at start with a clear message.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {
  CARREL_BIN,
  api,
  createRoom,
  emitAck,
  enterRoom,
  it,
  joinRoom,
  sendBurst,
  signup,
  sleep,
  startServer,
  useServer,
  waitFor,
} from "./helpers.mjs";

let dir;
let server;

function makeCertificate(name) {
  const keyFile = path.join(dir, `${name}-key.pem`);
  const certFile = path.join(dir, `${name}-cert.pem`);
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { keyFile, certFile, ca: readFileSync(certFile, "utf8") };
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "carrel-it-tls-"));
  server = await startServer({ tls: makeCertificate("server") });
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Two members of a fresh room, each connected with the given socket.io-client options. */
async function twoMembers(optsA, optsB) {
  useServer(server);
  const owner = await signup("tls-owner");
  const room = await createRoom(owner.token, { capacity: 10 });
  const a = await signup("tls-a");
  const b = await signup("tls-b");
  await joinRoom(a.token, room.id);
  await joinRoom(b.token, room.id);
  const { socket: sa } = await enterRoom(server, room.id, a, optsA);
  const { socket: sb } = await enterRoom(server, room.id, b, optsB);
  return { room, a, b, sa, sb };
}

const expected = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

it("the REST API answers over HTTPS: sign-up, room creation and the room list", async () => {
  useServer(server);
  const user = await signup("tls-rest");
  assert.equal(typeof user.token, "string");
  const room = await createRoom(user.token, { name: "Over TLS" });
  const listed = await api("GET", "/api/rooms?limit=100");
  assert.equal(listed.status, 200);
  assert.ok(listed.body.rooms.some((r) => r.id === room.id), "the new room is listed");
});

it("Socket.IO over WSS and over HTTPS long-polling: a burst crosses from one to the other in order", async () => {
  const { a, b, sa, sb } = await twoMembers({ transports: ["websocket"] }, { transports: ["polling"] });
  assert.equal(sa.io.engine.transport.name, "websocket");
  assert.equal(sb.io.engine.transport.name, "polling");
  assert.deepEqual(await sendBurst(sa, a, sb, 60, "ws"), expected(60, "ws"), "WSS to polling");
  assert.deepEqual(await sendBurst(sb, b, sa, 60, "poll"), expected(60, "poll"), "polling to WSS");
});

it("a client starting on HTTPS long-polling upgrades to WSS and keeps receiving", async () => {
  const { a, sa, sb } = await twoMembers({}, {});
  const upgraded = (socket) =>
    socket.io.engine.transport.name === "websocket" ||
    new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
  await Promise.race([Promise.all([upgraded(sa), upgraded(sb)]), sleep(5000)]);
  assert.equal(sa.io.engine.transport.name, "websocket", "upgraded");
  assert.equal(sb.io.engine.transport.name, "websocket", "upgraded");
  assert.deepEqual(await sendBurst(sa, a, sb, 30, "up"), expected(30, "up"));
});

it("plain HTTP on the TLS port is answered 400 with a sentence saying to use https", async () => {
  const answer = await new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1", () => {
      socket.write("GET /api/rooms HTTP/1.1\r\nHost: localhost\r\n\r\n");
    });
    const parts = [];
    socket.on("data", (chunk) => parts.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    socket.on("error", reject);
    socket.setTimeout(5000, () => reject(new Error("no answer")));
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /This port speaks HTTPS/);
});

it("garbage after a TLS record header is dropped without disturbing a connected client", async () => {
  const { a, sa, sb } = await twoMembers({ transports: ["websocket"] }, { transports: ["websocket"] });
  const closed = await new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1", () => {
      socket.write(Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), Buffer.alloc(64, 0xab)]));
    });
    socket.on("data", () => {});
    socket.on("error", () => resolve(true));
    socket.on("close", () => resolve(true));
    socket.setTimeout(5000, () => resolve(false));
  });
  assert.ok(closed, "the server closed the broken connection");
  const got = waitFor(sb, "new-message", (m) => m.user_id === a.id);
  await emitAck(sa, "send-message", { content: "still here", type: "TEXT" });
  assert.equal((await got).content, "still here");
  assert.equal((await server.get("/healthz", 2000)).status, 200);
});

function startFails(args) {
  const data = mkdtempSync(path.join(dir, "data-"));
  const run = spawnSync(CARREL_BIN, ["--host", "127.0.0.1", "--port", "0", "--data-dir", data,
    "--rtc-listen-ip", "127.0.0.1", "--rtc-port", "0", ...args], { encoding: "utf8", timeout: 15000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

it("a key that does not belong to the certificate stops the server at start, saying so", () => {
  const one = makeCertificate("one");
  const other = makeCertificate("other");
  const run = startFails(["--tls-cert", one.certFile, "--tls-key", other.keyFile]);
  assert.notEqual(run.status, 0);
  assert.match(run.output, /does not match certificate/);
});

it("--tls-cert without --tls-key, or a file that is not PEM, is refused at start", () => {
  const one = makeCertificate("half");
  const half = startFails(["--tls-cert", one.certFile]);
  assert.notEqual(half.status, 0);
  assert.match(half.output, /--tls-cert requires --tls-key/);
  const notPem = startFails(["--tls-cert", one.keyFile, "--tls-key", one.keyFile]);
  assert.notEqual(notPem.status, 0);
  assert.match(notPem.output, /TLS certificate .*half-key\.pem/);
});
