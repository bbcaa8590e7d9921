// Rate limits (seed 000 property 28; docs/rooms-api.md): servers started with small limits.
// Limits are per user, per client IP before login; 429 RATE_LIMITED carries a numeric
// Retry-After header and details.retry_after.
import { describe, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  assertError,
  assertStatus,
  connectRoom,
  createRoom,
  emitAck,
  it,
  joinRoom,
  leaveRoom,
  signup,
  sleep,
  startServer,
} from "./helpers.mjs";

function assertRateLimited(res, what, maxSeconds) {
  const error = assertError(res, 429, "RATE_LIMITED", what);
  const header = res.headers["retry-after"];
  assert.match(String(header ?? ""), /^\d+$/, `${what}: Retry-After is a whole number of seconds, got ${header}`);
  const seconds = Number(header);
  assert.ok(seconds >= 1 && seconds <= maxSeconds, `${what}: Retry-After ${seconds} within 1..${maxSeconds}`);
  assert.equal(typeof error.details?.retry_after, "number", `${what}: details.retry_after: ${JSON.stringify(error.details)}`);
  return seconds;
}

describe("--rate-api 6/min", () => {
  let server;
  before(async () => {
    server = await startServer({ rates: { api: "6/min" } });
  });
  after(async () => {
    await server?.stop();
  });

  it("property 28: the request after the limit answers 429 RATE_LIMITED with Retry-After; another user is not affected", async () => {
    // two signups: requests before login count against the client IP, not against the users
    const a = await signup("limited");
    const b = await signup("bystander");
    for (let i = 1; i <= 6; i += 1) {
      assertStatus(await api("GET", "/api/me", undefined, a.token), 200, `request ${i} of 6`);
    }
    const seventh = await api("GET", "/api/me", undefined, a.token);
    assertRateLimited(seventh, "7th request", 60);
    assertRateLimited(await api("GET", "/api/rooms", undefined, a.token), "still limited on another endpoint", 60);
    assertStatus(await api("GET", "/api/me", undefined, b.token), 200, "another user is not affected");
    assertStatus(await api("GET", "/healthz"), 200, "/healthz is not an /api request");
  });

  it("property 28: requests without a token are limited per client IP", async () => {
    // the two signups above already used 2 of this IP's 6
    let limited = null;
    let okCount = 0;
    for (let i = 0; i < 10 && !limited; i += 1) {
      const res = await api("GET", "/api/rooms");
      if (res.status === 429) limited = res;
      else {
        assertStatus(res, 200, `anonymous request ${i + 1}`);
        okCount += 1;
      }
    }
    assert.ok(limited, "a 429 arrived");
    assertRateLimited(limited, "anonymous request over the limit", 60);
    assert.equal(okCount, 4, "6 per minute for the IP, 2 used by the signups");
  });
});

describe("--rate-chat 3/min --rate-join 2/min", () => {
  let server;
  before(async () => {
    server = await startServer({ rates: { chat: "3/min", join: "2/min" } });
  });
  after(async () => {
    await server?.stop();
  });

  it("property 28: the 4th message in a minute answers 429 RATE_LIMITED over REST and over the socket; another user still chats", async () => {
    const a = await signup("chatty");
    const b = await signup("calm");
    const room = await createRoom(a.token, { capacity: 10 });
    await joinRoom(a.token, room.id);
    await joinRoom(b.token, room.id);
    for (let i = 1; i <= 3; i += 1) {
      assertStatus(await api("POST", `/api/rooms/${room.id}/chat`, { content: `m${i}`, type: "TEXT" }, a.token), 201, `message ${i}`);
    }
    assertRateLimited(await api("POST", `/api/rooms/${room.id}/chat`, { content: "m4", type: "TEXT" }, a.token), "4th message", 60);
    const sa = await connectRoom(server.port, room.id, a.token);
    const ack = await emitAck(sa, "send-message", { content: "m5 over the socket", type: "TEXT" });
    assert.equal(ack?.ok, false, JSON.stringify(ack));
    assert.equal(ack.error?.code, "RATE_LIMITED", JSON.stringify(ack));
    assertStatus(await api("POST", `/api/rooms/${room.id}/chat`, { content: "b1", type: "TEXT" }, b.token), 201, "another user");
    const sb = await connectRoom(server.port, room.id, b.token);
    assert.equal((await emitAck(sb, "send-message", { content: "b2", type: "TEXT" })).ok, true, "another user over the socket");
    const page = await api("GET", `/api/rooms/${room.id}/messages`);
    assert.deepEqual(page.body.messages.map((m) => m.content).sort(), ["b1", "b2", "m1", "m2", "m3"]);
    // other requests are not chat
    assertStatus(await api("POST", `/api/rooms/${room.id}/timer-sync`, { action: "start", duration: 60 }, a.token), 200);
  });

  it("property 28: the 3rd join in a minute answers 429 RATE_LIMITED (not ROOM_FULL); another user still joins", async () => {
    const u = await signup("hopper");
    const v = await signup("steady");
    const room = await createRoom(u.token, { capacity: 10 });
    await joinRoom(u.token, room.id);
    await leaveRoom(u.token, room.id);
    await joinRoom(u.token, room.id);
    await leaveRoom(u.token, room.id);
    assertRateLimited(await api("POST", `/api/rooms/${room.id}/join`, {}, u.token), "3rd join", 60);
    await joinRoom(v.token, room.id);
    const res = await api("GET", `/api/rooms/${room.id}`);
    assert.deepEqual(res.body.participants.map((p) => p.user_id), [v.id], "the refused join did not happen");
  });
});

describe("--rate-api 4/sec", () => {
  let server;
  before(async () => {
    server = await startServer({ rates: { api: "4/sec" } });
  });
  after(async () => {
    await server?.stop();
  });

  it("property 28: requests are refused until the window resets, then served again", async () => {
    const a = await signup("patient");
    await sleep(1100); // a fresh window for this IP and user
    let limited = null;
    let okCount = 0;
    for (let i = 0; i < 10 && !limited; i += 1) {
      const res = await api("GET", "/api/me", undefined, a.token);
      if (res.status === 429) limited = res;
      else {
        assertStatus(res, 200);
        okCount += 1;
      }
    }
    assert.ok(limited, "a 429 arrived within 10 quick requests");
    assert.ok(okCount >= 4, `the first 4 were served (served ${okCount})`);
    const retry = assertRateLimited(limited, "over 4/sec", 1);
    await sleep(retry * 1000 + 150);
    assertStatus(await api("GET", "/api/me", undefined, a.token), 200, `served again after Retry-After (${retry} s)`);
  });
});
