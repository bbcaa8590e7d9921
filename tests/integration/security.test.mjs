// Security properties of docs/security.md not held by another suite: the CORS policy (no other
// origin by default, only the listed ones with --cors-origins), X-Forwarded-For ignored without
// --trust-proxy, a flooding socket cut off without disturbing others, and secrets never
// appearing in the server's log.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  PASSWORD,
  api,
  connectNamespace,
  connectRoom,
  emitAck,
  it,
  joinRoom,
  rawRequest,
  seededRoom,
  signup,
  startServer,
  useServer,
  waitFor,
} from "./helpers.mjs";

const APP = "http://app.example";
const EVIL = "http://evil.example";

let plain;
let withCors;

before(async () => {
  withCors = await startServer({ args: ["--cors-origins", `${APP},http://other.example`] });
  plain = await startServer();
});
after(async () => {
  await withCors?.stop();
  await plain?.stop();
});

async function get(server, urlPath, origin) {
  return fetch(`${server.url}${urlPath}`, { headers: { Origin: origin } });
}

it("CORS by default: no origin is allowed on the API, the app or Engine.IO polling", async () => {
  for (const urlPath of ["/api/rooms", "/", "/socket.io/?EIO=4&transport=polling"]) {
    const res = await get(plain, urlPath, EVIL);
    await res.arrayBuffer();
    assert.equal(res.headers.get("access-control-allow-origin"), null, urlPath);
  }
  const preflight = await fetch(`${plain.url}/api/rooms`, {
    method: "OPTIONS",
    headers: { Origin: EVIL, "Access-Control-Request-Method": "POST" },
  });
  await preflight.arrayBuffer();
  assert.equal(preflight.headers.get("access-control-allow-origin"), null);
});

it("CORS with --cors-origins: listed origins are echoed with credentials, others get nothing", async () => {
  for (const urlPath of ["/api/rooms", "/socket.io/?EIO=4&transport=polling"]) {
    const allowed = await get(withCors, urlPath, APP);
    await allowed.arrayBuffer();
    assert.equal(allowed.headers.get("access-control-allow-origin"), APP, urlPath);
    assert.equal(allowed.headers.get("access-control-allow-credentials"), "true", urlPath);
    assert.match(allowed.headers.get("vary") ?? "", /Origin/, urlPath);
    const refused = await get(withCors, urlPath, EVIL);
    await refused.arrayBuffer();
    assert.equal(refused.headers.get("access-control-allow-origin"), null, urlPath);
  }
  const preflight = await fetch(`${withCors.url}/api/rooms`, {
    method: "OPTIONS",
    headers: {
      Origin: APP,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, content-type",
    },
  });
  await preflight.arrayBuffer();
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), APP);
  assert.match(preflight.headers.get("access-control-allow-methods"), /POST/);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "authorization, content-type");
  // A failed request still carries the header, so the page can read the error envelope.
  const missing = await get(withCors, "/api/nope", APP);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "NOT_FOUND");
  assert.equal(missing.headers.get("access-control-allow-origin"), APP);
});

it("secrets never reach the log: passwords, tokens and the JWT secret (kept with mode 0600)", async () => {
  useServer(plain);
  const user = await signup("secretive");
  await api("POST", "/api/auth/login", { email: user.email, password: PASSWORD });
  await api("POST", "/api/auth/login", { email: user.email, password: "wrong-password-123" });
  await api("GET", "/api/me", undefined, `${user.token}x`); // a forged token is logged as refused
  const room = await seededRoom("Study Room 6");
  await joinRoom(user.token, room.id);
  const socket = await connectRoom(plain.port, room.id, user.token);
  await emitAck(socket, "join-room", {});
  await rawRequest("GET", "/api/me", undefined, { Authorization: `Bearer ${user.token}` });

  const log = plain.log();
  assert.ok(log.includes(user.id), "the log should name the user (so it was written at all)");
  const secretFile = path.join(plain.dataDir, "jwt-secret");
  assert.equal(statSync(secretFile).mode & 0o777, 0o600, "the secret file is readable by its owner only");
  const secret = readFileSync(secretFile).toString("utf8").trim();
  for (const [what, value] of [
    ["password", PASSWORD],
    ["wrong password", "wrong-password-123"],
    ["token", user.token],
    ["token signature", user.token.split(".")[2]],
    ["jwt secret", secret],
  ])
    assert.ok(!log.includes(value), `the log contains the ${what}`);
});

it("without --trust-proxy, X-Forwarded-For is ignored: an anonymous user is bound to the real address", async () => {
  useServer(plain);
  const spoofed = { headers: { "X-Forwarded-For": "10.9.8.7" } };
  const res = await api("POST", "/api/public/users", { name: "Spoofer" }, undefined, spoofed);
  assert.equal(res.status, 201);
  const room = (await api("GET", "/api/public/rooms")).body.rooms[0];
  const joined = await api("POST", `/api/public/rooms/${room.id}/join`, { user_id: res.body.user.id });
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  // Connecting from 127.0.0.1 with no header at all works: the binding is to 127.0.0.1.
  const socket = await connectNamespace(plain.port, `/public-room/${room.id}`, {
    auth: { user_id: res.body.user.id },
  });
  assert.ok(socket.connected);
  socket.disconnect();
});

it("a socket flooding events is told RATE_LIMITED and disconnected; another participant is not disturbed", async () => {
  useServer(plain);
  const room = await seededRoom("Study Room 5");
  const [flooder, calm] = [await signup("flooder"), await signup("calm")];
  const sockets = [];
  for (const user of [flooder, calm]) {
    await joinRoom(user.token, room.id);
    const socket = await connectRoom(plain.port, room.id, user.token);
    await emitAck(socket, "join-room", {});
    sockets.push(socket);
  }
  const [noisy, quiet] = sockets;
  const told = waitFor(noisy, "error", (e) => e?.code === "RATE_LIMITED", 5000);
  const gone = waitFor(noisy, "disconnect", () => true, 5000);
  for (let i = 0; i < 400; i++) noisy.emit("typing", { is_typing: i % 2 === 0 });
  await told;
  assert.equal(await gone, "io server disconnect");
  const ack = await emitAck(quiet, "send-message", { content: "still here" });
  assert.equal(ack.ok, true, JSON.stringify(ack));
});
