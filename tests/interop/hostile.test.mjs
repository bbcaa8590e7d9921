// Robustness tests for the server at CONFORMANCE_URL: fire malformed, oversized, slow and
// abruptly dropped traffic at it, require every bad connection to be answered with the
// protocol's error or closed (never left hanging), and check that healthy clients, including one
// connected before the attack, keep being served. If CONFORMANCE_PID is set, the server process
// must still be alive at the end. Meant to finish in well under a minute.
import { describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import {
  BASE,
  EIO_PATH,
  HOST,
  MAX_PAYLOAD,
  PORT,
  SIO_PATH,
  WsClient,
  closeAllConnections,
  connectSioClient,
  eioUrl,
  httpStatus,
  joinNamespace,
  now,
  openPolling,
  openSio,
  openWs,
  poll,
  pollPackets,
  push,
  rawExchange,
  request,
  sioClientEcho,
  sleep,
  withTimeout,
} from "./protocol-helpers.mjs";

const HOLD = 5000; // longest we wait for a bad connection to be refused or closed
let currentTest = "setup"; // for reporting when a pre-existing client got disconnected

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const connectClient = (transport) => connectSioClient(transport, { context: () => currentTest });
const echo = sioClientEcho;

// The clients connected before the attack live in a child process, so that event-loop stalls
// of this (busy) test process cannot make them miss a 200 ms pong deadline: only the server's
// behaviour decides whether they survive. The parent talks to it over IPC.
const WITNESS_SOURCE = `
const h = await import(process.env.WITNESS_HELPERS);
let phase = "setup";
const clients = {};
const handlers = {
  async connect() {
    for (const t of ["websocket", "polling"]) {
      clients[t] = await h.connectSioClient(t, { context: () => phase });
    }
  },
  phase({ name }) { phase = name; },
  async echo({ label }) {
    for (const c of Object.values(clients)) await h.sioClientEcho(c.socket, label + " " + c.transport);
  },
  state() {
    return Object.values(clients).map((c) => ({
      transport: c.transport, connected: c.socket.connected, disconnects: c.disconnects,
    }));
  },
  close() { for (const c of Object.values(clients)) c.socket.close(); setTimeout(() => process.exit(0), 50); },
};
process.on("message", async (msg) => {
  try {
    process.send({ seq: msg.seq, result: await handlers[msg.cmd](msg) });
  } catch (err) {
    process.send({ seq: msg.seq, error: String(err && err.message || err) });
  }
});
process.on("disconnect", () => process.exit(0));
`;

class Witness {
  constructor() {
    this.seq = 0;
    this.pending = new Map();
    this.child = spawn(process.execPath, ["--input-type=module", "-e", WITNESS_SOURCE], {
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      env: { ...process.env, WITNESS_HELPERS: new URL("./protocol-helpers.mjs", import.meta.url).href },
    });
    this.child.on("message", ({ seq, result, error }) => {
      const p = this.pending.get(seq);
      if (!p) return;
      this.pending.delete(seq);
      if (error) p.reject(new Error(`witness: ${error}`));
      else p.resolve(result);
    });
    this.child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`witness exited (${code})`));
      this.pending.clear();
    });
  }

  call(cmd, args = {}, timeout = 10000) {
    const seq = ++this.seq;
    const promise = new Promise((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    this.child.send({ seq, cmd, ...args });
    return withTimeout(promise, timeout, `witness ${cmd}`);
  }

  async stop() {
    await this.call("close", {}, 2000).catch(() => {});
    this.child.kill();
  }
}

/** A quick sign of life: a fresh polling handshake answered within `ms`. */
async function serverAnswers(ms = 2000) {
  const started = now();
  const res = await request(eioUrl(SIO_PATH, "EIO=4&transport=polling"), { timeout: ms });
  assert.equal(res.status, 200);
  return now() - started;
}

/** A bad raw exchange must end in an HTTP error status or a closed connection. */
function assertRefused(result, label, { allow = [] } = {}) {
  const status = httpStatus(result.data);
  assert.notEqual(status, 101, `${label}: switched protocols`);
  const ok = result.closed || (status !== null && (status >= 400 || allow.includes(status)));
  assert.ok(
    ok,
    `${label}: neither an error status nor closed within ${HOLD} ms (got ${JSON.stringify(
      result.data.toString("latin1").slice(0, 120),
    )})`,
  );
  return status;
}

/** One-line summary of raw exchanges for diagnostics: status per case, or "closed". */
function outcomes(results) {
  return results.map((r, i) => `#${i}: ${httpStatus(r.data) ?? (r.closed ? "closed" : "open")}`).join(", ");
}

function rawRequest(text, opts = {}) {
  return rawExchange((s) => s.write(text), { timeout: HOLD, untilResponse: true, ...opts });
}

/** Sends `frame` on a fresh Socket.IO connection (joined to "/") and expects it to be closed. */
async function expectSioClose(frames, label) {
  const c = await openSio();
  for (const f of [].concat(frames)) c.send(f);
  const info = await c.waitClosed(HOLD);
  c.terminate();
  assert.ok(info, `${label}: connection not closed`);
  const replies = c.frames.filter((f) => typeof f === "string" && /^4[2356]/.test(f));
  assert.deepEqual(replies, [], `${label}: got a reply before closing`);
}

/**
 * For inputs where the protocol leaves the reaction open: the server may close the connection
 * or carry on, but if it carries on the connection must still work. Returns what happened.
 */
async function closedOrStillWorks(c, label) {
  const info = await c.waitClosed(400);
  if (info) return "closed";
  c.frames.length = 0;
  c.send(`42["message","${label}"]`);
  const deadline = now() + 2000;
  for (;;) {
    const frame = await c.next(Math.max(1, deadline - now()), `echo after ${label}`).catch((e) => {
      if (c.closeInfo) return null;
      throw e;
    });
    if (frame === null) return "closed";
    if (frame === `42["message-back","${label}"]`) return "kept open";
  }
}

// ---------------------------------------------------------------------------------------------

describe("hostile input", { timeout: 60000 }, () => {
  // websocket and polling socket.io-client connections made before the attack
  const witness = new Witness();
  const held = []; // sockets kept open on purpose, destroyed in after()

  before(async () => {
    await witness.call("connect");
    await witness.call("echo", { label: "pre-attack" });
  });

  beforeEach(async (t) => {
    currentTest = t.name;
    await witness.call("phase", { name: t.name }).catch(() => {});
  });

  after(async () => {
    for (const s of held) s.destroy();
    closeAllConnections();
    await witness.stop();
  });

  // ---- raw HTTP level ------------------------------------------------------------------------

  it("garbage bytes on raw TCP connections are refused or closed", async (t) => {
    const garbage = [
      crypto.randomBytes(4096),
      Buffer.from("\x00\x01\x02\x03\xff\xfe\r\n\r\n", "latin1"),
      Buffer.concat([
        Buffer.from("GET /socket.io/ HTTP/1.1\r\nHost: x\r\n"),
        crypto.randomBytes(2048),
        Buffer.from("\r\n\r\n"),
      ]),
      Buffer.from("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "latin1"), // TLS ClientHello start
    ];
    const results = await Promise.all(garbage.map((g) => rawRequest(g)));
    results.forEach((r, i) => assertRefused(r, `garbage #${i}`));
    t.diagnostic(outcomes(results));
    await serverAnswers();
  });

  it("malformed HTTP request lines are refused", async (t) => {
    const lines = [
      "GET\r\n\r\n",
      "GET /socket.io/?EIO=4&transport=polling\r\n\r\n",
      "GET /socket.io/?EIO=4&transport=polling HTTP/1.1 trailing\r\nHost: x\r\n\r\n",
      "GET /socket.io/?EIO=4&transport=polling HTTP/7.3\r\nHost: x\r\n\r\n",
      "G\x00T /socket.io/ HTTP/1.1\r\nHost: x\r\n\r\n",
      " GET /socket.io/ HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\nHost: x\n\n\x00",
      `GET /socket.io/?EIO=4&transport=polling&x=${"a".repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      "\r\n\r\n\r\n\r\nBREW /pot HTCPCP/1.0\r\n\r\n",
    ];
    const results = await Promise.all(lines.map((l) => rawRequest(Buffer.from(l, "latin1"))));
    // a lenient parser may answer the HTTP/0.9-style line (#1, Node.js does) and the bare-LF
    // request (#6) normally; everything else must fail
    results.forEach((r, i) => assertRefused(r, `request line #${i}`, { allow: [1, 6].includes(i) ? [200] : [] }));
    t.diagnostic(outcomes(results));
    await serverAnswers();
  });

  it("huge and malformed headers are refused", async (t) => {
    const target = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n";
    // a live session, so that only the HTTP layer can be the one refusing the POSTs below
    const { sid } = await openPolling(EIO_PATH);
    const post = `POST ${EIO_PATH}?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\n`;
    const requests = [
      `${target}X-Big: ${"b".repeat(100 * 1024)}\r\n\r\n`,
      `${target}${"X-Many: y\r\n".repeat(5000)}\r\n`,
      `${target}NoColonHere\r\n\r\n`,
      `${target}Bad Name: v\r\n\r\n`,
      `${post}Content-Length: abc\r\n\r\n`,
      `${post}Content-Length: -5\r\n\r\n`,
      `${post}Content-Length: 3\r\nContent-Length: 5\r\n\r\n4ab`,
      `${post}Transfer-Encoding: chunked\r\n\r\nzz\r\n4ab\r\n0\r\n\r\n`,
      `${post}Content-Length: 99999999999999999999999\r\n\r\n`,
    ];
    const results = await Promise.all(requests.map((r) => rawRequest(Buffer.from(r, "latin1"))));
    results.forEach((r, i) => assertRefused(r, `header case #${i}`));
    t.diagnostic(outcomes(results));
    await serverAnswers();
  });

  it("WebSocket upgrades with a bad key, version or method are refused", async (t) => {
    const path = `${SIO_PATH}?EIO=4&transport=websocket`;
    const upgrade = (extra, method = "GET") =>
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra}\r\n`;
    const key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const requests = [
      upgrade("Sec-WebSocket-Key: abc\r\nSec-WebSocket-Version: 13\r\n"),
      upgrade("Sec-WebSocket-Version: 13\r\n"),
      upgrade(`${key}Sec-WebSocket-Version: 12\r\n`),
      upgrade(`${key}Sec-WebSocket-Version: banana\r\n`),
      upgrade(key),
      upgrade(`${key}Sec-WebSocket-Version: 13\r\n`, "POST"),
      `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n` +
        `${key}Sec-WebSocket-Version: 13\r\n\r\n`,
      upgrade(`Sec-WebSocket-Key: ${"A".repeat(5000)}\r\nSec-WebSocket-Version: 13\r\n`),
    ];
    const results = await Promise.all(requests.map((r) => rawRequest(r)));
    results.forEach((r, i) => assertRefused(r, `upgrade case #${i}`));
    t.diagnostic(outcomes(results));
    await serverAnswers();
  });

  it("invalid WebSocket frames close the connection", async () => {
    // complete a genuine handshake by hand, then send frames a conforming client never sends
    const handshake =
      `GET ${SIO_PATH}?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = (first, payload) => {
      const body = Buffer.from(payload).map((b, i) => b ^ mask[i % 4]);
      return Buffer.concat([Buffer.from([first, 0x80 | body.length]), mask, body]);
    };
    const frames = [
      Buffer.from([0x81, 0x02, 0x34, 0x30]), // unmasked text frame "40"
      masked(0x83, "40"), // reserved opcode 3
      masked(0xc1, "40"), // RSV1 set without an extension
      masked(0x81, Buffer.from([0x34, 0xff, 0xfe])), // text frame with invalid UTF-8
      masked(0x89, "x".repeat(126).slice(0, 125)).subarray(0, 6), // truncated ping, then silence
      Buffer.concat([Buffer.from([0x88, 0xfe, 0x00, 0x80]), mask, Buffer.alloc(128)]), // control frame > 125 bytes
    ];
    const results = await Promise.all(
      frames.map((frame, i) =>
        rawExchange(
          (s) => {
            s.write(handshake);
            setTimeout(() => s.write(frame), 100);
          },
          { timeout: i === 4 ? 1500 : HOLD },
        ),
      ),
    );
    results.forEach((r, i) => {
      assert.equal(httpStatus(r.data), 101, `frame case #${i}: handshake`);
      if (i === 4) return; // an incomplete frame is only closed by the ping timeout; not awaited
      assert.ok(r.closed, `frame case #${i}: connection not closed`);
    });
    await serverAnswers();
  });

  // ---- payload size limits -----------------------------------------------------------------

  it("polling POST of exactly maxPayload bytes is accepted", async () => {
    const { sid } = await openPolling(EIO_PATH);
    const res = await push(EIO_PATH, sid, `4${"a".repeat(MAX_PAYLOAD - 1)}`, { timeout: 5000 });
    assert.equal(res.status, 200);
    assert.equal(res.text, "ok");
    const [back] = await pollPackets(EIO_PATH, sid, 1, { timeout: 5000 });
    assert.equal(back.length, MAX_PAYLOAD);
  });

  for (const chunked of [false, true]) {
    it(`polling POST over maxPayload (${chunked ? "chunked" : "Content-Length"}) -> 413, payload dropped`, async (t) => {
      const { sid } = await openPolling(EIO_PATH);
      const size = MAX_PAYLOAD + 1000;
      const head =
        `POST ${EIO_PATH}?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\n` +
        `Content-Type: text/plain\r\n${chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${size}`}\r\n\r\n`;
      const result = await rawExchange(
        (s) => {
          s.write(head);
          let sent = 0;
          let answered = false;
          s.once("data", () => {
            answered = true;
          });
          const pump = () => {
            while (!answered && sent < size && !s.destroyed) {
              const n = Math.min(65536, size - sent);
              const piece = (sent === 0 ? "4" : "") + "a".repeat(sent === 0 ? n - 1 : n);
              sent += n;
              const data = chunked ? `${n.toString(16)}\r\n${piece}\r\n` : piece;
              if (!s.write(data)) {
                s.once("drain", pump);
                return;
              }
            }
            if (chunked && sent >= size && !answered && !s.destroyed) s.write("0\r\n\r\n");
          };
          s.on("error", () => {});
          pump();
        },
        { timeout: HOLD },
      );
      const status = httpStatus(result.data);
      assert.equal(status, 413, `expected 413, got ${status ?? "no response"} (closed: ${result.closed})`);
      // The session must not have received the payload: either it is closed (what the task
      // asks for) or it is alive without the oversized message (what Node.js does).
      const after = await poll(EIO_PATH, sid, { timeout: 2000 });
      if (after.status === 400) {
        t.diagnostic("session closed after 413");
      } else {
        t.diagnostic(`session kept open after 413 (next poll: ${JSON.stringify(after.text?.slice(0, 20))})`);
        assert.equal(after.status, 200);
        assert.ok(!after.text.includes("aaaa"), "the oversized payload was delivered");
      }
    });
  }

  it("WebSocket message of exactly maxPayload bytes is accepted", async () => {
    const c = await openWs(EIO_PATH, { autoPong: true });
    try {
      c.send(`4${"b".repeat(MAX_PAYLOAD - 1)}`);
      const back = await c.next(5000);
      assert.equal(back.length, MAX_PAYLOAD);
    } finally {
      c.terminate();
    }
  });

  for (const [label, path, send] of [
    ["single text frame on /engine.io/", EIO_PATH, (c) => c.send(`4${"x".repeat(MAX_PAYLOAD + 10)}`)],
    ["single binary frame on /socket.io/", SIO_PATH, (c) => c.send(Buffer.alloc(MAX_PAYLOAD + 10, 1))],
    [
      "two fragments each under the limit",
      EIO_PATH,
      (c) => {
        c.ws.send(`4${"y".repeat(600000)}`, { fin: false });
        c.ws.send("z".repeat(600000), { fin: true });
      },
    ],
  ]) {
    it(`WebSocket message over maxPayload (${label}) closes with 1009`, async () => {
      const c = await openWs(path, { autoPong: true });
      send(c);
      const info = await c.waitClosed(HOLD);
      c.terminate();
      assert.ok(info, "connection not closed");
      assert.equal(info.code, 1009, `close code ${info.code}`);
      assert.ok(!c.frames.some((f) => typeof f === "string" && f.length > 1000), "payload echoed");
    });
  }

  // ---- Engine.IO packets ---------------------------------------------------------------------

  it("malformed or unknown Engine.IO packets close the WebSocket session", async () => {
    const frames = ["", "x", "abc", "7", "8", "9", "a4hello", "\u0000", "-1", " 4"];
    const clients = await Promise.all(frames.map(() => openWs(EIO_PATH, { autoPong: true })));
    clients.forEach((c, i) => c.send(frames[i]));
    const infos = await Promise.all(clients.map((c) => c.waitClosed(HOLD)));
    infos.forEach((info, i) => assert.ok(info, `frame ${JSON.stringify(frames[i])}: not closed`));
    clients.forEach((c) => c.terminate());
  });

  it("malformed or unknown Engine.IO packets close the polling session", async () => {
    const bodies = ["", "x", "7", "9", `4a\x1e\x1e4b`, "4ok\x1ezz"];
    for (const body of bodies) {
      const { sid } = await openPolling(EIO_PATH);
      const res = await push(EIO_PATH, sid, body).catch(() => null);
      if (res) assert.ok([200, 400].includes(res.status), `POST ${JSON.stringify(body)}: ${res.status}`);
      const after = await poll(EIO_PATH, sid);
      assert.equal(after.status, 400, `session still open after ${JSON.stringify(body)}`);
    }
  });

  it("packets whose handling the protocol leaves open do not break the server", async (t) => {
    // client-sent ping (only the server pings in v4), upgrade/noop outside an upgrade,
    // "probe" pong, bad base64
    const frames = ["2", "5", "6", "3probe", "2probe"];
    for (const f of frames) {
      const c = await openWs(EIO_PATH, { autoPong: true });
      c.send(f);
      const info = await c.waitClosed(400);
      if (info) {
        t.diagnostic(`${JSON.stringify(f)}: closed`);
      } else {
        c.send("4still");
        const back = await c.next(2000).catch(() => null);
        t.diagnostic(`${JSON.stringify(f)}: kept open, then ${JSON.stringify(back)}`);
        if (back !== null) assert.equal(back, "4still");
      }
      c.terminate();
    }
    const { sid } = await openPolling(EIO_PATH);
    const res = await push(EIO_PATH, sid, "b!!!not base64");
    t.diagnostic(`bad base64 POST -> ${res.status}`);
    await serverAnswers();
  });

  // ---- Socket.IO packets ---------------------------------------------------------------------

  it("malformed Socket.IO packets close the connection", async () => {
    const cases = [
      ["garbage after 4", "4\u0000\u0001garbage"],
      ["unknown type 7", '47["message"]'],
      ["unknown type 9", "49"],
      ["unknown type letter", "4z"],
      ["truncated JSON", '42["message"'],
      ["trailing comma", '42["message",]'],
      ["NaN", '42["message",NaN]'],
      ["single quotes", "42['message']"],
      ["leading zero", '42["message",01]'],
      ["bad literal", '42["message",tru]'],
      ["bad escape", '42["message","\\x41"]'],
      ["unterminated string", '42["message","a'],
      ["trailing garbage", '42["message"]xyz'],
      ["raw control char in string", '42["message","a\u0001b"]'],
      ["negative ack id", '42-1["message-with-ack",1]'],
      ["fractional ack id", '421.5["message-with-ack",1]'],
      ["ack id then garbage", "4212abc"],
      ["ACK payload not an array", '43{"a":1}'],
      ["CONNECT payload not an object", '40["x"]'],
      ["too many attachments", '451000000-["message",{"_placeholder":true,"num":0}]'],
      ["attachment count overflow", '4518446744073709551616-["message",{"_placeholder":true,"num":0}]'],
      ["zero attachments", '450-["message"]'],
      ["attachment count not a number", '45abc-["message"]'],
      ["attachment count without dash", '452["message"]'],
    ];
    await Promise.all(cases.map(([label, frame]) => expectSioClose(frame, label)));
  });

  it("binary frames where none is expected, and text during reassembly, close the connection", async () => {
    await Promise.all([
      expectSioClose([Buffer.from([1, 2, 3])], "unexpected binary frame"),
      expectSioClose(
        ['451-["message",{"_placeholder":true,"num":0}]', '42["message","x"]'],
        "text frame while waiting for an attachment",
      ),
      expectSioClose(
        ['451-["message",{"_placeholder":true,"num":5}]', Buffer.from([1])],
        "placeholder index out of range",
      ),
      expectSioClose(
        ['451-["message",{"_placeholder":true,"num":-1}]', Buffer.from([1])],
        "negative placeholder index",
      ),
    ]);
  });

  it("unknown namespaces are refused one by one and the connection stays usable", async () => {
    const c = await openSio();
    try {
      c.send("40/nope");
      assert.equal(await c.next(), '44/nope,{"message":"Invalid namespace"}');
      for (let i = 0; i < 300; i++) c.send(`40/unknown-${i},{"i":${i}}`);
      const replies = await c.take(300, 5000);
      replies.forEach((r, i) => assert.equal(r, `44/unknown-${i},{"message":"Invalid namespace"}`));
      c.send('42["message","after unknown namespaces"]');
      assert.equal(await c.next(), '42["message-back","after unknown namespaces"]');
    } finally {
      c.terminate();
    }
  });

  it("an absurdly long namespace name is refused or closed", async (t) => {
    const c = await openSio();
    const nsp = `/${"n".repeat(64 * 1024)}`;
    c.send(`40${nsp},`);
    const frame = await c.next(HOLD).catch(() => null);
    if (frame === null) {
      assert.ok(c.closeInfo, "neither answered nor closed");
      t.diagnostic("closed");
    } else {
      assert.equal(frame, `44${nsp},{"message":"Invalid namespace"}`);
      t.diagnostic("refused with 44");
    }
    c.terminate();
  });

  it("events for a namespace the socket never joined are not processed", async (t) => {
    // The task expects these to be ignored with the connection kept; socket.io 4.8 closes
    // the connection instead ("invalid state"). Both are accepted; the event must not run.
    const frames = [
      '42/custom,["message","x"]',
      '42/custom,7["message-with-ack","x"]',
      '42/nope,["message","x"]',
      "41/custom,",
    ];
    for (const frame of frames) {
      const c = await openSio();
      c.send(frame);
      const outcome = await closedOrStillWorks(c, "probe");
      const leaked = c.frames.filter((f) => typeof f === "string" && /^4[23]\/(custom|nope)/.test(f));
      assert.deepEqual(leaked, [], `${frame}: event processed`);
      t.diagnostic(`${frame}: ${outcome}`);
      c.terminate();
    }
  });

  it("stray ACKs, missing ack ids and odd but valid packets keep the connection", async (t) => {
    const c = await openSio();
    try {
      c.send('43999["nobody asked"]'); // ack for an id the server never used
      c.send('42["message-with-ack",1]'); // no ack id: nothing to answer
      c.send('461-5[{"_placeholder":true,"num":0}]'); // binary ack for an unknown id
      c.send(Buffer.from([1]));
      c.send('42["unknown-event",1,2,3]');
      c.send('42[1,"numeric event name"]');
      c.send('42["message","after"]');
      assert.equal(await c.next(), '42["message-back","after"]');
      await c.expectSilence(200, "stray packets");
    } finally {
      c.terminate();
    }
    // huge ack id: Node.js answers with a float id; anything but a crash or hang is accepted
    const c2 = await openSio();
    c2.send('4299999999999999999999999["message-with-ack",1]');
    t.diagnostic(`ack id 1e23: ${await closedOrStillWorks(c2, "big-ack")}`);
    c2.terminate();
  });

  it("pathological JSON (deep nesting, huge arrays, out-of-range numbers) does not break the server", async (t) => {
    const depth = 100000;
    const inputs = [
      ["deep nesting", `42["message",${"[".repeat(depth)}${"]".repeat(depth)}]`],
      ["deep objects", `42["message",${'{"a":'.repeat(20000)}1${"}".repeat(20000)}]`],
      ["300k array elements", `42["message",${"0,".repeat(300000)}0]`],
      ["out-of-range numbers", '42["message",1e400,-1e400,1e-400,123456789e999]'],
      ["long string", `42["message","${"\\u00e9".repeat(100000)}"]`],
    ];
    for (const [label, frame] of inputs) {
      const c = await openSio();
      c.send(frame);
      c.send('42["message","probe"]'); // answered after the hostile frame, if still open
      const first = await c.next(HOLD, label).catch(() => null);
      if (first === null) {
        assert.ok(c.closeInfo, `${label}: neither answered nor closed within ${HOLD} ms`);
        t.diagnostic(`${label}: closed`);
      } else if (first === '42["message-back","probe"]') {
        t.diagnostic(`${label}: dropped without a reply, connection kept`);
      } else {
        assert.ok(first.startsWith('42["message-back",'), `${label}: reply ${first.slice(0, 60)}`);
        t.diagnostic(`${label}: answered (${first.length} bytes)`);
        const probe = await c.next(HOLD).catch(() => null);
        if (probe !== null) assert.equal(probe, '42["message-back","probe"]');
      }
      c.terminate();
    }
    await serverAnswers();
  });

  // ---- slow, silent and vanishing clients --------------------------------------------------

  it("half-open and slowloris connections do not block other clients", async (t) => {
    const silent = [];
    const open = (drive) =>
      new Promise((resolve) => {
        const s = net.connect({ host: HOST, port: PORT }, () => {
          drive(s);
          resolve(s);
        });
        s.on("error", () => {});
        s.on("close", () => {
          s.closedByPeer = true;
        });
        held.push(s);
        silent.push(s);
      });
    // half a request, then silence
    for (let i = 0; i < 20; i++) await open((s) => s.write(`GET ${SIO_PATH}?EIO=4&transport=polling HTTP/1.1\r\nHo`));
    // nothing at all
    for (let i = 0; i < 10; i++) await open(() => {});
    // a POST whose body never arrives
    const { sid } = await openPolling(EIO_PATH);
    for (let i = 0; i < 5; i++) {
      await open((s) =>
        s.write(
          `POST ${EIO_PATH}?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\n` +
            "Content-Length: 1000\r\n\r\n4ab",
        ),
      );
    }
    // slowloris: one header byte every 100 ms
    const trickle = `GET ${SIO_PATH}?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Slow: ${"s".repeat(200)}`;
    const timers = [];
    for (let i = 0; i < 10; i++) {
      const s = await open(() => {});
      let pos = 0;
      const timer = setInterval(() => {
        if (s.destroyed || pos >= trickle.length) return clearInterval(timer);
        s.write(trickle[pos++]);
      }, 100);
      timers.push(timer);
    }
    try {
      // meanwhile, healthy traffic keeps being served promptly
      const fresh = await connectClient("websocket");
      try {
        for (let i = 0; i < 8; i++) {
          const took = await serverAnswers(2000);
          assert.ok(took < 1500, `handshake took ${took.toFixed(0)} ms`);
          await echo(fresh.socket, `during slowloris ${i}`);
          await witness.call("echo", { label: `pre-attack during slowloris ${i}` });
          await sleep(250);
        }
      } finally {
        fresh.socket.close();
      }
    } finally {
      timers.forEach(clearInterval);
      const closed = silent.filter((s) => s.closedByPeer).length;
      t.diagnostic(`${closed}/${silent.length} slow connections already closed by the server`);
    }
  });

  it("200 connections opened and dropped abruptly", async () => {
    // Waves of 25 of each kind rather than one flood: the point is abrupt disappearance
    // mid-handshake, mid-session and mid-request, not a load test.
    const wave = async (count, fn) => {
      for (let i = 0; i < count; i += 25) {
        await Promise.all(Array.from({ length: Math.min(25, count - i) }, (_, j) => fn(i + j)));
        await sleep(30);
      }
    };
    // 60 bare TCP connections reset right after connecting
    await wave(60, () => new Promise((resolve) => {
      const s = net.connect({ host: HOST, port: PORT }, () => {
        s.resetAndDestroy();
        resolve();
      });
      s.on("error", resolve);
      s.on("close", resolve);
    }));
    // 50 Socket.IO WebSocket sessions, mid-message, gone without a close frame
    await wave(50, async (i) => {
      const c = await openSio();
      c.send('42["message","about to vanish"]');
      if (i % 2) c.ws._socket.resetAndDestroy();
      else c.terminate();
    });
    // 50 polling sessions whose pending GET is aborted
    await wave(50, async () => {
      const { sid } = await openPolling(SIO_PATH);
      await push(SIO_PATH, sid, "40");
      const ctrl = new AbortController();
      const pending = fetch(eioUrl(SIO_PATH, `EIO=4&transport=polling&sid=${sid}`), {
        signal: ctrl.signal,
      }).catch(() => {});
      await sleep(5);
      ctrl.abort();
      await pending;
    });
    // 40 requests cut in the middle of an upgrade or of a POST body
    await wave(40, (i) => new Promise((resolve) => {
      const s = net.connect({ host: HOST, port: PORT }, () => {
        s.write(
          i % 2
            ? `GET ${SIO_PATH}?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            : `POST ${SIO_PATH}?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n42["mess`,
        );
        setTimeout(() => {
          s.resetAndDestroy();
          resolve();
        }, 20);
      });
      s.on("error", resolve);
    }));
    await sleep(200);
    await serverAnswers();
  });

  // ---- afterwards ----------------------------------------------------------------------------

  it("after the attack: new clients work over WebSocket and polling", async () => {
    for (const transport of ["websocket", "polling"]) {
      const fresh = await connectClient(transport);
      try {
        assert.deepEqual(fresh.auth, {});
        await echo(fresh.socket, `post-attack ${transport}`);
      } finally {
        fresh.socket.close();
      }
    }
    const raw = await openSio({ auth: { token: "post-attack" } });
    raw.send('42["message",1.5,"é"]');
    assert.equal(await raw.next(), '42["message-back",1.5,"é"]');
    raw.terminate();
    const c = await openWs(EIO_PATH, { autoPong: true });
    c.send("4echo");
    assert.equal(await c.next(), "4echo");
    c.terminate();
  });

  it("after the attack: clients connected before it are still connected and responsive", async () => {
    const states = await witness.call("state");
    assert.equal(states.length, 2);
    for (const st of states) {
      assert.deepEqual(st.disconnects, [], `${st.transport} client was disconnected`);
      assert.ok(st.connected, `${st.transport} client not connected`);
    }
    await witness.call("echo", { label: "post-attack pre-existing" });
  });

  it("the server process is still alive", async (t) => {
    const pid = Number(process.env.CONFORMANCE_PID);
    if (pid) {
      assert.doesNotThrow(() => process.kill(pid, 0), `server process ${pid} is gone`);
    } else {
      t.diagnostic("CONFORMANCE_PID not set; checking responsiveness only");
    }
    await serverAnswers();
  });
});
