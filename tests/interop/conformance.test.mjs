// Byte-level Engine.IO v4 / Socket.IO v5 conformance tests for the server at CONFORMANCE_URL
// (build/sio-conformance or reference-conformance-server.mjs). Covers the behaviours checked by
// the official engine.io-protocol and socket.io-protocol test suites, plus extra checks: JSON
// number/string re-serialisation identical to what a Node.js server produces, large ack ids,
// record separators inside JSON strings over polling, CORS, and heartbeat timing.
// Run with: CONFORMANCE_URL=http://127.0.0.1:3200 node --test tests/interop/conformance.test.mjs
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  BASE,
  CONNECT_TIMEOUT,
  EIO_PATH,
  MAX_PAYLOAD,
  PING_INTERVAL,
  PING_TIMEOUT,
  RS,
  SIO_PATH,
  WS_BASE,
  WsClient,
  closeAllConnections,
  eioUrl,
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
  sleep,
} from "./protocol-helpers.mjs";

// Tolerances for timing checks (ms). The server pings every PING_INTERVAL.
const PING_MIN = 250;
const PING_MAX = 400;

const ERR = {
  transport: '{"code":0,"message":"Transport unknown"}',
  sid: '{"code":1,"message":"Session ID unknown"}',
  method: '{"code":2,"message":"Bad handshake method"}',
  bad: '{"code":3,"message":"Bad request"}',
  version: '{"code":5,"message":"Unsupported protocol version"}',
};

function expectedOpen(sid, upgrades) {
  return `0${JSON.stringify({
    sid,
    upgrades,
    pingInterval: PING_INTERVAL,
    pingTimeout: PING_TIMEOUT,
    maxPayload: MAX_PAYLOAD,
  })}`;
}

async function expectHandshakeError(url, init, body) {
  const res = await request(url, init);
  assert.equal(res.status, 400, `status for ${init?.method ?? "GET"} ${url}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/i, "error content-type");
  assert.equal(res.text, body, `error body for ${init?.method ?? "GET"} ${url}`);
}

/** A WebSocket request the server must refuse: it must never deliver an open packet. */
async function expectWsRefused(url) {
  const client = new WsClient(url);
  const info = await client.waitClosed(3000);
  assert.ok(info, `connection to ${url} neither refused nor closed within 3 s`);
  const opens = client.frames.filter((f) => typeof f === "string" && f.startsWith("0"));
  assert.deepEqual(opens, [], `open packet delivered on refused connection ${url}`);
}

/** Completes a polling -> WebSocket upgrade; returns the WebSocket client. */
async function upgrade(path, sid, { autoPong = true } = {}) {
  const ws = new WsClient(`${WS_BASE}${path}?EIO=4&transport=websocket&sid=${sid}`, { autoPong });
  await ws.opened;
  ws.send("2probe");
  assert.equal(await ws.next(2000, "3probe"), "3probe");
  return ws;
}

/**
 * Wraps a timing-sensitive test: on a loaded (shared, 2-core) machine one measurement can be
 * skewed by scheduling delays on the test side, so a failed attempt is retried once. The first
 * failure is reported as a diagnostic; a systematic error fails both attempts.
 */
function timingTest(fn) {
  return async (t) => {
    try {
      await fn(t);
    } catch (err) {
      t.diagnostic(`first attempt failed, retrying once: ${err.message.split("\n")[0]}`);
      closeAllConnections();
      await sleep(200);
      await fn(t);
    }
  };
}

function checkPingIntervals(times, start, label) {
  let prev = start;
  times.forEach((t, i) => {
    const gap = t - prev;
    assert.ok(
      gap >= PING_MIN && gap <= PING_MAX,
      `${label}: ping #${i + 1} came ${gap.toFixed(0)} ms after the previous ${
        i === 0 ? "handshake" : "ping"
      } (expected ${PING_MIN}-${PING_MAX} ms)`,
    );
    prev = t;
  });
}

after(closeAllConnections);

// ---------------------------------------------------------------------------------------------
// Engine.IO, on both the raw Engine.IO path and the Socket.IO path.
// ---------------------------------------------------------------------------------------------
for (const path of [EIO_PATH, SIO_PATH]) {
  describe(`Engine.IO handshake on ${path}`, { timeout: 20000 }, () => {
    it("polling: opens a session with exactly the expected open packet", async () => {
      const res = await request(eioUrl(path, "EIO=4&transport=polling"));
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain/i);
      assert.ok(res.text.startsWith("0{"), `body: ${JSON.stringify(res.text)}`);
      const value = JSON.parse(res.text.slice(1));
      assert.deepEqual(Object.keys(value).sort(), [
        "maxPayload",
        "pingInterval",
        "pingTimeout",
        "sid",
        "upgrades",
      ]);
      assert.equal(typeof value.sid, "string");
      assert.ok(value.sid.length > 0);
      assert.deepEqual(value.upgrades, ["websocket"]);
      assert.equal(value.pingInterval, PING_INTERVAL);
      assert.equal(value.pingTimeout, PING_TIMEOUT);
      assert.equal(value.maxPayload, MAX_PAYLOAD);
      // byte-exact, in the key order the reference server uses
      assert.equal(res.text, expectedOpen(value.sid, ["websocket"]));
    });

    it("polling: every session gets a distinct sid", async () => {
      const sids = new Set();
      for (let i = 0; i < 5; i++) sids.add((await openPolling(path)).sid);
      assert.equal(sids.size, 5);
    });

    it("polling: missing or invalid EIO -> 400 code 5", async () => {
      await expectHandshakeError(eioUrl(path, "transport=polling"), {}, ERR.version);
      await expectHandshakeError(eioUrl(path, "EIO=abc&transport=polling"), {}, ERR.version);
      await expectHandshakeError(eioUrl(path, "EIO=3&transport=polling"), {}, ERR.version);
    });

    it("polling: missing or unknown transport -> 400 code 0", async () => {
      await expectHandshakeError(eioUrl(path, "EIO=4"), {}, ERR.transport);
      await expectHandshakeError(eioUrl(path, "EIO=4&transport=abc"), {}, ERR.transport);
    });

    it("polling: handshake with a method other than GET -> 400 code 2", async () => {
      const url = eioUrl(path, "EIO=4&transport=polling");
      await expectHandshakeError(url, { method: "POST", body: "" }, ERR.method);
      await expectHandshakeError(url, { method: "PUT", body: "" }, ERR.method);
    });

    it("polling: unknown sid -> 400 code 1 (GET and POST)", async () => {
      const url = eioUrl(path, "EIO=4&transport=polling&sid=doesnotexist");
      await expectHandshakeError(url, {}, ERR.sid);
      await expectHandshakeError(url, { method: "POST", body: "4x" }, ERR.sid);
    });

    it("plain GET with transport=websocket (no upgrade) -> 400 code 3", async () => {
      await expectHandshakeError(eioUrl(path, "EIO=4&transport=websocket"), {}, ERR.bad);
    });

    it("websocket: opens a session with exactly the expected open packet", async () => {
      const client = await openWs(path);
      try {
        const value = client.open;
        assert.deepEqual(Object.keys(value).sort(), [
          "maxPayload",
          "pingInterval",
          "pingTimeout",
          "sid",
          "upgrades",
        ]);
        assert.equal(typeof value.sid, "string");
        assert.deepEqual(value.upgrades, []);
        assert.equal(value.pingInterval, PING_INTERVAL);
        assert.equal(value.pingTimeout, PING_TIMEOUT);
        assert.equal(value.maxPayload, MAX_PAYLOAD);
        assert.equal(client.openRaw, expectedOpen(value.sid, []));
      } finally {
        client.terminate();
      }
    });

    it("websocket: missing/invalid EIO or transport is refused", async () => {
      await expectWsRefused(`${WS_BASE}${path}?transport=websocket`);
      await expectWsRefused(`${WS_BASE}${path}?EIO=abc&transport=websocket`);
      await expectWsRefused(`${WS_BASE}${path}?EIO=4`);
      await expectWsRefused(`${WS_BASE}${path}?EIO=4&transport=abc`);
      await expectWsRefused(`${WS_BASE}${path}?EIO=4&transport=websocket&sid=doesnotexist`);
    });
  });

  describe(`Engine.IO heartbeat on ${path}`, { timeout: 20000 }, () => {
    it("polling: ping every pingInterval, answered by pong, session stays alive", timingTest(async () => {
      const { sid, at } = await openPolling(path);
      if (path === SIO_PATH) {
        // join a namespace so that connectTimeout does not end the session during the test
        assert.equal((await push(path, sid, "40")).status, 200);
      }
      const times = [];
      const others = [];
      while (times.length < 4) {
        const res = await poll(path, sid);
        const t = now();
        assert.equal(res.status, 200);
        const packets = res.text.split(RS);
        for (const p of packets) if (p !== "2") others.push(p);
        if (!packets.includes("2")) continue;
        assert.equal(res.text, "2", `a ping is sent on its own once nothing else is queued`);
        times.push(t);
        const pong = await push(path, sid, "3");
        assert.equal(pong.status, 200);
        assert.equal(pong.text, "ok");
      }
      checkPingIntervals(times, at, "polling");
      if (path === SIO_PATH) {
        assert.equal(others.length, 2, `namespace packets: ${JSON.stringify(others)}`);
      } else {
        assert.deepEqual(others, []);
      }
    }));

    it("polling: ping timeout closes the session", async () => {
      const { sid } = await openPolling(path);
      await sleep(PING_INTERVAL + PING_TIMEOUT + 200);
      const res = await poll(path, sid);
      assert.equal(res.status, 400);
      assert.equal(res.text, ERR.sid);
    });

    it("websocket: ping every pingInterval, answered by pong, session stays alive", timingTest(async () => {
      const client = await openWs(path);
      try {
        if (path === SIO_PATH) client.send("40"); // keeps connectTimeout from closing the session
        const times = [];
        const others = [];
        while (times.length < 5) {
          const frame = await client.next(PING_MAX + 200, `ping #${times.length + 1}`);
          if (frame !== "2") {
            others.push(frame);
            continue;
          }
          times.push(now());
          client.send("3");
        }
        checkPingIntervals(times, client.openAt, "websocket");
        const total = times[times.length - 1] - client.openAt;
        assert.ok(
          total >= 5 * 280 && total <= 5 * 360,
          `5 pings took ${total.toFixed(0)} ms (expected ~${5 * PING_INTERVAL} ms, no drift)`,
        );
        assert.equal(others.length, path === SIO_PATH ? 2 : 0, `other frames: ${others}`);
        assert.ok(client.isOpen);
      } finally {
        client.terminate();
      }
    }));

    it("websocket: ping timeout closes the connection after pingInterval + pingTimeout", timingTest(async () => {
      const client = await openWs(path);
      const info = await client.waitClosed(3000);
      assert.ok(info, "connection not closed within 3 s although no pong was sent");
      const elapsed = info.at - client.openAt;
      assert.ok(
        elapsed >= PING_INTERVAL + PING_TIMEOUT - 100 && elapsed <= 1500,
        `closed ${elapsed.toFixed(0)} ms after the handshake (expected ~${
          PING_INTERVAL + PING_TIMEOUT
        } ms)`,
      );
      assert.deepEqual(client.frames, ["2"], "exactly one ping before the timeout");
    }));
  });

  describe(`Engine.IO close on ${path}`, { timeout: 20000 }, () => {
    it('polling: close packet -> pending poll gets "6", session is gone', async () => {
      const { sid } = await openPolling(path);
      const [pending] = await Promise.all([
        poll(path, sid),
        sleep(50).then(() => push(path, sid, "1").catch(() => null)),
      ]);
      assert.equal(pending.status, 200);
      assert.equal(pending.text, "6");
      const after = await poll(path, sid);
      assert.equal(after.status, 400);
      assert.equal(after.text, ERR.sid);
    });

    it("websocket: close packet closes the connection", async () => {
      const client = await openWs(path);
      client.send("1");
      assert.ok(await client.waitClosed(2000), "not closed after close packet");
    });
  });

  describe(`Engine.IO upgrade on ${path}`, { timeout: 20000 }, () => {
    it('probe answered with "3probe", poll gets noop "6", upgrade completes', async () => {
      const { sid } = await openPolling(path);
      const ws = await upgrade(path, sid);
      try {
        const res = await poll(path, sid);
        assert.equal(res.status, 200);
        assert.equal(res.text, "6");
        ws.send("5");
        if (path === EIO_PATH) {
          ws.send("4hello");
          assert.equal(await ws.next(), "4hello");
        } else {
          await joinNamespace(ws, "/");
        }
      } finally {
        ws.terminate();
      }
    });

    it('a poll pending during the probe is released with noop "6"', async () => {
      const { sid } = await openPolling(path);
      const pending = poll(path, sid);
      await sleep(30);
      const ws = await upgrade(path, sid);
      try {
        const res = await pending;
        assert.equal(res.status, 200);
        assert.equal(res.text, "6");
        ws.send("5");
      } finally {
        ws.terminate();
      }
    });

    it("after the upgrade, polling requests with the same sid are refused", async () => {
      const { sid } = await openPolling(path);
      const ws = await upgrade(path, sid);
      try {
        ws.send("5");
        if (path === EIO_PATH) {
          ws.send("4sync");
          assert.equal(await ws.next(), "4sync"); // upgrade fully processed
        } else {
          await joinNamespace(ws, "/");
        }
        const get = await poll(path, sid);
        assert.equal(get.status, 400);
        assert.equal(get.text, ERR.bad);
        const post = await push(path, sid, "4x");
        assert.equal(post.status, 400);
        assert.equal(post.text, ERR.bad);
        // the upgraded session is unaffected
        if (path === EIO_PATH) {
          ws.send("4hello");
          assert.equal(await ws.next(), "4hello");
        } else {
          ws.send('42["message","still here"]');
          assert.equal(await ws.next(), '42["message-back","still here"]');
        }
      } finally {
        ws.terminate();
      }
    });

    it("after the upgrade, a second WebSocket with the same sid is closed", async () => {
      const { sid } = await openPolling(path);
      const ws = await upgrade(path, sid);
      try {
        ws.send("5");
        if (path === EIO_PATH) {
          ws.send("4sync");
          assert.equal(await ws.next(), "4sync");
        } else {
          await joinNamespace(ws, "/");
        }
        const second = new WsClient(`${WS_BASE}${path}?EIO=4&transport=websocket&sid=${sid}`);
        second.send("2probe");
        assert.ok(await second.waitClosed(2000), "second WebSocket not closed");
        assert.ok(!second.frames.includes("3probe"), "second WebSocket answered the probe");
        if (path === EIO_PATH) {
          ws.send("4hello");
          assert.equal(await ws.next(), "4hello");
        } else {
          ws.send('42["message","still here"]');
          assert.equal(await ws.next(), '42["message-back","still here"]');
        }
      } finally {
        ws.terminate();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Engine.IO message exchange (raw echo server at /engine.io/).
// ---------------------------------------------------------------------------------------------
describe("Engine.IO messages (echo on /engine.io/)", { timeout: 20000 }, () => {
  const path = EIO_PATH;

  async function roundTrip(body, expected = body) {
    const { sid } = await openPolling(path);
    const pushed = await push(path, sid, body);
    assert.equal(pushed.status, 200);
    assert.equal(pushed.text, "ok");
    const res = await poll(path, sid);
    assert.equal(res.status, 200);
    assert.equal(res.text, expected);
    return res;
  }

  it("polling: one text packet", async () => {
    const res = await roundTrip("4hello");
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/i);
  });

  it("polling: several text packets come back in one payload", async () => {
    await roundTrip(`4test1${RS}4test2${RS}4test3`);
  });

  it("polling: text and binary (base64 'b') packets", async () => {
    await roundTrip(`4hello${RS}bAQIDBA==`);
  });

  it("polling: empty message, multi-byte UTF-8 and empty binary", async () => {
    await roundTrip(`4${RS}4héllo €😀${RS}b${RS}b/w==`);
  });

  it("polling: invalid packet closes the session", async () => {
    const { sid } = await openPolling(path);
    // The POST itself may be answered (Node.js answers 200 "ok" or drops the request, the
    // official suite tolerates both); what matters is that the session is gone afterwards.
    const res = await push(path, sid, "abc").catch(() => null);
    if (res) assert.ok([200, 400].includes(res.status), `POST with an invalid packet: ${res.status}`);
    const after = await poll(path, sid);
    assert.equal(after.status, 400);
  });

  it('polling: duplicate GET -> first gets "1", second 400/500, session closed', async () => {
    const { sid } = await openPolling(path);
    const [first, second] = await Promise.all([
      poll(path, sid),
      sleep(30).then(() => poll(path, sid, { extra: "&t=dup" })),
    ]);
    assert.equal(first.status, 200);
    assert.equal(first.text, "1");
    assert.ok([400, 500].includes(second.status), `second poll status ${second.status}`);
    const after = await poll(path, sid);
    assert.equal(after.status, 400);
  });

  it("polling: overlapping POST -> 400 and session closed", async () => {
    const { sid } = await openPolling(path);
    // first POST announces a body it never finishes sending
    const slow = rawExchange(
      (s) =>
        s.write(
          `POST ${EIO_PATH}?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\n` +
            "Content-Type: text/plain\r\nContent-Length: 100\r\n\r\n4part",
        ),
      { timeout: 1500 },
    );
    await sleep(100);
    const second = await push(path, sid, "4second");
    assert.equal(second.status, 400);
    const after = await poll(path, sid);
    assert.equal(after.status, 400);
    await slow;
  });

  it("websocket: text packet echo", async () => {
    const client = await openWs(path, { autoPong: true });
    try {
      client.send("4hello");
      assert.equal(await client.next(), "4hello");
      client.send("4héllo €😀");
      assert.equal(await client.next(), "4héllo €😀");
    } finally {
      client.terminate();
    }
  });

  it("websocket: binary packet echo", async () => {
    const client = await openWs(path, { autoPong: true });
    try {
      client.send(Uint8Array.from([1, 2, 3, 4]));
      assert.deepEqual(await client.next(), Buffer.from([1, 2, 3, 4]));
      const big = Buffer.alloc(70000, 0xab);
      client.send(big);
      assert.deepEqual(await client.next(), big);
    } finally {
      client.terminate();
    }
  });

  it("websocket: invalid packet closes the connection", async () => {
    const client = await openWs(path, { autoPong: true });
    client.send("abc");
    assert.ok(await client.waitClosed(2000), "not closed after invalid packet");
  });

  it("polling: binary with 0x00/0xff bytes round-trips as base64", async () => {
    const { sid } = await openPolling(path);
    const pushed = await push(path, sid, `b${Buffer.from([0, 255, 128]).toString("base64")}`);
    assert.equal(pushed.status, 200);
    assert.equal((await poll(path, sid)).text, "bAP+A");
  });
});

// ---------------------------------------------------------------------------------------------
// Socket.IO
// ---------------------------------------------------------------------------------------------
describe("Socket.IO connect", { timeout: 20000 }, () => {
  it("main namespace without auth", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      await joinNamespace(c, "/");
    } finally {
      c.terminate();
    }
  });

  it("main namespace with auth payload", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      await joinNamespace(c, "/", { token: "123" });
    } finally {
      c.terminate();
    }
  });

  it("/custom without auth (with and without trailing comma)", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      await joinNamespace(c, "/custom");
    } finally {
      c.terminate();
    }
    const c2 = await openWs(SIO_PATH, { autoPong: true });
    try {
      c2.send("40/custom");
      const ack = await c2.next();
      assert.match(ack, /^40\/custom,\{"sid":"[^"]+"\}$/);
      assert.equal(await c2.next(), '42/custom,["auth",{}]');
    } finally {
      c2.terminate();
    }
  });

  it("/custom with auth payload", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      await joinNamespace(c, "/custom", { token: "abc" });
    } finally {
      c.terminate();
    }
  });

  it("main and /custom on the same connection get distinct sids", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      const a = await joinNamespace(c, "/");
      const b = await joinNamespace(c, "/custom");
      assert.notEqual(a, b);
      assert.notEqual(a, c.open.sid);
    } finally {
      c.terminate();
    }
  });

  it("over polling: CONNECT answer and auth event", async () => {
    const { sid } = await openPolling(SIO_PATH);
    const res = await push(SIO_PATH, sid, '40{"token":"p"}');
    assert.equal(res.status, 200);
    assert.equal(res.text, "ok");
    const packets = await pollPackets(SIO_PATH, sid, 2);
    assert.match(packets[0], /^40\{"sid":"[^"]+"\}$/);
    assert.equal(packets[1], '42["auth",{"token":"p"}]');
  });

  it('unknown namespace -> exactly 44/random,{"message":"Invalid namespace"}; connection usable', async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    try {
      c.send("40/random");
      assert.equal(await c.next(), '44/random,{"message":"Invalid namespace"}');
      await joinNamespace(c, "/");
    } finally {
      c.terminate();
    }
  });

  it("invalid handshake closes the connection", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    c.send("4abc");
    assert.ok(await c.waitClosed(2000), "not closed");
  });

  it("an EVENT before any CONNECT closes the connection", async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    c.send('42["message","too early"]');
    assert.ok(await c.waitClosed(2000), "not closed");
    assert.ok(!c.frames.some((f) => String(f).includes("message-back")), "event was processed");
  });

  it("no CONNECT within connectTimeout closes the connection (pongs sent meanwhile)", timingTest(async () => {
    const c = await openWs(SIO_PATH, { autoPong: true });
    const info = await c.waitClosed(4000);
    assert.ok(info, "not closed within 4 s");
    const elapsed = info.at - c.openAt;
    assert.ok(
      elapsed >= CONNECT_TIMEOUT - 200 && elapsed <= CONNECT_TIMEOUT + 1000,
      `closed after ${elapsed.toFixed(0)} ms (expected ~${CONNECT_TIMEOUT} ms)`,
    );
  }));

  it("a connected client is not affected by connectTimeout", async () => {
    const c = await openSio();
    try {
      await sleep(CONNECT_TIMEOUT + 500);
      assert.ok(c.isOpen, "connection closed although a namespace was joined");
      c.send('42["message","alive"]');
      assert.equal(await c.next(), '42["message-back","alive"]');
    } finally {
      c.terminate();
    }
  });
});

describe("Socket.IO disconnect", { timeout: 20000 }, () => {
  it('disconnect from the main namespace; the next frame is a ping "2"', async () => {
    const c = await openWs(SIO_PATH); // no auto pong: we want to see the ping
    try {
      await joinNamespace(c, "/");
      c.send("41");
      assert.equal(await c.next(1000), "2");
      c.send("3");
    } finally {
      c.terminate();
    }
  });

  it("connect then disconnect /custom; main namespace keeps working", async () => {
    const c = await openSio();
    try {
      await joinNamespace(c, "/custom");
      c.send("41/custom,");
      c.send('42["message","message to main namespace"]');
      assert.equal(await c.next(), '42["message-back","message to main namespace"]');
    } finally {
      c.terminate();
    }
  });

  it("a namespace can be joined again after disconnecting from it", async () => {
    const c = await openSio();
    try {
      c.send("41");
      await sleep(50);
      await joinNamespace(c, "/");
      c.send('42["message","again"]');
      assert.equal(await c.next(), '42["message-back","again"]');
    } finally {
      c.terminate();
    }
  });
});

describe("Socket.IO messages", { timeout: 20000 }, () => {
  it("plain-text event, byte-exact echo", async () => {
    const c = await openSio();
    try {
      c.send('42["message",1,"2",{"3":[true]}]');
      assert.equal(await c.next(), '42["message-back",1,"2",{"3":[true]}]');
    } finally {
      c.terminate();
    }
  });

  it("event with an ack", async () => {
    const c = await openSio();
    try {
      c.send('42456["message-with-ack",1,"2",{"3":[false]}]');
      assert.equal(await c.next(), '43456[1,"2",{"3":[false]}]');
    } finally {
      c.terminate();
    }
  });

  it("event with binary attachments", async () => {
    const c = await openSio();
    try {
      c.send('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
      c.send(Uint8Array.from([1, 2, 3]));
      c.send(Uint8Array.from([4, 5, 6]));
      const [head, a, b] = await c.take(3);
      assert.equal(
        head,
        '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      );
      assert.deepEqual(a, Buffer.from([1, 2, 3]));
      assert.deepEqual(b, Buffer.from([4, 5, 6]));
    } finally {
      c.terminate();
    }
  });

  it("event with binary attachments and an ack", async () => {
    const c = await openSio();
    try {
      c.send(
        '452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
      );
      c.send(Uint8Array.from([1, 2, 3]));
      c.send(Uint8Array.from([4, 5, 6]));
      const [head, a, b] = await c.take(3);
      assert.equal(head, '462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
      assert.deepEqual(a, Buffer.from([1, 2, 3]));
      assert.deepEqual(b, Buffer.from([4, 5, 6]));
    } finally {
      c.terminate();
    }
  });

  it("binary attachment nested in an object, empty attachment", async () => {
    const c = await openSio();
    try {
      c.send('452-["message",{"a":{"_placeholder":true,"num":1},"b":[{"_placeholder":true,"num":0}]}]');
      c.send(Uint8Array.from([9]));
      c.send(new Uint8Array(0));
      const [head, a, b] = await c.take(3);
      assert.equal(
        head,
        '452-["message-back",{"a":{"_placeholder":true,"num":0},"b":[{"_placeholder":true,"num":1}]}]',
      );
      assert.deepEqual(a, Buffer.alloc(0));
      assert.deepEqual(b, Buffer.from([9]));
    } finally {
      c.terminate();
    }
  });

  it("binary event over polling uses base64 'b' records", async () => {
    const { sid } = await openPolling(SIO_PATH);
    await push(SIO_PATH, sid, "40");
    await pollPackets(SIO_PATH, sid, 2);
    const res = await push(
      SIO_PATH,
      sid,
      `451-["message",{"_placeholder":true,"num":0}]${RS}bAQID`,
    );
    assert.equal(res.status, 200);
    const packets = await pollPackets(SIO_PATH, sid, 2);
    assert.deepEqual(packets, ['451-["message-back",{"_placeholder":true,"num":0}]', "bAQID"]);
  });

  for (const [name, frame] of [
    ["unknown packet type", "4abc"],
    ["payload not an array", "42{}"],
    ["invalid ack id", '42abc["message-with-ack",1,"2",{"3":[false]}]'],
    ["empty event array", "42[]"],
    ["event name not a string or number", '42[{"a":1}]'],
    ["truncated JSON", '42["message",'],
    ["DISCONNECT with a payload", '41["x"]'],
  ]) {
    it(`invalid format closes the connection: ${name}`, async () => {
      const c = await openSio();
      c.send(frame);
      assert.ok(await c.waitClosed(2000), `connection not closed after ${JSON.stringify(frame)}`);
      assert.ok(!c.frames.some((f) => String(f).startsWith("42")), "an event was delivered");
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Extra checks (not in the official suites).
// ---------------------------------------------------------------------------------------------

// What a Node.js socket.io server sends back for `42["message",<args>]`: the arguments go through
// JSON.parse and JSON.stringify. `argsJson` is the JSON array of the arguments after the name.
function nodeEcho(argsJson) {
  const args = JSON.parse(argsJson);
  return `42${JSON.stringify(["message-back", ...args])}`;
}

describe("JSON re-serialisation identical to Node.js", { timeout: 20000 }, () => {
  const exact = [
    ["floats, unicode and escapes", '[1.5,-0.25,1e21,"é\\n\\"",null]'],
    [
      "integral numbers",
      "[0,-1,100,1e2,1.0,-0,-0.0,4294967296,9007199254740991,-9007199254740991,1e20,123456789012345680000,1e21,2e22]",
    ],
    [
      "fractional numbers",
      "[0.1,0.30000000000000004,2.50,123456789.125,-1.5e-3,0.000001,3.141592653589793]",
    ],
    [
      "exponent forms",
      "[1e-7,1E-7,1.5e300,123e-20,5e-324,2.2250738585072014e-308,1.7976931348623157e308,-4.5E+100]",
    ],
    ["control characters and escapes", '["\\u0000\\u0001\\u001f\\b\\f\\n\\r\\t\\\\\\"\\/\\u007f"]'],
    ["escaped non-ASCII becomes raw UTF-8", '["\\u00e9\\u20AC\\ud83d\\ude00\\u2028\\u2029\\ufeff\\uffff"]'],
    ["raw UTF-8 passes through", '["é€😀\u2028 ü"]'],
    ["lone surrogates stay escaped (lower-case hex)", '["\\ud800","a\\uDC00b","\\udbff\\ud800"]'],
    [
      "whitespace removed, structure and key order kept",
      '[ {"z" : 1 ,"a":[ 1 , { } , [ ] , "" ] , "m" : { "y" : true , "b" : false , "n" : null } } ]',
    ],
  ];
  for (const [name, args] of exact) {
    it(`byte-exact: ${name}`, async () => {
      const c = await openSio();
      try {
        const input = `42["message",${args.slice(1)}`;
        c.send(input);
        const out = await c.next();
        assert.equal(out, nodeEcho(args), `input ${input}`);
      } finally {
        c.terminate();
      }
    });
  }

  // Here a Node.js server's bytes depend on JavaScript number/object semantics; what matters to
  // a JavaScript client is that it decodes to the same value.
  const semantic = [
    ["integers beyond 2^53", "[9007199254740993,-9223372036854775809,18446744073709551616]"],
    ["duplicate keys", '[{"a":1,"a":2}]'],
    ["integer-like keys", '[{"b":1,"2":2,"1":3}]'],
  ];
  for (const [name, args] of semantic) {
    it(`same decoded value: ${name}`, async () => {
      const c = await openSio();
      try {
        c.send(`42["message",${args.slice(1)}`);
        const out = await c.next();
        assert.ok(out.startsWith('42["message-back",'), `reply: ${out}`);
        assert.deepEqual(JSON.parse(out.slice(2)), JSON.parse(nodeEcho(args).slice(2)));
      } finally {
        c.terminate();
      }
    });
  }

  it("ack ids: 0, 2^32 and 2^53-1", async () => {
    const c = await openSio();
    try {
      for (const id of ["0", "4294967296", "9007199254740991"]) {
        c.send(`42${id}["message-with-ack","x",1.25]`);
        assert.equal(await c.next(), `43${id}["x",1.25]`);
      }
    } finally {
      c.terminate();
    }
  });

  it("ack with no arguments", async () => {
    const c = await openSio();
    try {
      c.send('427["message-with-ack"]');
      assert.equal(await c.next(), "437[]");
    } finally {
      c.terminate();
    }
  });

  it("0x1e inside JSON strings is escaped, so polling framing holds", async () => {
    const { sid } = await openPolling(SIO_PATH);
    await push(SIO_PATH, sid, "40");
    await pollPackets(SIO_PATH, sid, 2);
    const res = await push(
      SIO_PATH,
      sid,
      `42["message","a\\u001eb"]${RS}42["message","\\u001e",{"\\u001e":"x"}]`,
    );
    assert.equal(res.status, 200);
    const body = await pollPackets(SIO_PATH, sid, 2);
    assert.deepEqual(body, [
      '42["message-back","a\\u001eb"]',
      '42["message-back","\\u001e",{"\\u001e":"x"}]',
    ]);
  });

  it("0x1e inside JSON strings is escaped over WebSocket too", async () => {
    const c = await openSio();
    try {
      c.send('42["message","x\\u001ey"]');
      assert.equal(await c.next(), '42["message-back","x\\u001ey"]');
    } finally {
      c.terminate();
    }
  });

  it("namespace packets carry the namespace prefix byte-exactly", async () => {
    const c = await openSio();
    try {
      await joinNamespace(c, "/custom", { k: "é" });
      c.send('42["message",{"é":"\\u00e9"}]');
      assert.equal(await c.next(), '42["message-back",{"é":"é"}]');
    } finally {
      c.terminate();
    }
  });
});

describe("CORS", { timeout: 20000 }, () => {
  const origin = "http://example.com";
  const allowsOrigin = (headers) => {
    const v = headers.get("access-control-allow-origin");
    return v === "*" || v === origin;
  };

  for (const path of [SIO_PATH, EIO_PATH]) {
    it(`polling responses on ${path} carry Access-Control-Allow-Origin`, async () => {
      const hs = await request(eioUrl(path, "EIO=4&transport=polling"), { headers: { Origin: origin } });
      assert.equal(hs.status, 200);
      assert.ok(allowsOrigin(hs.headers), `handshake ACAO: ${hs.headers.get("access-control-allow-origin")}`);
      const sid = JSON.parse(hs.text.slice(1)).sid;
      const body = path === EIO_PATH ? "4cors" : "40";
      const p = await request(eioUrl(path, `EIO=4&transport=polling&sid=${sid}`), {
        method: "POST",
        body,
        headers: { Origin: origin, "Content-Type": "text/plain;charset=UTF-8" },
      });
      assert.equal(p.status, 200);
      assert.ok(allowsOrigin(p.headers), `POST ACAO: ${p.headers.get("access-control-allow-origin")}`);
      const g = await request(eioUrl(path, `EIO=4&transport=polling&sid=${sid}`), {
        headers: { Origin: origin },
      });
      assert.equal(g.status, 200);
      assert.ok(allowsOrigin(g.headers), `GET ACAO: ${g.headers.get("access-control-allow-origin")}`);
    });

    it(`OPTIONS preflight on ${path}`, async () => {
      const res = await request(eioUrl(path, "EIO=4&transport=polling"), {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
      assert.ok([200, 204].includes(res.status), `preflight status ${res.status}`);
      assert.ok(allowsOrigin(res.headers), `ACAO: ${res.headers.get("access-control-allow-origin")}`);
      const methods = (res.headers.get("access-control-allow-methods") ?? "").toUpperCase();
      assert.ok(methods === "*" || (methods.includes("GET") && methods.includes("POST")), `methods: ${methods}`);
      const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase();
      assert.ok(allowed === "*" || allowed.includes("content-type"), `allow-headers: ${allowed}`);
    });
  }

  it("error responses carry Access-Control-Allow-Origin too", async () => {
    const res = await request(eioUrl(SIO_PATH, "EIO=4&transport=abc"), { headers: { Origin: origin } });
    assert.equal(res.status, 400);
    assert.ok(allowsOrigin(res.headers), `ACAO: ${res.headers.get("access-control-allow-origin")}`);
  });
});

// Keep BASE referenced so a misconfigured URL is visible in the output.
describe(`target ${BASE}`, () => {
  it("is reachable", async () => {
    const res = await request(eioUrl(SIO_PATH, "EIO=4&transport=polling"));
    assert.equal(res.status, 200);
  });
});
