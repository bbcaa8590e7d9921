// Public rooms for anonymous users end to end (seed 002, DESIGN.md sections 3 and 4,
// docs/rooms-api.md "Public rooms"): anonymous users bound to their IP, the public REST routes,
// the /public-room/:roomId namespace with its per-IP connection limit and health ping, and the
// same room events for anonymous and registered participants. The servers run with
// --trust-proxy, so each test plays its own client IPs through X-Forwarded-For.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import {
  UUID_RE,
  adminToken,
  api,
  assertError,
  assertStatus,
  connectNamespace,
  createRoom,
  emitAck,
  enterRoom,
  getRoom,
  it,
  joinRoom,
  leaveRoom,
  listRooms,
  noEvent,
  randomUUID,
  signup,
  sleep,
  softly,
  startServer,
  useServer,
  waitDisconnect,
  waitFor,
} from "./helpers.mjs";

let server; // --public-max-conns-per-ip 2, the default 300 s health ping
let pinging; // --health-ping-interval 1s --health-max-missed 2

before(async () => {
  pinging = await startServer({
    args: ["--trust-proxy", "--health-ping-interval", "1s", "--health-max-missed", "2"],
  });
  server = await startServer({ args: ["--trust-proxy", "--public-max-conns-per-ip", "2"] });
});
after(async () => {
  await server?.stop();
  await pinging?.stop();
});

let ipCounter = 0;
/** A client IP no other test of this process uses. */
function freshIp() {
  ipCounter += 1;
  return `10.${process.pid % 250}.${ipCounter >> 8}.${ipCounter & 255}`;
}

const from = (ip, target = server) => ({ server: target, headers: { "X-Forwarded-For": ip } });

/** POST /api/public/users from `ip`, which must succeed; returns the user. */
async function anonymous(ip, name = "Anon", target = server) {
  const res = await api("POST", "/api/public/users", { name }, undefined, from(ip, target));
  assertStatus(res, 201, `create anonymous user from ${ip}`);
  return res.body.user;
}

function publicJoin(roomId, userId, ip, target = server) {
  return api("POST", `/api/public/rooms/${roomId}/join`, { user_id: userId }, undefined,
    from(ip, target));
}

function publicLeave(roomId, userId, ip, target = server) {
  return api("POST", `/api/public/rooms/${roomId}/leave`, { user_id: userId }, undefined,
    from(ip, target));
}

/** Connects to /public-room/<roomId> as `userId` from `ip`. */
function connectPublic(roomId, userId, ip, target = server, opts = {}) {
  const auth = userId === undefined ? {} : { user_id: userId };
  return connectNamespace(target.port, `/public-room/${roomId}`, {
    auth,
    extraHeaders: { "X-Forwarded-For": ip },
    ...opts,
  });
}

/** Connecting must fail; resolves with the connect_error data. */
async function refusedPublic(roomId, userId, ip, target = server) {
  try {
    const socket = await connectPublic(roomId, userId, ip, target);
    socket.disconnect();
  } catch (err) {
    assert.ok(err.data && typeof err.data === "object", `connect_error carries data: ${err.message}`);
    assert.equal(typeof err.data.message, "string", "connect_error data has a message");
    return err.data;
  }
  assert.fail(`connecting to /public-room/${roomId} as ${userId} from ${ip} should have been refused`);
}

/** A fresh public room (owned by a registered user) on `target`. */
async function publicRoom(target = server, fields = {}) {
  useServer(target);
  const owner = await signup("owner");
  const room = await createRoom(owner.token, { capacity: 10, ...fields });
  return { owner, room };
}

it("POST /api/public/users creates anonymous users without email or token", async () => {
  useServer(server);
  const ip = freshIp();
  const res = await api("POST", "/api/public/users", { name: "  Ada  " }, undefined, from(ip));
  const body = assertStatus(res, 201, "create anonymous user");
  assert.match(String(body.user?.id), UUID_RE);
  assert.equal(body.user.name, "Ada");
  assert.equal(body.user.is_anonymous, true);
  assert.equal(body.user.is_admin, false);
  assert.equal(body.user.email, null);
  assert.equal(body.token, undefined, "the user id is the credential; no token");
  assert.ok(!Number.isNaN(Date.parse(body.user.created_at)), "created_at is ISO 8601");
  // Anonymous users have no email, so any number of them can exist side by side.
  const more = await Promise.all([anonymous(ip), anonymous(ip), anonymous(freshIp())]);
  assert.equal(new Set([body.user.id, ...more.map((u) => u.id)]).size, 4, "distinct ids");

  const soft = softly();
  await soft.check("missing name", async () => {
    const bad = await api("POST", "/api/public/users", {}, undefined, from(ip));
    assert.ok(assertError(bad, 400, "VALIDATION_ERROR").details.fields.name);
  });
  await soft.check("blank name", async () => {
    assertError(await api("POST", "/api/public/users", { name: "   " }, undefined, from(ip)),
      400, "VALIDATION_ERROR");
  });
  await soft.check("name over 100 characters", async () => {
    assertError(await api("POST", "/api/public/users", { name: "n".repeat(101) }, undefined,
      from(ip)), 400, "VALIDATION_ERROR");
  });
  await soft.check("malformed JSON", async () => {
    assertError(await api("POST", "/api/public/users", "{", undefined, from(ip)), 400,
      "INVALID_JSON");
  });
  soft.done();
});

it("GET /api/public/rooms lists the public rooms with occupancy, as GET /api/rooms does", async () => {
  const { owner, room } = await publicRoom();
  const hidden = await createRoom(owner.token, { is_public: false });
  const res = await api("GET", "/api/public/rooms");
  const body = assertStatus(res, 200, "list public rooms");
  assert.ok(Array.isArray(body.rooms), "rooms is an array");
  const names = body.rooms.map((r) => r.name);
  for (let i = 1; i <= 10; i += 1) assert.ok(names.includes(`Study Room ${i}`), `Study Room ${i}`);
  const listed = body.rooms.find((r) => r.id === room.id);
  assert.deepEqual(Object.keys(listed).sort(), [
    "available_spots", "capacity", "current_occupancy", "id", "is_public", "media_topology", "name",
  ]);
  assert.equal(listed.is_public, true);
  assert.equal(body.rooms.find((r) => r.id === hidden.id), undefined, "private rooms are not listed");
  assert.ok(body.rooms.every((r) => r.is_public === true));

  const ip = freshIp();
  const user = await anonymous(ip);
  assertStatus(await publicJoin(room.id, user.id, ip), 200, "join");
  const after = (await api("GET", "/api/public/rooms")).body.rooms.find((r) => r.id === room.id);
  assert.equal(after.current_occupancy, 1);
  assert.equal(after.available_spots, 9);
  assert.deepEqual(after, (await listRooms()).find((r) => r.id === room.id));
});

it("an anonymous user joins and leaves over REST like a registered one", async () => {
  const { owner, room } = await publicRoom(server, { capacity: 2 });
  const ip = freshIp();
  const user = await anonymous(ip, "Grace");
  const joined = assertStatus(await publicJoin(room.id, user.id, ip), 200, "join");
  assert.equal(joined.success, true);
  assert.match(String(joined.participant_id), UUID_RE);
  assert.deepEqual(joined.room, { id: room.id, name: room.name, current_occupancy: 1 });
  const details = await getRoom(room.id);
  assert.deepEqual(details.participants.map((p) => [p.user_id, p.user_name]), [[user.id, "Grace"]]);

  const soft = softly();
  await soft.check("one room per user", async () => {
    const other = (await listRooms()).find((r) => r.name === "Study Room 9");
    const err = assertError(await publicJoin(other.id, user.id, ip), 409, "ALREADY_IN_ROOM");
    assert.equal(err.details.room_id, room.id);
  });
  await soft.check("capacity counts anonymous and registered participants alike", async () => {
    await joinRoom(owner.token, room.id);
    const late = await anonymous(ip);
    assertError(await publicJoin(room.id, late.id, ip), 429, "ROOM_FULL");
    await leaveRoom(owner.token, room.id);
  });
  soft.done();

  const left = assertStatus(await publicLeave(room.id, user.id, ip), 200, "leave");
  assert.equal(left.success, true);
  assert.equal(left.room.current_occupancy, 0);
  assert.equal(left.session_log.user_id, user.id);
  assertError(await publicLeave(room.id, user.id, ip), 404, "NOT_PARTICIPANT");
  // The visit is in the session logs like any other.
  const logs = await api("GET", `/api/session-logs?user_id=${user.id}`, undefined,
    await adminToken());
  const visits = assertStatus(logs, 200, "session logs").session_logs.filter((l) => l.kind === "visit");
  assert.equal(visits.length, 1);
  assert.equal(visits[0].room_id, room.id);
});

it("REST refusals: unknown, registered or foreign users are INVALID_USER; private rooms do not exist", async () => {
  const { owner, room } = await publicRoom();
  const hidden = await createRoom(owner.token, { is_public: false });
  const ip = freshIp();
  const user = await anonymous(ip);
  const soft = softly();
  await soft.check("the user id from another IP", async () => {
    assertError(await publicJoin(room.id, user.id, freshIp()), 403, "INVALID_USER");
  });
  await soft.check("leave from another IP", async () => {
    assertStatus(await publicJoin(room.id, user.id, ip), 200, "join");
    assertError(await publicLeave(room.id, user.id, freshIp()), 403, "INVALID_USER");
    assert.equal((await getRoom(room.id)).room.current_occupancy, 1, "still in the room");
    assertStatus(await publicLeave(room.id, user.id, ip), 200, "leave");
  });
  await soft.check("an unknown user id", async () => {
    assertError(await publicJoin(room.id, randomUUID(), ip), 403, "INVALID_USER");
  });
  await soft.check("a registered user's id", async () => {
    assertError(await publicJoin(room.id, owner.id, ip), 403, "INVALID_USER");
  });
  await soft.check("no user_id", async () => {
    const err = assertError(await api("POST", `/api/public/rooms/${room.id}/join`, {}, undefined,
      from(ip)), 400, "VALIDATION_ERROR");
    assert.ok(err.details.fields.user_id);
  });
  await soft.check("a user_id that is not a UUID", async () => {
    assertError(await publicJoin(room.id, "nope", ip), 400, "VALIDATION_ERROR");
  });
  await soft.check("an unknown room", async () => {
    assertError(await publicJoin(randomUUID(), user.id, ip), 404, "ROOM_NOT_FOUND");
  });
  await soft.check("a room id that is not a UUID", async () => {
    assertError(await publicJoin("not-a-room", user.id, ip), 404, "ROOM_NOT_FOUND");
  });
  await soft.check("a private room", async () => {
    assertError(await publicJoin(hidden.id, user.id, ip), 404, "ROOM_NOT_FOUND");
  });
  soft.done();
});

it("namespace refusals: INVALID_USER from another IP or for a wrong id, ROOM_NOT_FOUND", async () => {
  const { owner, room } = await publicRoom();
  const hidden = await createRoom(owner.token, { is_public: false });
  const ip = freshIp();
  const user = await anonymous(ip);
  const soft = softly();
  const refusedWith = (code) => async (data) => assert.equal(data.code, code, JSON.stringify(data));
  await soft.check("the user id from another IP", async () => {
    await refusedWith("INVALID_USER")(await refusedPublic(room.id, user.id, freshIp()));
  });
  await soft.check("an unknown user id", async () => {
    await refusedWith("INVALID_USER")(await refusedPublic(room.id, randomUUID(), ip));
  });
  await soft.check("no auth", async () => {
    await refusedWith("INVALID_USER")(await refusedPublic(room.id, undefined, ip));
  });
  await soft.check("a registered user's id", async () => {
    await refusedWith("INVALID_USER")(await refusedPublic(room.id, owner.id, ip));
  });
  await soft.check("an unknown room", async () => {
    await refusedWith("ROOM_NOT_FOUND")(await refusedPublic(randomUUID(), user.id, ip));
  });
  await soft.check("a private room", async () => {
    await refusedWith("ROOM_NOT_FOUND")(await refusedPublic(hidden.id, user.id, ip));
  });
  // None of the refusals used up the IP's connections.
  await soft.check("the right IP is admitted", async () => {
    const a = await connectPublic(room.id, user.id, ip);
    const b = await connectPublic(room.id, user.id, ip);
    a.disconnect();
    b.disconnect();
  });
  soft.done();
});

it("a third connection from one IP is TOO_MANY_CONNECTIONS until one disconnects", async () => {
  const { room } = await publicRoom();
  const other = (await listRooms()).find((r) => r.name === "Study Room 7");
  const ip = freshIp();
  const [u1, u2] = [await anonymous(ip), await anonymous(ip)];
  // The limit is per IP over all public rooms and users.
  const first = await connectPublic(room.id, u1.id, ip);
  const second = await connectPublic(other.id, u2.id, ip);
  const data = await refusedPublic(room.id, u1.id, ip);
  assert.equal(data.code, "TOO_MANY_CONNECTIONS", JSON.stringify(data));
  // Another address is not affected.
  const elsewhereIp = freshIp();
  const elsewhere = await connectPublic(room.id, (await anonymous(elsewhereIp)).id, elsewhereIp);
  elsewhere.disconnect();

  const gone = waitDisconnect(first);
  first.disconnect();
  await gone;
  // The server learns of the disconnect a moment later; the slot is free within a second.
  let third = null;
  for (let attempt = 0; attempt < 10 && !third; attempt += 1) {
    try {
      third = await connectPublic(room.id, u1.id, ip);
    } catch (err) {
      assert.equal(err.data?.code, "TOO_MANY_CONNECTIONS", err.message);
      await sleep(100);
    }
  }
  assert.ok(third?.connected, "admitted again after a disconnect");
  assert.equal((await refusedPublic(room.id, u2.id, ip)).code, "TOO_MANY_CONNECTIONS");
  second.disconnect();
  third.disconnect();
});

it("join-room and leave-room on /public-room reach the registered users' /room namespace and back", async () => {
  const { owner, room } = await publicRoom();
  await joinRoom(owner.token, room.id);
  const { socket: registered } = await enterRoom(server.port, room.id, owner);
  const ip = freshIp();
  const user = await anonymous(ip, "Lin");
  const anon = await connectPublic(room.id, user.id, ip);

  const seenByRegistered = waitFor(registered, "user-joined", (e) => e.user_id === user.id);
  const seenByAnon = waitFor(anon, "user-joined", (e) => e.user_id === user.id);
  const ack = await emitAck(anon, "join-room", {});
  assert.equal(ack.ok, true, JSON.stringify(ack));
  assert.equal(ack.state.room.id, room.id);
  assert.equal(ack.state.room.current_occupancy, 2);
  assert.deepEqual(ack.state.participants.map((p) => p.user_id).sort(), [owner.id, user.id].sort());
  for (const joined of [await seenByRegistered, await seenByAnon]) {
    assert.equal(joined.user_name, "Lin");
    assert.equal(joined.current_occupancy, 2);
    assert.ok(!Number.isNaN(Date.parse(joined.joined_at)), "joined_at is ISO 8601");
    assert.equal(typeof joined.version, "number");
  }
  // A second join-room is answered with the state and announces nothing.
  const quiet = noEvent(registered, "user-joined", 400);
  assert.equal((await emitAck(anon, "join-room")).ok, true);
  await quiet;

  // Room broadcasts of registered users reach the anonymous participant.
  const message = waitFor(anon, "new-message", (m) => m.user_id === owner.id);
  assert.equal((await emitAck(registered, "send-message", { content: "hello", type: "TEXT" })).ok, true);
  assert.equal((await message).content, "hello");

  const leftForRegistered = waitFor(registered, "user-left", (e) => e.user_id === user.id);
  const leftAck = await emitAck(anon, "leave-room");
  assert.equal(leftAck.ok, true, JSON.stringify(leftAck));
  const left = await leftForRegistered;
  assert.equal(left.current_occupancy, 1);
  assert.equal(left.reason, "left");
  assert.ok(anon.connected, "the socket stays connected after leave-room");

  // The owner leaving over REST reaches the anonymous socket.
  const ownerLeft = waitFor(anon, "user-left", (e) => e.user_id === owner.id);
  await leaveRoom(owner.token, room.id);
  assert.equal((await ownerLeft).current_occupancy, 0);

  const soft = softly();
  await soft.check("leave-room when not a participant", async () => {
    const again = await emitAck(anon, "leave-room");
    assert.equal(again.ok, false);
    assert.equal(again.error.code, "NOT_PARTICIPANT");
  });
  await soft.check("events other than join-room, leave-room and pong are unknown", async () => {
    const unknown = await emitAck(anon, "send-message", { content: "x" });
    assert.equal(unknown.ok, false);
    assert.equal(unknown.error.code, "UNKNOWN_EVENT");
  });
  soft.done();
});

it("a REST join of an anonymous user is announced on both namespaces", async () => {
  const { owner, room } = await publicRoom();
  await joinRoom(owner.token, room.id);
  const { socket: registered } = await enterRoom(server.port, room.id, owner);
  const ip = freshIp();
  const watcher = await anonymous(ip, "Watcher");
  const watching = await connectPublic(room.id, watcher.id, ip);
  const user = await anonymous(ip, "Rest");
  const forRegistered = waitFor(registered, "user-joined", (e) => e.user_id === user.id);
  const forAnon = waitFor(watching, "user-joined", (e) => e.user_id === user.id);
  assertStatus(await publicJoin(room.id, user.id, ip), 200, "join");
  assert.equal((await forRegistered).user_name, "Rest");
  assert.equal((await forAnon).current_occupancy, 2);
  const leftForAnon = waitFor(watching, "user-left", (e) => e.user_id === user.id);
  assertStatus(await publicLeave(room.id, user.id, ip), 200, "leave");
  assert.equal((await leftForAnon).current_occupancy, 1);
});

it("an anonymous socket that drops without leaving is cleaned up within 5 s", async () => {
  const { owner, room } = await publicRoom();
  await joinRoom(owner.token, room.id);
  const { socket: registered } = await enterRoom(server.port, room.id, owner);
  const ip = freshIp();
  const user = await anonymous(ip);
  assertStatus(await publicJoin(room.id, user.id, ip), 200, "join");
  const first = await connectPublic(room.id, user.id, ip);
  const second = await connectPublic(room.id, user.id, ip);
  assert.equal((await emitAck(first, "join-room")).ok, true);

  const left = waitFor(registered, "user-left", (e) => e.user_id === user.id, 6000);
  const dropped = Date.now();
  // As a network failure would: the connections end without a namespace disconnect.
  first.io.engine.close();
  second.io.engine.close();
  const event = await left;
  assert.ok(Date.now() - dropped <= 5000, `user-left after ${Date.now() - dropped} ms`);
  assert.equal(event.reason, "disconnected");
  assert.equal(event.current_occupancy, 1);
  const details = await getRoom(room.id);
  assert.equal(details.room.current_occupancy, 1);
  assert.deepEqual(details.participants.map((p) => p.user_id), [owner.id]);
  // Both connection slots of the IP are free again.
  const a = await connectPublic(room.id, user.id, ip);
  const b = await connectPublic(room.id, user.id, ip);
  a.disconnect();
  b.disconnect();
});

it("health ping: a socket that answers pong stays, one that does not gets CONNECTION_TIMEOUT", async () => {
  const { room } = await publicRoom(pinging);
  const [ipAlive, ipSilent] = [freshIp(), freshIp()];
  const alive = await anonymous(ipAlive, "Alive", pinging);
  const silent = await anonymous(ipSilent, "Silent", pinging);
  const aliveSocket = await connectPublic(room.id, alive.id, ipAlive, pinging);
  let pongs = 0;
  aliveSocket.on("ping", () => {
    pongs += 1;
    aliveSocket.emit("pong");
  });
  assert.equal((await emitAck(aliveSocket, "join-room")).ok, true);
  const silentSocket = await connectPublic(room.id, silent.id, ipSilent, pinging);
  assert.equal((await emitAck(silentSocket, "join-room")).ok, true);
  const silentLeft = waitFor(aliveSocket, "user-left", (e) => e.user_id === silent.id, 12000);

  const timedOut = waitFor(silentSocket, "error", (e) => e.code === "CONNECTION_TIMEOUT", 8000);
  const disconnected = waitDisconnect(silentSocket, 9000);
  const error = await timedOut;
  assert.equal(typeof error.message, "string");
  assert.equal(await disconnected, "io server disconnect");
  const pings = silentSocket.received.filter((r) => r.event === "ping").length;
  assert.equal(pings, 2, "pinged --health-max-missed times before the timeout");
  // The dropped participant is cleaned up like any other.
  assert.equal((await silentLeft).reason, "disconnected");

  await sleep(1500);
  assert.ok(aliveSocket.connected, "the socket that answers stays connected");
  assert.ok(pongs >= 2, `answered ${pongs} pings`);
  assert.equal(aliveSocket.received.filter((r) => r.event === "error").length, 0);
});
