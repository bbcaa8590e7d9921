// Interop tests: drives a Socket.IO v5 / Engine.IO v4 server (the C++ build/sio-interop-server,
// or reference-server.mjs) with the official `socket.io-client`, in three transport modes:
// polling only, WebSocket only, and polling upgraded to WebSocket.
// Run with: SIO_URL=http://127.0.0.1:PORT node --test tests/interop/client.test.mjs
// (scripts/run-interop.sh starts a server and does this for you).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { io, Manager } from "socket.io-client";

const SIO_URL = (process.env.SIO_URL ?? "http://127.0.0.1:3100").replace(/\/+$/, "");

// Per-wait timeout: long enough for a loaded 2-core machine, short enough to fail fast.
const WAIT_MS = 3000;
// Upper bound for a whole test; individual waits fail earlier with a precise message.
const TEST_TIMEOUT_MS = 15000;

const MODES = [
  { name: "polling", opts: { transports: ["polling"] }, transport: "polling" },
  { name: "websocket", opts: { transports: ["websocket"] }, transport: "websocket" },
  { name: "polling+upgrade", opts: {}, transport: "websocket", upgrade: true },
];

let uniqueCounter = 0;
function unique(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${process.pid}-${uniqueCounter}-${randomBytes(3).toString("hex")}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Resolves with the argument list of the next `event` on `emitter`.
function nextEvent(emitter, event, what, ms = WAIT_MS) {
  return withTimeout(
    new Promise((resolve) => emitter.once(event, (...args) => resolve(args))),
    ms,
    `waiting for "${event}" (${what})`,
  );
}

// Records the argument lists of every `event` on `emitter`.
function collect(emitter, event) {
  const seen = [];
  emitter.on(event, (...args) => seen.push(args));
  return seen;
}

async function waitFor(predicate, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await sleep(10);
  }
}

// Decoded binary may arrive as a Buffer (Node) or an ArrayBuffer/typed array; normalise it.
function asBuffer(value, what) {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  assert.fail(`${what}: expected binary data, got ${typeof value}: ${JSON.stringify(value)?.slice(0, 200)}`);
}

// Replaces every binary value in a structure by a Buffer so deepStrictEqual compares bytes.
function normaliseBinary(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return asBuffer(value, "binary");
  }
  if (Array.isArray(value)) return value.map(normaliseBinary);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseBinary(v)]));
  }
  return value;
}

// Per-test state: creates clients in the test's transport mode and closes them all at the end.
class Ctx {
  constructor(mode) {
    this.mode = mode;
    this.sockets = [];
    this.managers = [];
  }

  options(extra = {}) {
    return {
      forceNew: true,
      timeout: WAIT_MS,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
      randomizationFactor: 0,
      ...this.mode.opts,
      ...extra,
    };
  }

  // A new client with its own Manager (own Engine.IO connection), connecting at once.
  socket(nsp = "/", extra = {}) {
    const socket = io(SIO_URL + nsp, this.options(extra));
    this.sockets.push(socket);
    return socket;
  }

  // A Manager whose sockets share one Engine.IO connection.
  manager(extra = {}) {
    const manager = new Manager(SIO_URL, this.options(extra));
    this.managers.push(manager);
    return manager;
  }

  track(socket) {
    this.sockets.push(socket);
    return socket;
  }

  async connect(nsp = "/", extra = {}) {
    const socket = this.socket(nsp, extra);
    await connected(socket, `${nsp} [${this.mode.name}]`);
    return socket;
  }

  // Checks that the engine of every still-open connection uses the transport of the mode
  // (in upgrade mode: that the upgrade to WebSocket happened).
  async checkTransports() {
    const managers = new Set([...this.managers, ...this.sockets.map((s) => s.io)]);
    for (const manager of managers) {
      const engine = manager.engine;
      if (!engine || engine.readyState !== "open") continue;
      if (this.mode.upgrade) {
        await waitFor(
          () => engine.transport?.name === "websocket",
          `engine did not upgrade from polling to websocket (transport is "${engine.transport?.name}")`,
        );
      } else {
        assert.equal(engine.transport?.name, this.mode.transport, "engine transport");
      }
    }
  }

  close() {
    for (const socket of this.sockets) socket.disconnect();
    for (const manager of this.managers) manager._close();
    for (const socket of this.sockets) socket.io._close();
  }
}

function connected(socket, what) {
  if (socket.connected) return Promise.resolve();
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", (err) =>
        reject(new Error(`connect_error while connecting ${what}: ${err.message}` +
          (err.data ? ` data=${JSON.stringify(err.data)}` : ""))));
    }),
    WAIT_MS,
    `connecting ${what}`,
  );
}

function connectError(socket, what) {
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("connect", () => reject(new Error(`${what}: connected although it should be refused`)));
      socket.once("connect_error", resolve);
    }),
    WAIT_MS,
    `waiting for connect_error (${what})`,
  );
}

// Emits and waits for the acknowledgement, failing with a clear message on timeout.
async function ack(socket, event, ...args) {
  try {
    return await socket.timeout(WAIT_MS).emitWithAck(event, ...args);
  } catch (err) {
    throw new Error(`no ack for "${event}" within ${WAIT_MS} ms (${err.message})`);
  }
}

// Emits with a plain callback and resolves with all the ack arguments.
function ackAll(socket, event, ...args) {
  return withTimeout(
    new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer))),
    WAIT_MS,
    `ack for "${event}"`,
  );
}

async function join(socket, room) {
  assert.deepEqual(await ack(socket, "join", room), { ok: true }, `join ${room} ack`);
}

// Resolves with the args of the next `echo-back` whose first argument satisfies `match`.
function echoBack(socket, match, what, ms = WAIT_MS) {
  return withTimeout(
    new Promise((resolve) => {
      const listener = (...args) => {
        if (!match(args[0])) return;
        socket.off("echo-back", listener);
        resolve(args);
      };
      socket.on("echo-back", listener);
    }),
    ms,
    `waiting for "echo-back" (${what})`,
  );
}

// Round-trips an echo (its ack and its echo-back) on every socket: whatever the server sent
// to these sockets before handling it has arrived when this resolves.
async function flush(...sockets) {
  await Promise.all(
    sockets.map((s) => {
      const marker = unique("flush");
      const back = echoBack(s, (first) => first === marker, "flush marker");
      return Promise.all([ack(s, "echo", marker), back]);
    }),
  );
}

const TEXT_ARGS = [
  0,
  42,
  -7,
  1.5,
  -0.25,
  0.1,
  3.141592653589793,
  1e-7,
  123456789012,
  Number.MAX_SAFE_INTEGER,
  "",
  "plain ascii",
  "héllo wörld — ünïcödé 日本語 中文 😀🎉",
  "\"double\" and 'single' quotes, back\\slash, / slash",
  "control\n\t\r\u0001 and \u2028\u2029 separators",
  null,
  true,
  false,
  [],
  {},
  [1, "two", [3, [4, null]], { five: 5 }],
  {
    nested: { deeper: { deepest: [true, false, null], n: -1.25 } },
    "key with spaces": "value",
    "ключ": "значение",
    list: [{ a: 1 }, { b: [2, 3] }],
  },
];

// Every behaviour below runs once per transport mode.
const behaviours = [
  [
    "connects to the main namespace",
    async (ctx) => {
      const socket = ctx.socket("/");
      const opens = collect(socket.io, "open");
      let upgradedTo = null;
      socket.io.once("open", () => socket.io.engine.once("upgrade", (t) => (upgradedTo = t.name)));
      await connected(socket, "/");
      assert.equal(socket.connected, true, "socket.connected");
      assert.equal(typeof socket.id, "string", "socket.id type");
      assert.ok(socket.id.length > 0, "socket.id is empty");
      assert.equal(opens.length, 1, "exactly one engine open");
      if (ctx.mode.upgrade) {
        await waitFor(() => upgradedTo !== null, "engine emitted no 'upgrade' event");
        assert.equal(upgradedTo, "websocket");
        assert.equal(socket.io.engine.transport.name, "websocket");
      } else {
        await sleep(300); // an unwanted upgrade would show up here
        assert.equal(socket.io.engine.transport.name, ctx.mode.transport);
        assert.equal(upgradedTo, null, "engine upgraded although upgrades were not allowed");
      }
      // still usable afterwards
      assert.deepEqual(await ack(socket, "echo", "after-connect"), "after-connect");
    },
  ],
  [
    "echoes text events with mixed argument types",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const back = nextEvent(socket, "echo-back", "text args");
      const answer = await ackAll(socket, "echo", ...TEXT_ARGS);
      assert.deepStrictEqual(answer, TEXT_ARGS, "ack arguments differ from what was sent");
      assert.deepStrictEqual(await back, TEXT_ARGS, "echo-back arguments differ from what was sent");
      // without an ack callback: echo-back only
      const back2 = nextEvent(socket, "echo-back", "single string, no ack");
      socket.emit("echo", "no ack here");
      assert.deepStrictEqual(await back2, ["no ack here"]);
      // no arguments at all
      const back3 = nextEvent(socket, "echo-back", "no args");
      socket.emit("echo");
      assert.deepStrictEqual(await back3, []);
    },
  ],
  [
    "echoes binary arguments both ways",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const big = randomBytes(100_000);
      const args = [
        Buffer.from([1, 2, 3]),
        "text between",
        allBytes,
        { file: Buffer.from("nested"), meta: { parts: [Buffer.from([0]), 7, Buffer.from([255, 254])] } },
        [Buffer.from("in array"), null, { deep: [big] }],
      ];
      const back = nextEvent(socket, "echo-back", "binary args");
      const answer = await ackAll(socket, "echo", ...args);
      assert.deepStrictEqual(normaliseBinary(answer), args, "binary ack arguments differ");
      assert.deepStrictEqual(normaliseBinary(await back), args, "binary echo-back arguments differ");
      assert.ok(Buffer.isBuffer(asBuffer((await back)[0], "echo-back arg 0")));
      // a lone buffer, several times in a row
      for (let i = 0; i < 3; i++) {
        const one = randomBytes(1 + i * 1000);
        const b = nextEvent(socket, "echo-back", `lone buffer #${i}`);
        socket.emit("echo", one);
        const got = await b;
        assert.equal(got.length, 1);
        assert.deepStrictEqual(asBuffer(got[0], "lone buffer"), one);
      }
    },
  ],
  [
    "client-to-server acknowledgements",
    async (ctx) => {
      const socket = await ctx.connect("/");
      assert.equal(await ack(socket, "echo", "single"), "single", "emitWithAck result");
      assert.deepStrictEqual(await ack(socket, "echo", { a: [1, 2] }), { a: [1, 2] });
      assert.deepStrictEqual(await ackAll(socket, "echo", 1, "two", [3]), [1, "two", [3]], "callback ack args");
      // several acks outstanding at once, each resolved with its own answer
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ack(socket, "echo", i)));
      assert.deepStrictEqual(answers, Array.from({ length: 20 }, (_, i) => i));
    },
  ],
  [
    "server-to-client acknowledgements (request-ack)",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const requests = [];
      socket.on("server-request", (payload, cb) => {
        requests.push(payload);
        assert.equal(typeof cb, "function", "server-request came without an ack id");
        cb("answer", 2, { three: [3] }, null);
      });
      const reply = await ack(socket, "request-ack", { q: "question?", n: 1.5 });
      assert.deepStrictEqual(requests, [{ q: "question?", n: 1.5 }], "server-request payload");
      assert.deepStrictEqual(reply, { ok: true, answer: ["answer", 2, { three: [3] }, null] });
    },
  ],
  [
    "server-to-client acknowledgements with binary",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const payload = { blob: Buffer.from([9, 8, 7]), label: "bin" };
      const reply = Buffer.from("client answer bytes");
      let received;
      socket.on("server-request", (p, cb) => {
        received = p;
        cb(reply, "and text");
      });
      const result = await ack(socket, "request-ack", payload);
      assert.deepStrictEqual(normaliseBinary(received), payload, "binary server-request payload");
      assert.deepStrictEqual(normaliseBinary(result), { ok: true, answer: [reply, "and text"] });
    },
  ],
  [
    "server-to-client ack times out when the client never answers",
    async (ctx) => {
      const socket = await ctx.connect("/");
      let asked = false;
      socket.on("server-request", () => {
        asked = true; // deliberately no ack
      });
      const reply = await withTimeout(
        socket.emitWithAck("request-ack", "ignored"),
        WAIT_MS + 1000,
        "request-ack reply after the 2 s server-side ack timeout",
      );
      assert.equal(asked, true, "server-request never arrived");
      assert.deepStrictEqual(reply, { ok: false });
    },
  ],
  [
    "custom namespace /custom with auth payload",
    async (ctx) => {
      const auth = { token: "abc", user: { name: "zoë", id: 7 }, list: [1, 2.5, null], flag: true };
      const socket = ctx.socket("/custom", { auth });
      const authEvent = nextEvent(socket, "auth", "/custom auth event");
      await connected(socket, "/custom");
      assert.deepStrictEqual(await authEvent, [auth], "auth echoed by /custom");
      assert.equal(await ack(socket, "echo", "on custom"), "on custom");
      // empty auth is an empty object
      const bare = ctx.socket("/custom");
      const bareAuth = nextEvent(bare, "auth", "/custom auth event without auth");
      await connected(bare, "/custom without auth");
      assert.deepStrictEqual(await bareAuth, [{}]);
    },
  ],
  [
    "pattern namespace /room/abc123 accepted with the right token",
    async (ctx) => {
      const socket = ctx.socket("/room/abc123", { auth: { token: "secret" } });
      const hello = nextEvent(socket, "hello", "/room/abc123 hello");
      await connected(socket, "/room/abc123");
      assert.deepStrictEqual(await hello, [{ room_id: "abc123", nsp: "/room/abc123" }]);
      assert.deepStrictEqual(await ackAll(socket, "echo", "in room nsp", 1), ["in room nsp", 1]);
    },
  ],
  [
    "pattern namespace refused without the right token",
    async (ctx) => {
      for (const [label, opts] of [
        ["wrong token", { auth: { token: "wrong" } }],
        ["no auth", {}],
      ]) {
        const socket = ctx.socket("/room/abc123", opts);
        const hellos = collect(socket, "hello");
        const err = await connectError(socket, `/room/abc123 with ${label}`);
        assert.equal(err.message, "unauthorized", `connect_error message (${label})`);
        assert.deepStrictEqual(err.data, { code: "UNAUTHORIZED" }, `connect_error data (${label})`);
        assert.equal(socket.connected, false);
        assert.equal(hellos.length, 0, "hello received although refused");
      }
    },
  ],
  [
    "unknown namespace refused",
    async (ctx) => {
      const socket = ctx.socket("/does-not-exist");
      const err = await connectError(socket, "/does-not-exist");
      assert.equal(err.message, "Invalid namespace");
      assert.equal(socket.connected, false);
    },
  ],
  [
    "async middleware on /slow",
    async (ctx) => {
      const started = Date.now();
      const socket = ctx.socket("/slow");
      const hello = nextEvent(socket, "hello", "/slow hello");
      await connected(socket, "/slow");
      const elapsed = Date.now() - started;
      assert.deepStrictEqual(await hello, [{ nsp: "/slow" }]);
      assert.ok(elapsed >= 40, `connected after ${elapsed} ms, before the ~50 ms middleware delay`);
    },
  ],
  [
    "multiplexes several namespaces on one Manager",
    async (ctx) => {
      const manager = ctx.manager();
      const opens = collect(manager, "open");
      const main = ctx.track(manager.socket("/"));
      const custom = ctx.track(manager.socket("/custom", { auth: { who: "mux" } }));
      const room = ctx.track(manager.socket("/room/x", { auth: { token: "secret" } }));
      const customAuth = nextEvent(custom, "auth", "/custom auth on shared manager");
      const roomHello = nextEvent(room, "hello", "/room/x hello on shared manager");
      await Promise.all([connected(main, "/ (mux)"), connected(custom, "/custom (mux)"), connected(room, "/room/x (mux)")]);
      assert.deepStrictEqual(await customAuth, [{ who: "mux" }]);
      assert.deepStrictEqual(await roomHello, [{ room_id: "x", nsp: "/room/x" }]);
      assert.equal(opens.length, 1, "the Manager opened more than one engine connection");
      assert.ok(main.io.engine === custom.io.engine && custom.io.engine === room.io.engine);
      assert.equal(new Set([main.id, custom.id, room.id]).size, 3, "namespace socket ids must differ");

      // each namespace only sees its own echo-back
      const backs = [main, custom, room].map((s) => collect(s, "echo-back"));
      const answers = await Promise.all([
        ack(main, "echo", "main"),
        ack(custom, "echo", "custom"),
        ack(room, "echo", "room"),
      ]);
      assert.deepStrictEqual(answers, ["main", "custom", "room"]);
      await flush(main, custom, room);
      assert.deepStrictEqual(
        backs.map((b) => b.map((args) => String(args[0]).replace(/^flush-.*/, "flush"))),
        [
          ["main", "flush"],
          ["custom", "flush"],
          ["room", "flush"],
        ],
      );

      // a refused namespace on the same connection leaves the others alone
      const refused = ctx.track(manager.socket("/room/y", { auth: { token: "nope" } }));
      const err = await connectError(refused, "/room/y with a bad token on the shared manager");
      assert.equal(err.message, "unauthorized");
      assert.equal(await ack(main, "echo", "still here"), "still here");
      assert.equal(await ack(room, "echo", "room still here"), "room still here");
      assert.equal(opens.length, 1);
    },
  ],
  [
    "room broadcast reaches exactly the room members, once each",
    async (ctx) => {
      const r1 = unique("r1");
      const r2 = unique("r2");
      const clients = await Promise.all([0, 1, 2, 3].map(() => ctx.connect("/")));
      await Promise.all(clients.slice(0, 3).map((c) => join(c, r1)));
      await join(clients[3], r2);
      const event = unique("news");
      const seen = clients.map((c) => collect(c, event));

      clients[0].emit("broadcast", { room: r1, event, data: { n: 1, s: "to r1" } });
      await waitFor(() => seen.slice(0, 3).every((s) => s.length >= 1), "broadcast to r1 did not reach all three members");
      await flush(...clients);
      await sleep(100);
      assert.deepStrictEqual(seen.map((s) => s.length), [1, 1, 1, 0], "deliveries per client (r1 members: 0,1,2)");
      for (const s of seen.slice(0, 3)) assert.deepStrictEqual(s[0], [{ n: 1, s: "to r1" }]);

      // a broadcast to r2 from a non-member reaches only the r2 member, binary data included
      const blob = Buffer.from([1, 2, 3, 4]);
      clients[1].emit("broadcast", { room: r2, event, data: { n: 2, blob } });
      await waitFor(() => seen[3].length >= 1, "broadcast to r2 did not reach its member");
      await flush(...clients);
      await sleep(100);
      assert.deepStrictEqual(seen.map((s) => s.length), [1, 1, 1, 1], "deliveries per client after r2 broadcast");
      assert.deepStrictEqual(normaliseBinary(seen[3][0]), [{ n: 2, blob }]);
    },
  ],
  [
    "broadcast-except skips the excepted room",
    async (ctx) => {
      const room = unique("room");
      const skip = unique("skip");
      const clients = await Promise.all([0, 1, 2].map(() => ctx.connect("/")));
      await Promise.all(clients.map((c) => join(c, room)));
      await join(clients[2], skip);
      const event = unique("ev");
      const seen = clients.map((c) => collect(c, event));

      clients[0].emit("broadcast-except", { room, except: skip, event, data: "hi" });
      await waitFor(() => seen[0].length >= 1 && seen[1].length >= 1, "broadcast-except did not reach the non-excepted members");
      await flush(...clients);
      await sleep(100);
      assert.deepStrictEqual(seen.map((s) => s.length), [1, 1, 0], "deliveries with except=<named room>");
      assert.deepStrictEqual(seen[0][0], ["hi"]);

      // excepting a socket through its own id room
      clients[0].emit("broadcast-except", { room, except: clients[1].id, event, data: "second" });
      await waitFor(() => seen[0].length >= 2 && seen[2].length >= 1, "broadcast-except (id room) did not reach the others");
      await flush(...clients);
      await sleep(100);
      assert.deepStrictEqual(seen.map((s) => s.length), [2, 1, 1], "deliveries with except=<socket id>");
      assert.deepStrictEqual(seen[2][0], ["second"]);
    },
  ],
  [
    "broadcast-others reaches the room but not the sender",
    async (ctx) => {
      const room = unique("others");
      const clients = await Promise.all([0, 1, 2].map(() => ctx.connect("/")));
      await Promise.all(clients.map((c) => join(c, room)));
      const event = unique("ev");
      const seen = clients.map((c) => collect(c, event));
      const data = { text: "from sender", blob: Buffer.from("bytes") };
      clients[0].emit("broadcast-others", { room, event, data });
      await waitFor(() => seen[1].length >= 1 && seen[2].length >= 1, "broadcast-others did not reach the other members");
      await flush(...clients);
      await sleep(100);
      assert.deepStrictEqual(seen.map((s) => s.length), [0, 1, 1], "deliveries (sender is client 0)");
      assert.deepStrictEqual(normaliseBinary(seen[1][0]), [data]);
    },
  ],
  [
    "rooms reports joined rooms",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const sorted = (a) => [...a].sort();
      assert.deepStrictEqual(await ack(socket, "rooms"), [socket.id], "initial rooms: only the id room");
      const a = unique("a");
      const b = unique("b");
      await join(socket, a);
      await join(socket, b);
      await join(socket, b); // joining twice changes nothing
      assert.deepStrictEqual(sorted(await ack(socket, "rooms")), sorted([socket.id, a, b]));
      assert.deepStrictEqual(await ack(socket, "leave", a), { ok: true });
      assert.deepStrictEqual(sorted(await ack(socket, "rooms")), sorted([socket.id, b]));
      assert.deepStrictEqual(await ack(socket, "leave", "never-joined"), { ok: true });
      assert.deepStrictEqual(sorted(await ack(socket, "rooms")), sorted([socket.id, b]));
    },
  ],
  [
    "server-side disconnect (disconnect-me)",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const connects = collect(socket, "connect");
      const reason = nextEvent(socket, "disconnect", "after disconnect-me");
      socket.emit("disconnect-me");
      assert.equal((await reason)[0], "io server disconnect", "disconnect reason");
      await sleep(700); // reconnectionDelay is 100 ms: a reconnection would have happened by now
      assert.equal(connects.length, 0, "client reconnected after a server-side disconnect");
      assert.equal(socket.connected, false);
      assert.equal(socket.active, false, "socket should not try to reconnect");
    },
  ],
  [
    "reconnects by itself after the transport is closed",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const firstId = socket.id;
      const reason = nextEvent(socket, "disconnect", "after close-transport");
      const reconnected = nextEvent(socket, "connect", "reconnection after close-transport", WAIT_MS + 2000);
      socket.emit("close-transport");
      assert.equal((await reason)[0], "transport close", "disconnect reason");
      await reconnected;
      assert.equal(socket.connected, true);
      assert.equal(typeof socket.id, "string");
      assert.notEqual(socket.id, firstId, "the new session should get a new socket id");
      assert.equal(await ack(socket, "echo", "after reconnect"), "after reconnect");
    },
  ],
  [
    "client-side disconnect then manual reconnect",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const reason = nextEvent(socket, "disconnect", "after socket.disconnect()");
      socket.disconnect();
      assert.equal((await reason)[0], "io client disconnect");
      assert.equal(socket.connected, false);
      await sleep(100);
      socket.connect();
      await connected(socket, "/ (manual reconnect)");
      const back = echoBack(socket, (first) => first === "again", "echo-back after manual reconnect");
      assert.equal(await ack(socket, "echo", "again"), "again");
      await back;
      const binBack = echoBack(socket, (first) => typeof first !== "string", "binary echo-back after manual reconnect");
      socket.emit("echo", Buffer.from([5, 6]));
      assert.deepStrictEqual(asBuffer((await binBack)[0], "echo-back"), Buffer.from([5, 6]));
    },
  ],
  [
    "500 messages arrive in order",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const COUNT = 500;
      const got = collect(socket, "echo-back");
      for (let i = 0; i < COUNT; i++) socket.emit("echo", i, `msg-${i}`);
      await waitFor(() => got.length >= COUNT, `only ${got.length}/${COUNT} echo-backs arrived`, 10000);
      const firstBad = got.findIndex((args, i) => args[0] !== i || args[1] !== `msg-${i}`);
      assert.equal(firstBad, -1, `out of order or wrong at index ${firstBad}: ${JSON.stringify(got[firstBad])}`);
      await flush(socket);
      assert.equal(got.length, COUNT + 1, "extra echo-backs arrived");
    },
  ],
  [
    "large payload (~500 KB) is accepted",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const big = "0123456789abcdef".repeat(31_250) + "é😀"; // 500,000 ASCII chars + a little unicode
      const back = nextEvent(socket, "echo-back", "large echo-back", 10000);
      const answer = await withTimeout(socket.emitWithAck("echo", big), 10000, "ack of a ~500 KB string");
      assert.equal(typeof answer, "string");
      assert.equal(answer.length, big.length, "ack string length");
      assert.ok(answer === big, "ack string content differs");
      assert.ok((await back)[0] === big, "echo-back string content differs");
      const blob = randomBytes(500_000);
      const binBack = nextEvent(socket, "echo-back", "large binary echo-back", 10000);
      socket.emit("echo", blob);
      assert.deepStrictEqual(asBuffer((await binBack)[0], "large binary"), blob);
    },
  ],
  [
    "stays connected across heartbeats",
    async (ctx) => {
      const socket = await ctx.connect("/");
      const pings = collect(socket.io, "ping");
      const disconnects = collect(socket, "disconnect");
      // pingInterval 2000 ms, pingTimeout 1000 ms: two pings prove the server got our pong
      await waitFor(() => pings.length >= 2, `server sent ${pings.length} pings in 5.5 s (pingInterval is 2 s)`, 5500);
      assert.deepStrictEqual(disconnects, [], "disconnected while idle");
      assert.equal(socket.connected, true);
      assert.equal(await ack(socket, "echo", "alive"), "alive");
    },
  ],
];

for (const mode of MODES) {
  describe(`[${mode.name}]`, () => {
    for (const [name, body] of behaviours) {
      test(`${name} [${mode.name}]`, { timeout: TEST_TIMEOUT_MS }, async () => {
        const ctx = new Ctx(mode);
        try {
          await body(ctx);
          await ctx.checkTransports();
        } finally {
          ctx.close();
        }
      });
    }
  });
}
