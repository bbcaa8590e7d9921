// Shared helpers for conformance.test.mjs and hostile.test.mjs: raw Engine.IO long-polling
// requests over fetch, a frame-queue WebSocket client over `ws`, raw TCP exchanges, timeouts,
// and a thin wrapper around the official socket.io-client for "healthy client" checks. Apart
// from that wrapper nothing here speaks Socket.IO on our behalf beyond the handshake; the tests
// build and compare the wire bytes themselves.
import assert from "node:assert/strict";
import net from "node:net";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { io } from "socket.io-client";

export const BASE = (process.env.CONFORMANCE_URL || "http://127.0.0.1:3200").replace(/\/+$/, "");
export const WS_BASE = BASE.replace(/^http/, "ws");
export const TARGET = new URL(BASE);
export const HOST = TARGET.hostname;
export const PORT = Number(TARGET.port || 80);

// Configuration the server under test is expected to run with.
export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;
export const MAX_PAYLOAD = 1000000;
export const CONNECT_TIMEOUT = 1000;

export const EIO_PATH = "/engine.io/";
export const SIO_PATH = "/socket.io/";

export const RS = "\x1e"; // record separator between packets of a polling payload

export const now = () => performance.now();

// Every WebSocket / socket.io-client connection opened through these helpers, so that a failing
// test cannot leave one behind (an auto-ponging connection would keep the test process alive).
const liveConnections = new Set();

/** Closes every connection still open; call from an after() hook. */
export function closeAllConnections() {
  for (const close of liveConnections) close();
  liveConnections.clear();
}
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes bytes as strict UTF-8 (throws on malformed sequences instead of substituting). */
export function strictUtf8(bytes) {
  return utf8.decode(bytes);
}

/** Rejects with a descriptive error if `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function eioUrl(path, query) {
  return `${BASE}${path}?${query}`;
}

/**
 * Plain HTTP request through fetch. Returns status, headers and the body both as raw bytes and
 * as strictly decoded UTF-8 text (text is null when the body is not valid UTF-8).
 */
export async function request(url, { method = "GET", body, headers, timeout = 3000 } = {}) {
  const res = await fetch(url, { method, body, headers, signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeout))) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let text = null;
  try {
    text = strictUtf8(bytes);
  } catch {
    text = null;
  }
  return { status: res.status, headers: res.headers, bytes, text };
}

/** Opens a long-polling session on `path`; returns the sid, the parsed and raw open packet. */
export async function openPolling(path) {
  const res = await request(eioUrl(path, "EIO=4&transport=polling"));
  assert.equal(res.status, 200, `handshake status (body: ${res.text})`);
  assert.ok(res.text && res.text.startsWith("0{"), `handshake body: ${JSON.stringify(res.text)}`);
  const open = JSON.parse(res.text.slice(1));
  return { sid: open.sid, open, raw: res.text, at: now(), headers: res.headers };
}

export function poll(path, sid, { timeout = 3000, extra = "" } = {}) {
  return request(eioUrl(path, `EIO=4&transport=polling&sid=${encodeURIComponent(sid)}${extra}`), {
    timeout,
  });
}

export function push(path, sid, body, { timeout = 3000, headers } = {}) {
  return request(eioUrl(path, `EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`), {
    method: "POST",
    body,
    headers: { "Content-Type": "text/plain;charset=UTF-8", ...headers },
    timeout,
  });
}

/**
 * Polls until `count` packets other than pings have been received, answering each ping with a
 * pong. Returns the packets (strings, binary ones still in their `b<base64>` form) in order.
 */
export async function pollPackets(path, sid, count, { timeout = 3000 } = {}) {
  const deadline = now() + timeout;
  const packets = [];
  while (packets.length < count) {
    const left = deadline - now();
    if (left <= 0) throw new Error(`only got ${JSON.stringify(packets)} of ${count} packets`);
    const res = await poll(path, sid, { timeout: left });
    assert.equal(res.status, 200, `poll status (body: ${res.text})`);
    assert.notEqual(res.text, null, "poll body is not valid UTF-8");
    let pinged = false;
    for (const p of res.text.split(RS)) {
      if (p === "2") pinged = true;
      else packets.push(p);
    }
    if (pinged) {
      const pong = await push(path, sid, "3");
      assert.equal(pong.status, 200, "pong accepted");
    }
  }
  return packets;
}

/**
 * WebSocket client that queues every incoming frame (text frames as strings, binary frames as
 * Buffers). With autoPong, Engine.IO pings ("2") are answered and kept out of the queue.
 */
export class WsClient {
  constructor(url, { autoPong = false, headers, protocols, maxPayload } = {}) {
    this.autoPong = autoPong;
    this.frames = [];
    this.pingTimes = [];
    this.closeInfo = null;
    this.error = null;
    this.openedAt = null;
    this._wakers = [];
    this.ws = new WebSocket(url, protocols, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 5000,
      maxPayload: maxPayload ?? 64 * 1024 * 1024,
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => {
        this.openedAt = now();
        resolve();
      });
      this.ws.once("close", () => reject(this.error || new Error("closed before opening")));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: now() };
        resolve(this.closeInfo);
        this._wake();
      });
    });
    this.ws.on("error", (err) => {
      this.error = err;
    });
    const forget = () => this.terminate();
    liveConnections.add(forget);
    this.ws.once("close", () => liveConnections.delete(forget));
    this.ws.on("message", (data, isBinary) => {
      if (!isBinary) {
        const text = data.toString("utf8");
        if (text === "2") {
          this.pingTimes.push(now());
          if (this.autoPong) {
            this.send("3");
            return;
          }
        }
        this.frames.push(text);
      } else {
        this.frames.push(Buffer.from(data));
      }
      this._wake();
    });
  }

  _wake() {
    const wakers = this._wakers;
    this._wakers = [];
    for (const w of wakers) w();
  }

  _waitForActivity(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this._wakers.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  send(data) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** Next queued frame; throws on timeout or if the connection closes first. */
  async next(timeout = 2000, what = "next frame") {
    const deadline = now() + timeout;
    for (;;) {
      if (this.frames.length) return this.frames.shift();
      if (this.closeInfo) {
        throw new Error(`connection closed (code ${this.closeInfo.code}) while waiting for ${what}`);
      }
      const left = deadline - now();
      if (left <= 0) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await this._waitForActivity(left);
    }
  }

  /** Collects `count` frames. */
  async take(count, timeout = 2000) {
    const out = [];
    const deadline = now() + timeout;
    while (out.length < count) out.push(await this.next(Math.max(1, deadline - now())));
    return out;
  }

  /** Waits for the connection to close; returns {code, reason, at} or null on timeout. */
  async waitClosed(timeout = 2000) {
    if (this.closeInfo) return this.closeInfo;
    return Promise.race([this.closed, sleep(timeout).then(() => null)]);
  }

  /** Asserts that nothing arrives (and the connection stays open) for `ms`. */
  async expectSilence(ms, what = "silence") {
    await sleep(ms);
    assert.deepEqual(this.frames, [], `unexpected frames during ${what}`);
    assert.equal(this.closeInfo, null, `connection closed during ${what}`);
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  terminate() {
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
  }
}

/** Opens a WebSocket-only Engine.IO session on `path` and consumes the open packet. */
export async function openWs(path, { autoPong = false } = {}) {
  const client = new WsClient(`${WS_BASE}${path}?EIO=4&transport=websocket`, { autoPong });
  const first = await client.next(3000, "Engine.IO open packet");
  assert.equal(typeof first, "string", "open packet must be a text frame");
  assert.ok(first.startsWith("0{"), `open packet: ${JSON.stringify(first)}`);
  client.open = JSON.parse(first.slice(1));
  client.openRaw = first;
  client.openAt = now();
  return client;
}

/**
 * Connects a Socket.IO namespace on an existing session and checks the CONNECT answer and the
 * "auth" event the server emits. Returns the Socket.IO sid.
 */
export async function joinNamespace(client, nsp = "/", auth) {
  const prefix = nsp === "/" ? "" : `${nsp},`;
  client.send(`40${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
  const ack = await client.next(2000, `CONNECT answer for ${nsp}`);
  assert.equal(typeof ack, "string");
  assert.ok(ack.startsWith(`40${prefix}{`), `CONNECT answer: ${JSON.stringify(ack)}`);
  const data = JSON.parse(ack.slice(2 + prefix.length));
  assert.deepEqual(Object.keys(data), ["sid"], `CONNECT payload keys: ${ack}`);
  assert.equal(typeof data.sid, "string");
  const authFrame = await client.next(2000, `auth event for ${nsp}`);
  assert.equal(authFrame, `42${prefix}${JSON.stringify(["auth", auth ?? {}])}`);
  return data.sid;
}

/** Opens a WebSocket Socket.IO session connected to the main namespace (pings auto-answered). */
export async function openSio({ autoPong = true, nsp = "/", auth } = {}) {
  const client = await openWs(SIO_PATH, { autoPong });
  client.sioSid = await joinNamespace(client, nsp, auth);
  return client;
}

/**
 * Raw TCP exchange: connects, lets `drive(socket)` write whatever it wants, and collects the
 * reply until the peer closes or `timeout` elapses (or, with untilResponse, until a complete
 * response header block has arrived). Returns {data, closed, error, elapsed}.
 */
export function rawExchange(drive, { timeout = 3000, keepOpen = false, untilResponse = false } = {}) {
  return new Promise((resolve) => {
    const started = now();
    const chunks = [];
    let settled = false;
    let error = null;
    const socket = net.connect({ host: HOST, port: PORT });
    const finish = (closed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!keepOpen || closed) socket.destroy();
      resolve({
        data: Buffer.concat(chunks),
        closed,
        error,
        elapsed: now() - started,
        socket,
      });
    };
    const timer = setTimeout(() => finish(false), timeout);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      // optionally stop at the end of the first response's header block
      if (untilResponse && Buffer.concat(chunks).includes("\r\n\r\n")) finish(false);
    });
    socket.on("error", (err) => {
      error = err;
    });
    socket.on("close", () => finish(true));
    socket.on("connect", () => {
      try {
        drive(socket);
      } catch (err) {
        error = err;
      }
    });
  });
}

/** Parses the status code of the first HTTP response in `data`, or null. */
export function httpStatus(data) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(data.toString("latin1"));
  return m ? Number(m[1]) : null;
}

/**
 * Connects the official socket.io-client to the main namespace over a single transport (no
 * upgrade, no reconnection) and waits for the server's "auth" event. `context()` names what was
 * going on, recorded with each disconnect reason.
 */
export function connectSioClient(transport, { auth, context = () => "" } = {}) {
  const socket = io(BASE, {
    transports: [transport],
    upgrade: false,
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    auth,
  });
  const state = { transport, socket, disconnects: [], auth: null };
  const forget = () => socket.close();
  liveConnections.add(forget);
  socket.on("disconnect", () => liveConnections.delete(forget));
  socket.on("disconnect", (reason) =>
    state.disconnects.push(`${reason} (during: ${context()}; at ${new Date().toISOString()})`),
  );
  const ready = new Promise((resolve, reject) => {
    socket.once("auth", (received) => {
      state.auth = received;
      resolve();
    });
    socket.once("connect_error", reject);
  });
  ready.catch(() => socket.close());
  return withTimeout(ready, 5000, `${transport} socket.io-client connection`).then(() => state);
}

/** message/message-back (with a binary argument) and message-with-ack round trips. */
export async function sioClientEcho(socket, label) {
  const payload = ["ping", label, 1.5, { n: [1, 2, 3] }, Buffer.from([7, 8, 9])];
  const reply = new Promise((resolve) => socket.once("message-back", (...args) => resolve(args)));
  socket.emit("message", ...payload);
  const args = await withTimeout(reply, 3000, `message-back for ${label}`);
  assert.deepEqual(args.slice(0, 4), payload.slice(0, 4));
  assert.deepEqual(Buffer.from(args[4]), payload[4]);
  const acked = await socket.timeout(3000).emitWithAck("message-with-ack", label);
  assert.equal(acked, label);
}
