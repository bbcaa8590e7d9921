// Shared machinery for the Carrel end-to-end tests: starts a real `build/carrel` process on a
// free port with a throw-away data directory, talks to it over HTTP (global fetch; node:https
// for a server started with TLS) and over Socket.IO (the official socket.io-client), and prints
// the server's log when a test fails.
//
// The binary is $CARREL_BIN (default: build/carrel at the repository root).
// When $CARREL_TEST_POSTGRES_URL is set, the servers use that PostgreSQL database instead of
// SQLite; its `public` schema is dropped and re-created (with psql) before every server start,
// so run one test file at a time in that mode.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { randomBytes, randomUUID, createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import dgram from "node:dgram";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io } from "socket.io-client";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CARREL_BIN = path.resolve(ROOT, process.env.CARREL_BIN ?? "build/carrel");
export const POSTGRES_URL = process.env.CARREL_TEST_POSTGRES_URL || "";

export const ADMIN_EMAIL = "admin@carrel.test";
export const ADMIN_PASSWORD = "adminpass123";
export const PASSWORD = "password123";

/** Default wait for one expected event or answer. Generous for a loaded 2-core machine. */
export const WAIT_MS = 3000;
/** Default upper bound for a whole test. */
export const TEST_TIMEOUT_MS = 30000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
/** A string unique across this process and across concurrently running test processes. */
export function unique(prefix = "x") {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${randomBytes(3).toString("hex")}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const JOIN_CODE_RE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;

// ---------------------------------------------------------------------------------------------
// server processes
// ---------------------------------------------------------------------------------------------

const running = new Set(); // servers started by this process and not yet stopped
let current = null; // the server api()/signup()/... talk to unless told otherwise

function shuffled(from, to) {
  const list = [];
  for (let p = from; p <= to; p += 1) list.push(p);
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function tcpPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function udpPortFree(port) {
  return new Promise((resolve) => {
    const probe = dgram.createSocket("udp4");
    probe.once("error", () => {
      probe.close();
      resolve(false);
    });
    probe.bind(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function resetPostgres() {
  try {
    execFileSync("psql", [POSTGRES_URL, "-v", "ON_ERROR_STOP=1", "-q", "-c",
      "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"], { stdio: "pipe" });
  } catch (err) {
    throw new Error(`could not reset the PostgreSQL database at CARREL_TEST_POSTGRES_URL: ${err.stderr || err.message}`);
  }
}

class CarrelServer {
  constructor() {
    this.chunks = [];
    this.logSize = 0;
    this.proc = null;
    this.exit = null; // {code, signal} once the process is gone
    this.adminTokenValue = null;
  }

  /** Everything the process wrote to stdout and stderr so far (from byte offset `from`). */
  log(from = 0) {
    return Buffer.concat(this.chunks).subarray(from).toString("utf8");
  }

  get url() {
    return this.tls ? `https://localhost:${this.port}` : `http://127.0.0.1:${this.port}`;
  }

  async start(options = {}) {
    this.options = options;
    this.tls = options.tls ?? null;
    const { rates = {}, args = [] } = options;
    if (!POSTGRES_URL) {
      this.dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "carrel-it-data-"));
    }
    this.webRoot = mkdtempSync(path.join(os.tmpdir(), "carrel-it-web-"));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CARREL_")));
    let lastProblem = "no free port";
    let attempts = 0;
    for (const port of shuffled(3200, 3299)) {
      if (attempts >= 5) break;
      if (!(await tcpPortFree(port))) continue;
      let rtcPort = 0;
      for (const candidate of shuffled(41000, 48999).slice(0, 50)) {
        if (await udpPortFree(candidate)) {
          rtcPort = candidate;
          break;
        }
      }
      attempts += 1;
      if (POSTGRES_URL) {
        if (!options.keepDatabase) resetPostgres();
        this.dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "carrel-it-data-"));
      }
      const argv = [
        "--host", "127.0.0.1",
        "--port", String(port),
        "--data-dir", this.dataDir,
        "--web-root", this.webRoot,
        "--log-format", "json",
        "--rate-api", rates.api ?? "100000/min",
        "--rate-chat", rates.chat ?? "100000/hour",
        "--rate-join", rates.join ?? "100000/min",
        "--bootstrap-admin", `${ADMIN_EMAIL}:${ADMIN_PASSWORD}`,
        "--rtc-listen-ip", "127.0.0.1",
        "--rtc-announced-ip", "127.0.0.1",
        "--rtc-port", String(rtcPort || 40000),
        ...(POSTGRES_URL ? ["--database-url", POSTGRES_URL] : []),
        ...(this.tls ? ["--tls-cert", this.tls.certFile, "--tls-key", this.tls.keyFile] : []),
        ...args,
      ];
      this.argv = argv;
      this.port = port;
      this.chunks = [];
      this.logSize = 0;
      this.exit = null;
      const proc = spawn(CARREL_BIN, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
      this.proc = proc;
      const keep = (chunk) => {
        this.chunks.push(chunk);
        this.logSize += chunk.length;
      };
      proc.stdout.on("data", keep);
      proc.stderr.on("data", keep);
      proc.once("error", (err) => {
        keep(Buffer.from(`\n[spawn error] ${err.message}\n`));
        this.exit = { code: null, signal: null, error: err };
      });
      proc.once("exit", (code, signal) => {
        this.exit = { code, signal };
      });
      running.add(this);
      if (await this.waitHealthy(15000)) {
        current = this;
        return this;
      }
      lastProblem = `server on port ${port} did not answer /healthz (${this.exit ? `exited: ${JSON.stringify(this.exit)}` : "still running"}); output:\n${this.log().slice(-4000)}`;
      await this.kill();
      if (this.exit?.error) break; // the binary cannot be started at all
    }
    await this.cleanupDirs();
    throw new Error(`could not start ${CARREL_BIN}: ${lastProblem}`);
  }

  async waitHealthy(ms) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.exit) return false;
      try {
        if ((await this.get("/healthz", 1000)).status === 200) return true;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    return false;
  }

  /** Whether the process still answers HTTP at all (any status). */
  async answers(ms) {
    try {
      await this.get("/healthz", ms);
      return true;
    } catch {
      return false;
    }
  }

  /** A GET; resolves with {status, text}. */
  async get(urlPath, timeoutMs) {
    if (this.tls) {
      const res = await tlsRequest(this, "GET", urlPath, {}, undefined, timeoutMs);
      return { status: res.status, text: res.text };
    }
    const res = await fetch(`${this.url}${urlPath}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text() };
  }

  async kill() {
    const proc = this.proc;
    if (proc && !this.exit) {
      const gone = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      const timer = sleep(5000).then(() => "timeout");
      if ((await Promise.race([gone, timer])) === "timeout" && !this.exit) {
        proc.kill("SIGKILL");
        await gone;
      }
    }
    running.delete(this);
    if (current === this) current = null;
  }

  async cleanupDirs() {
    for (const dir of [this.dataDir, this.webRoot]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }

  /** SIGTERM, then SIGKILL after 5 s; removes the temporary directories. */
  async stop() {
    closeAllSockets();
    await this.kill();
    await this.cleanupDirs();
  }

  /** After a crash: a new process with the same options, a fresh data directory and port. */
  async restart() {
    const wasCurrent = current === this || current === null;
    await this.kill();
    await this.cleanupDirs();
    this.dataDir = undefined;
    this.adminTokenValue = null;
    this.crashes = (this.crashes ?? 0) + 1;
    await this.start(this.options);
    if (!wasCurrent) current = null;
  }

  /**
   * Kills the process with SIGKILL, as a power cut would, and starts it again (on another port)
   * with the same data directory and database.
   */
  async crashAndResume() {
    if (this.proc && !this.exit) {
      const gone = new Promise((resolve) => this.proc.once("exit", resolve));
      this.proc.kill("SIGKILL");
      await gone;
    }
    running.delete(this);
    const wasCurrent = current === this || current === null;
    this.adminTokenValue = null;
    const options = this.options;
    await this.start({ ...options, dataDir: this.dataDir, keepDatabase: true });
    this.options = options;
    if (!wasCurrent) current = null;
  }

  api(method, urlPath, body, token, options = {}) {
    return api(method, urlPath, body, token, { ...options, server: this });
  }
}

/**
 * Starts a carrel process and makes it the default target of api(), signup(), connectRoom().
 * options.rates: {api, chat, join} override the generous defaults; options.args: extra flags;
 * options.keepDatabase: on PostgreSQL, join the database as it is (a second instance of a
 * cluster) instead of resetting it. options.tls: {certFile, keyFile, ca} serves HTTPS and WSS
 * with that certificate; the helpers then trust `ca` and reach the server as localhost.
 */
export async function startServer(options = {}) {
  const server = new CarrelServer();
  await server.start(options);
  return server;
}

/** The server the helpers talk to by default (the most recently started one). */
export function currentServer() {
  if (!current) throw new Error("no carrel server is running (startServer() not called or failed)");
  return current;
}

export function useServer(server) {
  current = server;
}

process.on("exit", () => {
  for (const server of running) {
    try {
      server.proc?.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
});

// ---------------------------------------------------------------------------------------------
// tests that report the server's log when they fail
// ---------------------------------------------------------------------------------------------

const LOG_TAIL_CHARS = 12000;

/**
 * node:test `test()` with a default timeout that, when the test fails, prints what the running
 * servers logged during the test (and whether one of them died), and closes the sockets the
 * test left open.
 */
export function it(name, options, fn) {
  if (typeof options === "function") {
    fn = options;
    options = {};
  }
  return test(name, { timeout: TEST_TIMEOUT_MS, ...options }, async (t) => {
    // a server that crashed in an earlier test is started afresh, so one crash fails one test
    for (const server of [...running]) {
      if (!server.exit && !(await server.answers(1000))) {
        await sleep(200); // let the exit event arrive
        if (!server.exit) server.exit = { code: null, signal: null, unresponsive: true };
      }
      if (server.exit) {
        process.stderr.write(`\n[carrel on port ${server.port} had exited ${JSON.stringify(server.exit)}; starting a fresh one for "${name}"]\n`);
        await server.restart();
      }
    }
    const marks = new Map([...running].map((s) => [s, s.logSize]));
    try {
      return await fn(t);
    } catch (err) {
      const died = [...running].filter((s) => s.exit);
      if (died.length > 0 && err && typeof err === "object") {
        try {
          err.message = `${err.message}\n[carrel exited during this test: ${died.map((s) => JSON.stringify(s.exit)).join(", ")}]`;
        } catch {
          // read-only message
        }
      }
      for (const server of running) {
        const from = marks.get(server) ?? 0;
        let text = server.log(from);
        if (text.length > LOG_TAIL_CHARS) text = `...${text.slice(-LOG_TAIL_CHARS)}`;
        const state = server.exit ? `EXITED ${JSON.stringify(server.exit)}` : "running";
        process.stderr.write(
          `\n----- carrel on port ${server.port} (${state}), output during "${name}" -----\n${text}\n----- end of carrel output -----\n`,
        );
      }
      throw err;
    } finally {
      closeAllSockets();
    }
  });
}

/**
 * Checks that keep going after a failure, so one test reports every broken case at once:
 * `const soft = softly(); await soft.check("what", async () => {...}); soft.done();`
 */
export function softly() {
  const problems = [];
  return {
    async check(what, fn) {
      try {
        await fn();
      } catch (err) {
        problems.push(`${what}: ${String(err?.message ?? err).split("\n")[0]}`);
      }
    },
    done() {
      if (problems.length > 0) {
        assert.fail(`${problems.length} failing case(s):\n  - ${problems.join("\n  - ")}`);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

/**
 * One HTTP request with global fetch. `body`: an object (sent as JSON), a string or Buffer (sent
 * as is with Content-Type application/json unless options.headers says otherwise) or undefined.
 * `token`: a JWT for `Authorization: Bearer`, or undefined. options: {server, headers}.
 * Returns {status, headers (plain object, lower-case names), body (parsed JSON or text), text}.
 */
export async function api(method, urlPath, body, token, options = {}) {
  const server = options.server ?? currentServer();
  const headers = { ...(options.headers ?? {}) };
  let payload;
  if (body !== undefined && body !== null) {
    if (typeof body === "string" || Buffer.isBuffer(body)) payload = body;
    else payload = JSON.stringify(body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/json";
    }
  }
  if (token !== undefined && token !== null) headers.Authorization = `Bearer ${token}`;
  if (server.tls) return tlsRequest(server, method, urlPath, headers, payload, options.timeoutMs);
  let res;
  try {
    res = await fetch(`${server.url}${urlPath}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10000),
    });
  } catch (err) {
    const cause = err?.cause ? ` (${err.cause.code ?? ""} ${err.cause.message ?? err.cause})` : "";
    throw new Error(`${method} ${urlPath}: ${err.message}${cause}${server.exit ? `; carrel exited ${JSON.stringify(server.exit)}` : ""}`);
  }
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers), body: parseBody(res.headers.get("content-type"), text), text };
}

function parseBody(contentType, text) {
  if (!(contentType ?? "").includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** api() for a server started with options.tls: node:https trusting the test's own CA. */
function tlsRequest(server, method, urlPath, headers, payload, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.url}${urlPath}`,
      { method, headers, ca: server.tls.ca, agent: false, timeout: timeoutMs },
      (res) => {
        const parts = [];
        res.on("data", (c) => parts.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(parts).toString("utf8");
          const body = parseBody(res.headers["content-type"], text);
          resolve({ status: res.statusCode, headers: res.headers, body, text });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * A request with node:http, for bodies the server may refuse before reading them (the answer
 * is taken even when the server closes the connection while the body is still being sent).
 */
export function rawRequest(method, urlPath, body, headers = {}, server = currentServer()) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { host: "127.0.0.1", port: server.port, method, path: urlPath, headers, agent: false },
      (res) => {
        answered = true;
        const parts = [];
        res.on("data", (c) => parts.push(c));
        res.on("error", () => {});
        const done = () => {
          const text = Buffer.concat(parts).toString("utf8");
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
        };
        res.on("end", done);
        res.on("close", done);
      },
    );
    req.setTimeout(10000, () => req.destroy(new Error("timeout")));
    req.on("error", (err) => {
      // a write error after the answer arrived is expected when the server stops reading
      if (!answered) setTimeout(() => answered || reject(err), 500);
    });
    req.end(body);
  });
}

/** Asserts the contract's error envelope {success:false, error:{code, message, timestamp}}. */
export function assertError(res, status, code, what = "") {
  const ctx = `${what ? `${what}: ` : ""}got ${res.status} ${typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body)?.slice(0, 500)}`;
  assert.equal(res.status, status, `expected HTTP ${status} ${code}; ${ctx}`);
  assert.match(String(res.headers["content-type"] ?? ""), /application\/json/, `error content type; ${ctx}`);
  assert.ok(res.body && typeof res.body === "object", `error body is JSON; ${ctx}`);
  assert.equal(res.body.success, false, `success:false; ${ctx}`);
  assert.ok(res.body.error && typeof res.body.error === "object", `error object; ${ctx}`);
  assert.equal(res.body.error.code, code, `error.code; ${ctx}`);
  assert.equal(typeof res.body.error.message, "string", `error.message is a string; ${ctx}`);
  assert.ok(res.body.error.message.length > 0, `error.message not empty; ${ctx}`);
  assert.equal(typeof res.body.error.timestamp, "string", `error.timestamp is a string; ${ctx}`);
  assert.ok(!Number.isNaN(Date.parse(res.body.error.timestamp)), `error.timestamp is ISO 8601; ${ctx}`);
  return res.body.error;
}

/** Asserts an HTTP status, with the body in the message. */
export function assertStatus(res, status, what = "") {
  assert.equal(
    res.status,
    status,
    `${what ? `${what}: ` : ""}expected HTTP ${status}, got ${res.status} ${typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body)?.slice(0, 800)}`,
  );
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// users and rooms
// ---------------------------------------------------------------------------------------------

/** Signs up a new user with a unique email. Returns {id, name, email, password, token, user}. */
export async function signup(name = "user", options = {}) {
  const displayName = `${name} ${randomBytes(2).toString("hex")}`;
  const email = `${unique(name.toLowerCase().replace(/[^a-z0-9]+/g, "-") || "u")}@carrel.test`;
  const res = await api("POST", "/api/auth/signup", { name: displayName, email, password: PASSWORD }, undefined, options);
  assertStatus(res, 201, `signup ${email}`);
  assert.equal(typeof res.body.token, "string", "signup answers a token");
  return { id: res.body.user.id, name: displayName, email, password: PASSWORD, token: res.body.token, user: res.body.user };
}

/** Signs up `n` users concurrently. */
export function signupMany(n, name = "user", options = {}) {
  return Promise.all(Array.from({ length: n }, (_, i) => signup(`${name}${i}`, options)));
}

/** The bootstrap admin's token (logged in once per server). */
export async function adminToken(server = currentServer()) {
  if (!server.adminTokenValue) {
    const res = await api("POST", "/api/auth/login", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, undefined, { server });
    assertStatus(res, 200, "admin login");
    server.adminTokenValue = res.body.token;
  }
  return server.adminTokenValue;
}

/** The room object of a POST /api/rooms answer, whether wrapped in {room} or not. */
export function roomOf(body) {
  return body && typeof body === "object" && body.room && typeof body.room === "object" ? body.room : body;
}

/** Creates a room (unique name unless given). Returns the room object. */
export async function createRoom(token, fields = {}, options = {}) {
  const res = await api("POST", "/api/rooms", { name: unique("Room"), ...fields }, token, options);
  assertStatus(res, 201, "create room");
  const room = roomOf(res.body);
  assert.match(String(room.id), UUID_RE, "created room has a UUID id");
  return room;
}

/** REST join that must succeed. */
export async function joinRoom(token, roomId, body = {}, options = {}) {
  const res = await api("POST", `/api/rooms/${roomId}/join`, body, token, options);
  assertStatus(res, 200, `join room ${roomId}`);
  return res.body;
}

/** REST leave that must succeed. */
export async function leaveRoom(token, roomId, options = {}) {
  const res = await api("POST", `/api/rooms/${roomId}/leave`, {}, token, options);
  assertStatus(res, 200, `leave room ${roomId}`);
  return res.body;
}

/** GET /api/rooms/:id that must succeed: {room, participants}. */
export async function getRoom(roomId, options = {}) {
  const res = await api("GET", `/api/rooms/${roomId}`, undefined, undefined, options);
  assertStatus(res, 200, `get room ${roomId}`);
  return res.body;
}

/** The GET /api/rooms list. */
export async function listRooms(options = {}) {
  const res = await api("GET", "/api/rooms", undefined, undefined, options);
  assertStatus(res, 200, "list rooms");
  assert.ok(Array.isArray(res.body.rooms), "rooms is an array");
  return res.body.rooms;
}

/** The seeded room with this name ("Study Room 3"). */
export async function seededRoom(name, options = {}) {
  const room = (await listRooms(options)).find((r) => r.name === name);
  assert.ok(room, `${name} is listed`);
  return room;
}

// ---------------------------------------------------------------------------------------------
// JWTs crafted by the tests
// ---------------------------------------------------------------------------------------------

const b64url = (data) => Buffer.from(data).toString("base64url");

export function decodeJwt(token) {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
  };
}

/** A JWT with the given header and payload, HS256-signed with `secret` (or unsigned). */
export function makeJwt(header, payload, secret) {
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (secret === undefined) return `${head}.`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

// ---------------------------------------------------------------------------------------------
// Socket.IO
// ---------------------------------------------------------------------------------------------

const openSockets = new Set();

/** Closes every socket opened with connectRoom()/connectNamespace() that is still open. */
export function closeAllSockets() {
  for (const socket of openSockets) {
    try {
      socket.io.opts.reconnection = false;
      socket.io.reconnection(false);
      socket.disconnect();
      socket.io.engine?.close();
    } catch {
      // already closed
    }
  }
  openSockets.clear();
}

/**
 * Connects a socket.io-client socket to `nsp` on the server at `port`. Resolves once connected;
 * rejects on connect_error with an Error whose `data` is the refusal's data ({code, message}).
 * Every received event is recorded in `socket.received` ([{event, args, at}]).
 * `target`: a port on 127.0.0.1, or a CarrelServer (which may speak TLS).
 * opts: socket.io-client options (defaults: forceNew, no reconnection) plus `auth`.
 */
export function connectNamespace(target, nsp, opts = {}, timeoutMs = 5000) {
  const { connectTimeoutMs, ...clientOpts } = opts;
  const server = typeof target === "object" ? target : null;
  const socket = io(`${server ? server.url : `http://127.0.0.1:${target}`}${nsp}`, {
    forceNew: true,
    reconnection: false,
    timeout: 5000,
    ...(server?.tls ? { ca: server.tls.ca } : {}),
    ...clientOpts,
  });
  openSockets.add(socket);
  socket.received = [];
  socket.onAny((event, ...args) => socket.received.push({ event, args, at: Date.now() }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      socket.disconnect();
      openSockets.delete(socket);
      reject(new Error(`connecting to ${nsp} timed out after ${connectTimeoutMs ?? timeoutMs} ms`));
    }, connectTimeoutMs ?? timeoutMs);
    const onConnect = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (err) => {
      cleanup();
      socket.disconnect();
      openSockets.delete(socket);
      const error = new Error(`connect_error on ${nsp}: ${err.message} ${JSON.stringify(err.data)}`);
      error.data = err.data;
      error.cause = err;
      reject(error);
    };
    function cleanup() {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
    }
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/**
 * Connects to the namespace /room/<roomId> with auth {token} (no auth at all when token is
 * null/undefined, unless opts.auth is given).
 */
export function connectRoom(target, roomId, token, opts = {}) {
  const options = { ...opts };
  if (options.auth === undefined && token !== undefined && token !== null) options.auth = { token };
  return connectNamespace(target, `/room/${roomId}`, options);
}

/** Emits `event` with `payload` (omitted when undefined) and resolves with the ack's argument. */
export async function emitAck(socket, event, payload, timeoutMs = WAIT_MS) {
  const args = payload === undefined ? [] : [payload];
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, ...args);
  } catch (err) {
    throw new Error(`no ack for "${event}" within ${timeoutMs} ms (${err.message})`);
  }
}

/**
 * Sends `n` messages ("<prefix> 0" ... "<prefix> n-1") from socket `from` of user `sender` at
 * once, asserts every ack is ok, and resolves with the contents of the `new-message` events from
 * that user that `to` received (within 5 s after the last ack), in arrival order.
 */
export async function sendBurst(from, sender, to, n, prefix) {
  const arrived = [];
  const all = new Promise((resolve) => {
    to.on("new-message", (m) => {
      if (m.user_id !== sender.id) return;
      arrived.push(m.content);
      if (arrived.length === n) resolve();
    });
  });
  const acks = [];
  for (let i = 0; i < n; i += 1)
    acks.push(emitAck(from, "send-message", { content: `${prefix} ${i}`, type: "TEXT" }, 10000));
  const answers = await Promise.all(acks);
  assert.ok(answers.every((x) => x?.ok === true), `every ack ok: ${JSON.stringify(answers.find((x) => !x?.ok))}`);
  await Promise.race([all, sleep(5000)]);
  return arrived;
}

/**
 * Resolves with the first argument of the next `event` on `socket` for which predicate(payload,
 * ...rest) holds; rejects after timeoutMs. Only events arriving after the call count, so call it
 * before triggering what should cause the event.
 */
export function waitFor(socket, event, predicate = () => true, timeoutMs = WAIT_MS) {
  const p = new Promise((resolve, reject) => {
    const handler = (...args) => {
      let ok = false;
      try {
        ok = predicate(...args);
      } catch {
        ok = false;
      }
      if (!ok) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(args[0]);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      const seen = (socket.received ?? []).filter((r) => r.event === event).slice(-5).map((r) => JSON.stringify(r.args));
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}" (last ones seen: ${seen.join(" | ") || "none"})`));
    }, timeoutMs);
    socket.on(event, handler);
  });
  p.catch(() => {}); // the caller awaits it; never an unhandled rejection if they bail out early
  return p;
}

/**
 * Resolves after `ms` if `event` (optionally matching predicate) did not arrive on `socket`;
 * rejects as soon as it does.
 */
export function noEvent(socket, event, ms = 500, predicate = () => true) {
  const p = new Promise((resolve, reject) => {
    const handler = (...args) => {
      let match = false;
      try {
        match = predicate(...args);
      } catch {
        match = false;
      }
      if (!match) return;
      clearTimeout(timer);
      socket.off(event, handler);
      reject(new Error(`unexpected "${event}": ${JSON.stringify(args).slice(0, 500)}`));
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      resolve();
    }, ms);
    socket.on(event, handler);
  });
  p.catch(() => {});
  return p;
}

/** Resolves with the disconnect reason of `socket`. */
export function waitDisconnect(socket, timeoutMs = WAIT_MS) {
  return waitFor(socket, "disconnect", () => true, timeoutMs);
}

/**
 * Connects `user` (an object from signup()) to the room namespace and emits join-room.
 * Returns {socket, ack}.
 */
export async function enterRoom(port, roomId, user, opts = {}) {
  const socket = await connectRoom(port, roomId, user.token, opts);
  const ack = await emitAck(socket, "join-room", { user_name: user.name });
  assert.equal(ack?.ok, true, `join-room ack for ${user.name}: ${JSON.stringify(ack)}`);
  return { socket, ack };
}

export { randomUUID };
