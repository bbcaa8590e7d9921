// Two Carrel instances on one PostgreSQL database and one Redis (the cluster adapter): room
// events cross instances exactly once, a kick on one instance disconnects the user on the other,
// the official @socket.io/redis-emitter emits into Carrel rooms, capacity holds for joins spread
// over both, a user who moves to the other instance within the grace keeps their place, and
// the room-list cache, rate limits, public per-IP connection limit and anonymous users are
// shared through Redis and PostgreSQL.
// Needs CARREL_TEST_POSTGRES_URL and CARREL_TEST_REDIS_URL (make test-cluster sets both);
// skipped otherwise.
import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "redis";
import { Emitter } from "@socket.io/redis-emitter";
import {
  POSTGRES_URL, it, startServer, signup, signupMany, createRoom, joinRoom, getRoom, api,
  assertStatus, adminToken, enterRoom, emitAck, waitFor, noEvent, waitDisconnect, sleep,
  connectRoom, connectNamespace, assertError, listRooms,
} from "./helpers.mjs";
import { execFileSync } from "node:child_process";

const REDIS_URL = process.env.CARREL_TEST_REDIS_URL || "";
const skip = !POSTGRES_URL || !REDIS_URL ? "needs CARREL_TEST_POSTGRES_URL and CARREL_TEST_REDIS_URL" : false;
const SECRET = "cluster-test-secret-0123456789abcdef";

/** Counts the `event`s matching `predicate` a socket received so far. */
const count = (socket, event, predicate = () => true) =>
  socket.received.filter((r) => r.event === event && predicate(r.args[0])).length;

describe("two instances", { skip }, () => {
  let a;
  let b;
  let redis;

  before(async () => {
    const args = ["--redis-url", REDIS_URL, "--jwt-secret", SECRET, "--trust-proxy"];
    const rates = { join: "6/min" };
    a = await startServer({ args, rates });
    a.options.keepDatabase = true; // a restart must not wipe the database b is using
    b = await startServer({ args, rates, keepDatabase: true });
    redis = createClient({ url: REDIS_URL });
    redis.on("error", () => {});
    await redis.connect();
  });

  after(async () => {
    await redis?.quit().catch(() => {});
    await b?.stop();
    await a?.stop();
  });

  /** A room with one user entered through `a` and one through `b`. */
  async function pair(fields = {}) {
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, fields, { server: a });
    const [ua, ub] = await signupMany(2, "member", { server: a });
    await joinRoom(ua.token, room.id, {}, { server: a });
    await joinRoom(ub.token, room.id, {}, { server: b });
    const { socket: sa } = await enterRoom(a.port, room.id, ua);
    const { socket: sb } = await enterRoom(b.port, room.id, ub);
    return { owner, room, ua, ub, sa, sb };
  }

  it("chat and timer events reach both instances exactly once", async () => {
    const { room, ua, ub, sa, sb } = await pair();
    const content = `hello ${Date.now()}`;
    const gotA = waitFor(sa, "new-message", (m) => m.content === content);
    const gotB = waitFor(sb, "new-message", (m) => m.content === content);
    const ack = await emitAck(sa, "send-message", { content, type: "TEXT" });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await Promise.all([gotA, gotB]);
    const timerA = waitFor(sa, "timer-synced", (t) => t.synced_by === ub.id);
    const timerB = waitFor(sb, "timer-synced", (t) => t.synced_by === ub.id);
    const tack = await emitAck(sb, "timer-update", { action: "start", duration: 600 });
    assert.equal(tack.ok, true, JSON.stringify(tack));
    await Promise.all([timerA, timerB]);
    const restA = waitFor(sa, "new-message", (m) => m.content === "via rest");
    const restB = waitFor(sb, "new-message", (m) => m.content === "via rest");
    const rest = await api("POST", `/api/rooms/${room.id}/chat`, { content: "via rest", type: "TEXT" }, ub.token, { server: b });
    assertStatus(rest, 201, "REST chat on b");
    await Promise.all([restA, restB]);
    await sleep(700); // any duplicate would have arrived by now
    for (const [name, socket] of [["a", sa], ["b", sb]]) {
      assert.equal(count(socket, "new-message", (m) => m.content === content), 1, `${name}: one new-message`);
      assert.equal(count(socket, "new-message", (m) => m.content === "via rest"), 1, `${name}: one REST message`);
      assert.equal(count(socket, "timer-synced"), 1, `${name}: one timer-synced`);
    }
    assert.equal(count(sb, "user-joined", (j) => j.user_id === ua.id), 0, "b joined after a's user-joined");
  });

  it("a kick on instance a disconnects the user connected to instance b", async () => {
    const { room, ub, sa, sb } = await pair();
    const kicked = waitFor(sb, "user-kicked", (k) => k.user_id === ub.id, 5000);
    const gone = waitDisconnect(sb, 5000);
    const left = waitFor(sa, "user-left", (l) => l.user_id === ub.id, 5000);
    const res = await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "kick", target_user_id: ub.id }, await adminToken(a), { server: a });
    assertStatus(res, 200, "kick");
    await kicked;
    assert.equal(await gone, "io server disconnect");
    await left;
    const { room: after } = await getRoom(room.id, { server: b });
    assert.equal(after.current_occupancy, 1);
  });

  it("the official @socket.io/redis-emitter emits into rooms on every instance", async () => {
    const { room, ua, ub, sa, sb } = await pair();
    const emitter = new Emitter(redis);
    const nsp = emitter.of(`/room/${room.id}`);
    const allA = waitFor(sa, "announcement", (m) => m.text === "to all");
    const allB = waitFor(sb, "announcement", (m) => m.text === "to all");
    nsp.emit("announcement", { text: "to all", n: 1.5 });
    assert.deepEqual(await allA, { text: "to all", n: 1.5 });
    await allB;
    const onlyB = waitFor(sb, "direct", () => true);
    const notA = noEvent(sa, "direct", 800);
    nsp.to(`user:${ub.id}`).emit("direct", "for b", Buffer.from([1, 2, 3]));
    await onlyB;
    const direct = sb.received.find((r) => r.event === "direct");
    assert.equal(direct.args[0], "for b");
    assert.deepEqual([...new Uint8Array(direct.args[1])], [1, 2, 3]);
    await notA;
    const exceptA = waitFor(sb, "except", () => true);
    const skipped = noEvent(sa, "except", 800);
    nsp.except(`user:${ua.id}`).emit("except", 1);
    await Promise.all([exceptA, skipped]);
    const dropped = waitDisconnect(sb, 5000);
    nsp.in(`user:${ub.id}`).disconnectSockets();
    assert.equal(await dropped, "io server disconnect");
    assert.equal(sa.connected, true);
  });

  it("capacity: 12 concurrent joins spread over both instances admit exactly 5", async () => {
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, { capacity: 5 }, { server: a });
    const users = await signupMany(12, "crowd", { server: b });
    const answers = await Promise.all(users.map((u, i) =>
      api("POST", `/api/rooms/${room.id}/join`, {}, u.token, { server: i % 2 ? a : b })));
    const statuses = answers.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 200).length, 5, `statuses: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 429).length, 7, `statuses: ${statuses}`);
    for (const server of [a, b]) {
      const details = await getRoom(room.id, { server });
      assert.equal(details.room.current_occupancy, 5);
      assert.equal(details.participants.length, 5);
    }
  });

  it("a user whose socket moves from a to b within the grace keeps their place", async () => {
    const { room, ua, sa } = await pair();
    const observer = sa;
    const [mover] = await signupMany(1, "mover", { server: a });
    await joinRoom(mover.token, room.id, {}, { server: a });
    const first = await connectRoom(a.port, room.id, mover.token);
    first.disconnect();
    await sleep(300);
    const second = await connectRoom(b.port, room.id, mover.token);
    await noEvent(observer, "user-left", 4500, (l) => l.user_id === mover.id);
    const { participants } = await getRoom(room.id, { server: a });
    assert.ok(participants.some((p) => p.user_id === mover.id), "still a participant");
    assert.equal(second.connected, true);
    assert.ok(ua);
  });

  it("rate limits count the hits on both instances", async () => {
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, {}, { server: a });
    const user = await signup("hopper", { server: a });
    // 6 joins per minute over the cluster: 3 on each instance, each followed by a leave.
    for (let i = 0; i < 6; i += 1) {
      const server = i % 2 ? b : a;
      await joinRoom(user.token, room.id, {}, { server });
      assertStatus(await api("POST", `/api/rooms/${room.id}/leave`, {}, user.token, { server }), 200, "leave");
    }
    for (const server of [a, b]) {
      const res = await api("POST", `/api/rooms/${room.id}/join`, {}, user.token, { server });
      assertError(res, 429, "RATE_LIMITED", `7th join on port ${server.port}`);
      assert.ok(Number(res.headers["retry-after"]) >= 1);
    }
  });

  it("property 38: the room list is cached in Redis for 5 s and dropped when a room changes", async () => {
    await sleep(4000); // the presence cleanups of the sockets earlier tests closed change rooms
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, {}, { server: a });
    await listRooms({ server: a });
    const ttl = await redis.pTTL("carrel:cache:rooms");
    assert.ok(ttl > 0 && ttl <= 5000, `cache TTL ${ttl} ms`);
    const cached = JSON.parse(await redis.get("carrel:cache:rooms"));
    assert.ok(cached.rooms.some((r) => r.id === room.id), "the new room is in the cached list");
    // A change made through Carrel drops the entry: b lists the new occupancy at once.
    const [user] = await signupMany(1, "joiner", { server: a });
    await joinRoom(user.token, room.id, {}, { server: a });
    const seen = (await listRooms({ server: b })).find((r) => r.id === room.id);
    assert.equal(seen.current_occupancy, 1);
    // A change behind Carrel's back shows once the entry expired.
    await listRooms({ server: a });
    const renamed = `${room.name} renamed`;
    execFileSync("psql", [POSTGRES_URL, "-q", "-c", `UPDATE rooms SET name = '${renamed}' WHERE id = '${room.id}'`], { stdio: "pipe" });
    const early = (await listRooms({ server: b })).find((r) => r.id === room.id);
    assert.equal(early.name, room.name, "served from the cache within 5 s");
    await sleep(5200);
    const late = (await listRooms({ server: b })).find((r) => r.id === room.id);
    assert.equal(late.name, renamed, "fresh from the database after 5 s");
  });

  it("public rooms: an anonymous user made on a works on b, and the per-IP limit spans both", async () => {
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, { is_public: true }, { server: a });
    const ip = `10.77.${process.pid % 250}.9`;
    const headers = { "X-Forwarded-For": ip };
    const made = await api("POST", "/api/public/users", { name: "Anon" }, undefined, { server: a, headers });
    const anon = assertStatus(made, 201, "anonymous user on a").user;
    assertStatus(await api("POST", `/api/public/rooms/${room.id}/join`, { user_id: anon.id }, undefined, { server: b, headers }), 200, "public join on b");
    const other = await api("POST", `/api/public/rooms/${room.id}/join`, { user_id: anon.id }, undefined, { server: b, headers: { "X-Forwarded-For": "10.78.0.1" } });
    assertError(other, 403, "INVALID_USER", "another IP on b");
    const open = (server) => connectNamespace(server.port, `/public-room/${room.id}`, { auth: { user_id: anon.id }, extraHeaders: headers });
    const first = await open(a);
    const second = await open(b);
    for (const server of [a, b]) {
      await assert.rejects(open(server), (err) => err.data?.code === "TOO_MANY_CONNECTIONS", `third on port ${server.port}`);
    }
    first.disconnect();
    await sleep(300);
    const third = await open(b);
    assert.equal(third.connected && second.connected, true);
  });
});
