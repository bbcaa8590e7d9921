// The /room/:roomId Socket.IO namespace end to end with the official socket.io-client, against
// one build/carrel process (DESIGN.md section 4, docs/rooms-api.md). REST actions must reach
// the namespace exactly like socket actions. Property numbers refer to seed 000.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import {
  JOIN_CODE_RE,
  adminToken,
  api,
  assertStatus,
  connectNamespace,
  connectRoom,
  createRoom,
  decodeJwt,
  emitAck,
  enterRoom,
  getRoom,
  it,
  joinRoom,
  leaveRoom,
  makeJwt,
  noEvent,
  randomUUID,
  sendBurst,
  signup,
  signupMany,
  sleep,
  softly,
  startServer,
  waitDisconnect,
  waitFor,
} from "./helpers.mjs";

let server; // server.port changes if the server has to be restarted after a crash

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** Connecting must fail; resolves with the connect_error data. */
async function refused(roomId, token, opts = {}) {
  try {
    const socket = await connectRoom(server.port, roomId, token, opts);
    socket.disconnect();
  } catch (err) {
    assert.ok(err.data && typeof err.data === "object", `connect_error carries data: ${err.message}`);
    return err.data;
  }
  assert.fail(`connecting to /room/${roomId} should have been refused`);
}

/**
 * A fresh room with users who joined over REST, connected and sent join-room.
 * Returns {room, users: [...], sockets: [...], acks: [...]}.
 */
async function roomWith(n, { capacity = 10, opts = [] } = {}) {
  const owner = await signup("owner");
  const room = await createRoom(owner.token, { capacity });
  const users = await signupMany(n, "member");
  const sockets = [];
  const acks = [];
  for (let i = 0; i < n; i += 1) {
    await joinRoom(users[i].token, room.id);
    const { socket, ack } = await enterRoom(server.port, room.id, users[i], opts[i] ?? {});
    sockets.push(socket);
    acks.push(ack);
  }
  return { owner, room, users, sockets, acks };
}

const versionOf = (payload, what) => {
  assert.equal(typeof payload?.version, "number", `${what} carries a numeric version: ${JSON.stringify(payload)}`);
  return payload.version;
};

function assertAckError(ack, code, what) {
  assert.ok(ack && typeof ack === "object", `${what}: ack is an object: ${JSON.stringify(ack)}`);
  assert.equal(ack.ok, false, `${what}: ok false: ${JSON.stringify(ack)}`);
  assert.equal(ack.error?.code, code, `${what}: error.code ${code}: ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.error?.message, "string", `${what}: error.message: ${JSON.stringify(ack)}`);
}

// ---------------------------------------------------------------------------------------------
// connection refusals
// ---------------------------------------------------------------------------------------------

it("property 27: connecting without a token or with a bad one is refused with connect_error UNAUTHORIZED", async () => {
  const u = await signup("sock-auth");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const forged = makeJwt({ alg: "none", typ: "JWT" }, decodeJwt(u.token).payload);
  const otherSecret = makeJwt({ alg: "HS256", typ: "JWT" }, decodeJwt(u.token).payload, "not-the-server-secret");
  for (const [what, token, opts] of [
    ["no auth", null, {}],
    ["empty auth", null, { auth: {} }],
    ["empty token", "", {}],
    ["garbage token", "garbage", {}],
    ["token not a string", null, { auth: { token: 12345 } }],
    ["alg none", forged, {}],
    ["another secret", otherSecret, {}],
  ]) {
    const data = await refused(room.id, token, opts);
    assert.equal(data.code, "UNAUTHORIZED", `${what}: ${JSON.stringify(data)}`);
    assert.equal(typeof data.message, "string", `${what}: message`);
  }
  // the real token works
  const socket = await connectRoom(server.port, room.id, u.token);
  assert.ok(socket.connected);
});

it("connecting as a user who has not joined the room is refused with NOT_PARTICIPANT", async () => {
  const [inA, nowhere] = await signupMany(2, "sock-np");
  const roomA = await createRoom(inA.token, { capacity: 10 });
  const roomB = await createRoom(inA.token, { capacity: 10 });
  await joinRoom(inA.token, roomA.id);
  assert.equal((await refused(roomB.id, inA.token)).code, "NOT_PARTICIPANT", "participant of A connecting to B");
  assert.equal((await refused(roomA.id, nowhere.token)).code, "NOT_PARTICIPANT", "user in no room");
});

it("connecting to an unknown room is refused with ROOM_NOT_FOUND", async () => {
  const u = await signup("sock-nf");
  for (const id of [randomUUID(), "not-a-uuid"]) {
    const data = await refused(id, u.token);
    assert.equal(data.code, "ROOM_NOT_FOUND", `room ${id}: ${JSON.stringify(data)}`);
  }
});

// ---------------------------------------------------------------------------------------------
// joining and the room state
// ---------------------------------------------------------------------------------------------

it("join-room acks {ok: true, state} with room, version, participants, timer and whiteboard", async () => {
  const { room, users, acks } = await roomWith(1, { capacity: 6 });
  const ack = acks[0];
  assert.equal(ack.ok, true);
  const { state } = ack;
  assert.ok(state && typeof state === "object", `state: ${JSON.stringify(ack)}`);
  assert.equal(state.room.id, room.id);
  assert.equal(state.room.name, room.name);
  assert.equal(state.room.capacity, 6);
  assert.equal(state.room.current_occupancy, 1);
  assert.equal(state.room.media_topology, "mesh");
  assert.match(state.room.join_code, JOIN_CODE_RE);
  assert.equal(typeof state.version, "number");
  assert.ok(Array.isArray(state.participants));
  assert.equal(state.participants.length, 1);
  const p = state.participants[0];
  assert.equal(p.user_id, users[0].id);
  assert.equal(p.user_name, users[0].name);
  assert.equal(p.status, "ACTIVE");
  assert.equal(p.mic, false);
  assert.equal(p.cam, true);
  assert.equal(p.screen, false);
  assert.ok(!Number.isNaN(Date.parse(p.joined_at)));
  assert.equal(state.timer, null, "no timer yet");
  assert.ok(state.whiteboard && typeof state.whiteboard === "object", "whiteboard present");
  assert.ok("snapshot" in state.whiteboard && "snapshot_seq" in state.whiteboard, JSON.stringify(state.whiteboard));
  assert.ok(Array.isArray(state.whiteboard.ops));
  assert.equal(state.version, (await getRoom(room.id)).room.version, "the same version as over REST");
});

it("property 36: a REST join broadcasts user-joined with current_occupancy and version; join-room after it broadcasts nothing", async () => {
  const { room, sockets: [sa], acks: [ackA] } = await roomWith(1);
  const b = await signup("joiner-b");
  const joined = waitFor(sa, "user-joined", (p) => p.user_id === b.id);
  const t0 = Date.now();
  await joinRoom(b.token, room.id);
  const t1 = Date.now();
  const ev = await joined;
  assert.equal(ev.user_name, b.name);
  assert.equal(ev.current_occupancy, 2);
  assert.ok(Date.parse(ev.joined_at) >= t0 - 1000 && Date.parse(ev.joined_at) <= t1 + 1000, `joined_at ${ev.joined_at}`);
  assert.ok(versionOf(ev, "user-joined") > ackA.state.version, "the version moved on");

  const quiet = noEvent(sa, "user-joined", 500);
  const { ack } = await enterRoom(server.port, room.id, b);
  assert.equal(ack.state.participants.length, 2);
  assert.equal(ack.state.version, ev.version, "join-room of an existing participant changes nothing");
  await quiet;
});

// ---------------------------------------------------------------------------------------------
// room events
// ---------------------------------------------------------------------------------------------

it("property 36: send-message reaches every participant, the sender too, with sanitized content", async () => {
  const { room, users: [a], sockets: [sa, sb] } = await roomWith(2);
  const content = "hi <script>alert(1)</script><img src=x onerror=alert(1)>";
  const atA = waitFor(sa, "new-message", (m) => m.user_id === a.id);
  const atB = waitFor(sb, "new-message", (m) => m.user_id === a.id);
  const t0 = Date.now();
  const ack = await emitAck(sa, "send-message", { content, type: "TEXT" });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  const [ma, mb] = await Promise.all([atA, atB]);
  const t1 = Date.now();
  for (const m of [ma, mb]) {
    assert.equal(typeof m.message_id, "string");
    assert.equal(m.user_id, a.id);
    assert.equal(m.user_name, a.name);
    assert.equal(m.type, "TEXT");
    assert.ok(Date.parse(m.timestamp) >= t0 - 1000 && Date.parse(m.timestamp) <= t1 + 1000);
    const lower = m.content.toLowerCase();
    assert.ok(!lower.includes("<script") && !/onerror\s*=/.test(lower), `sanitized: ${m.content}`);
    assert.ok(m.content.includes("hi"), "the text survives");
  }
  assert.deepEqual(ma, mb, "everyone gets the same message");
  const res = await api("GET", `/api/rooms/${room.id}/messages`);
  assert.equal(res.body.messages[0].content, ma.content, "persisted as broadcast");
  assert.equal(res.body.messages[0].message_id ?? res.body.messages[0].id, ma.message_id);
});

it("property 13, 36: a burst of send-message events from one socket is broadcast, stored and listed in the order sent", async () => {
  const { room, users: [a], sockets: [sa, sb] } = await roomWith(2);
  const n = 40;
  const arrived = await sendBurst(sa, a, sb, n, "burst");
  const sentOrder = Array.from({ length: n }, (_, i) => `burst ${i}`);
  assert.deepEqual(arrived, sentOrder, "broadcast in the order sent");
  const res = await api("GET", `/api/rooms/${room.id}/messages?limit=100`);
  assertStatus(res, 200);
  const listed = res.body.messages.map((m) => m.content);
  const stamps = res.body.messages.map((m) => m.timestamp);
  const shared = stamps.length - new Set(stamps).size;
  assert.deepEqual(listed, [...sentOrder].reverse(), `listed newest first in the order sent (${shared} messages share a timestamp with another)`);
});

it("typing is relayed as typing {user_id, is_typing} to the room, the sender too", async () => {
  const { users: [a], sockets: [sa, sb] } = await roomWith(2);
  for (const isTyping of [true, false]) {
    const atB = waitFor(sb, "typing", (t) => t.user_id === a.id && t.is_typing === isTyping);
    const atA = waitFor(sa, "typing", (t) => t.user_id === a.id && t.is_typing === isTyping);
    const ack = await emitAck(sa, "typing", { is_typing: isTyping });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await Promise.all([atA, atB]);
  }
});

it("property 19: timer-update broadcasts timer-synced with synced_by to every participant", async () => {
  const { users: [a, b], sockets: [sa, sb] } = await roomWith(2);
  let last = -Infinity;
  for (const [by, socket, payload] of [
    [a, sa, { action: "start", duration: 1500 }],
    [b, sb, { action: "pause" }],
    [a, sa, { action: "resume" }],
    [b, sb, { action: "complete" }],
  ]) {
    const atA = waitFor(sa, "timer-synced", (t) => t.action === payload.action);
    const atB = waitFor(sb, "timer-synced", (t) => t.action === payload.action);
    const ack = await emitAck(socket, "timer-update", payload);
    assert.equal(ack.ok, true, `${payload.action}: ${JSON.stringify(ack)}`);
    const [ea, eb] = await Promise.all([atA, atB]);
    for (const e of [ea, eb]) {
      assert.equal(e.synced_by, by.id, `${payload.action}: synced_by`);
      if (payload.duration) assert.equal(e.duration, payload.duration);
      const v = versionOf(e, "timer-synced");
      assert.ok(v > last, `version grows: ${v} after ${last}`);
    }
    assert.equal(ea.version, eb.version);
    last = ea.version;
  }
  const sync = await emitAck(sa, "sync-state", { version: 0 });
  assert.equal(sync.state?.timer?.status, "completed", JSON.stringify(sync));
  assert.equal(sync.state.timer.synced_by, b.id);
});

it("media-state broadcasts media-state-changed {user_id, mic, cam, screen} and updates the participant", async () => {
  const { room, users: [a], sockets: [sa, sb] } = await roomWith(2);
  const atB = waitFor(sb, "media-state-changed", (m) => m.user_id === a.id);
  const atA = waitFor(sa, "media-state-changed", (m) => m.user_id === a.id);
  const ack = await emitAck(sa, "media-state", { mic: true, cam: false });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  const [ea, eb] = await Promise.all([atA, atB]);
  for (const e of [ea, eb]) {
    assert.equal(e.mic, true);
    assert.equal(e.cam, false);
    assert.equal(e.screen, false, "unchanged fields are reported as they are");
    versionOf(e, "media-state-changed");
  }
  const p = (await getRoom(room.id)).participants.find((x) => x.user_id === a.id);
  assert.deepEqual([p.mic, p.cam, p.screen], [true, false, false]);
  const again = waitFor(sb, "media-state-changed", (m) => m.user_id === a.id);
  await emitAck(sa, "media-state", { screen: true });
  const e = await again;
  assert.deepEqual([e.mic, e.cam, e.screen], [true, false, true]);
});

it("property 16: webrtc-offer/answer/ice-candidate reach only the target, with from_user_id", async () => {
  const { users: [a, b, c], sockets: [sa, sb, sc] } = await roomWith(3, { capacity: 6 });
  const relays = ["webrtc-offer", "webrtc-answer", "webrtc-ice-candidate"];
  const strayC = relays.map((ev) => noEvent(sc, ev, 1500));
  const strayA = noEvent(sa, "webrtc-offer", 1500);
  const strayB = noEvent(sb, "webrtc-answer", 1500);

  const sdpOffer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  const offerAtB = waitFor(sb, "webrtc-offer", (o) => o.from_user_id === a.id);
  assert.equal((await emitAck(sa, "webrtc-offer", { target_user_id: b.id, sdp: sdpOffer })).ok, true);
  const offer = await offerAtB;
  assert.equal(offer.sdp, sdpOffer);

  const sdpAnswer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=answer\r\n";
  const answerAtA = waitFor(sa, "webrtc-answer", (o) => o.from_user_id === b.id);
  assert.equal((await emitAck(sb, "webrtc-answer", { target_user_id: a.id, sdp: sdpAnswer })).ok, true);
  assert.equal((await answerAtA).sdp, sdpAnswer);

  const candidate = { candidate: "candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host", sdpMid: "0", sdpMLineIndex: 0 };
  const iceAtB = waitFor(sb, "webrtc-ice-candidate", (o) => o.from_user_id === a.id);
  assert.equal((await emitAck(sa, "webrtc-ice-candidate", { target_user_id: b.id, candidate })).ok, true);
  assert.deepEqual((await iceAtB).candidate, candidate);

  await Promise.all([...strayC, strayA, strayB]);
  void c;

  // a target that is not a participant here
  const elsewhere = await signup("elsewhere");
  const other = await createRoom(elsewhere.token, { capacity: 4 });
  await joinRoom(elsewhere.token, other.id);
  assertAckError(
    await emitAck(sa, "webrtc-offer", { target_user_id: elsewhere.id, sdp: sdpOffer }),
    "NOT_PARTICIPANT",
    "offer to a user in another room",
  );
  assertAckError(
    await emitAck(sa, "webrtc-offer", { target_user_id: randomUUID(), sdp: sdpOffer }),
    "NOT_PARTICIPANT",
    "offer to an unknown user",
  );
});

it("property 35: events in one room never reach a participant of another room", async () => {
  const one = await roomWith(2, { capacity: 6 });
  const two = await roomWith(1);
  const [sa, sb] = one.sockets;
  const [a, b] = one.users;
  const [sd] = two.sockets;
  const seenByD = sd.received.length;

  const c = await signup("iso-c");
  let got = waitFor(sb, "user-joined", (p) => p.user_id === c.id);
  await joinRoom(c.token, one.room.id);
  await got;
  got = waitFor(sb, "new-message", (m) => m.user_id === a.id);
  await emitAck(sa, "send-message", { content: "room one only", type: "TEXT" });
  await got;
  got = waitFor(sb, "typing", (t) => t.user_id === a.id);
  await emitAck(sa, "typing", { is_typing: true });
  await got;
  got = waitFor(sb, "timer-synced", (t) => t.action === "start");
  await emitAck(sa, "timer-update", { action: "start", duration: 600 });
  await got;
  got = waitFor(sb, "media-state-changed", (m) => m.user_id === a.id);
  await emitAck(sa, "media-state", { mic: true });
  await got;
  got = waitFor(sb, "webrtc-offer", (o) => o.from_user_id === a.id);
  await emitAck(sa, "webrtc-offer", { target_user_id: b.id, sdp: "v=0\r\n" });
  await got;
  got = waitFor(sa, "new-message", (m) => m.user_id === c.id);
  assertStatus(await api("POST", `/api/rooms/${one.room.id}/chat`, { content: "over REST", type: "TEXT" }, c.token), 201);
  await got;
  got = waitFor(sa, "user-muted", (m) => m.user_id === c.id);
  assertStatus(
    await api("POST", `/api/admin/rooms/${one.room.id}/moderate`, { action: "mute", target_user_id: c.id }, await adminToken()),
    200,
  );
  await got;
  got = waitFor(sa, "user-left", (m) => m.user_id === c.id);
  await leaveRoom(c.token, one.room.id);
  await got;
  got = waitFor(sa, "user-left", (m) => m.user_id === b.id);
  await emitAck(sb, "leave-room");
  await got;
  await sleep(300);
  assert.deepEqual(sd.received.slice(seenByD).map((r) => r.event), [], "nothing from room one reached room two");

  // and room two works
  const own = waitFor(sd, "new-message", (m) => m.user_id === two.users[0].id);
  await emitAck(sd, "send-message", { content: "room two", type: "TEXT" });
  await own;
  await sleep(200);
  assert.ok(!sa.received.some((r) => r.event === "new-message" && r.args[0]?.content === "room two"), "and back");
});

it("REST chat, timer-sync, join and leave broadcast to the namespace like socket actions", async () => {
  const { room, users: [a], sockets: [sa, sb] } = await roomWith(2);
  const c = await signup("rest-c");

  const joined = [waitFor(sa, "user-joined", (p) => p.user_id === c.id), waitFor(sb, "user-joined", (p) => p.user_id === c.id)];
  await joinRoom(c.token, room.id);
  for (const e of await Promise.all(joined)) {
    assert.equal(e.current_occupancy, 3);
    assert.equal(e.user_name, c.name);
    versionOf(e, "user-joined");
  }

  const msgs = [waitFor(sa, "new-message", (m) => m.user_id === c.id), waitFor(sb, "new-message", (m) => m.user_id === c.id)];
  const res = await api("POST", `/api/rooms/${room.id}/chat`, { content: "from REST <script>x</script>", type: "EMOJI" }, c.token);
  assertStatus(res, 201, "REST chat");
  for (const m of await Promise.all(msgs)) {
    assert.equal(m.message_id, res.body.message.message_id);
    assert.equal(m.content, res.body.message.content);
    assert.equal(m.type, "EMOJI");
    assert.equal(m.user_name, c.name);
    assert.ok(!m.content.toLowerCase().includes("<script"));
  }

  const timers = [waitFor(sa, "timer-synced", (t) => t.action === "start"), waitFor(sb, "timer-synced", (t) => t.action === "start")];
  const startTime = new Date(Date.now() - 1000).toISOString();
  assertStatus(await api("POST", `/api/rooms/${room.id}/timer-sync`, { action: "start", duration: 900, start_time: startTime }, c.token), 200);
  for (const t of await Promise.all(timers)) {
    assert.equal(t.synced_by, c.id);
    assert.equal(t.duration, 900);
    assert.equal(Date.parse(t.start_time), Date.parse(startTime));
    versionOf(t, "timer-synced");
  }

  const left = [waitFor(sa, "user-left", (p) => p.user_id === c.id), waitFor(sb, "user-left", (p) => p.user_id === c.id)];
  await leaveRoom(c.token, room.id);
  for (const e of await Promise.all(left)) {
    assert.equal(e.current_occupancy, 2);
    versionOf(e, "user-left");
  }
  void a;
});

it("property 23: a REST mute sends user-muted to the target and the room; a muted participant cannot turn the mic on", async () => {
  const { room, users: [a, b], sockets: [sa, sb] } = await roomWith(2);
  const atB = waitFor(sb, "user-muted", (m) => m.user_id === b.id);
  const atA = waitFor(sa, "user-muted", (m) => m.user_id === b.id);
  const res = await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: b.id }, await adminToken());
  assertStatus(res, 200, "mute");
  const [eb, ea] = await Promise.all([atB, atA]);
  versionOf(eb, "user-muted");
  assert.equal(ea.version, eb.version);
  assertAckError(await emitAck(sb, "media-state", { mic: true }), "MUTED", "mic on while muted");
  const p = (await getRoom(room.id)).participants.find((x) => x.user_id === b.id);
  assert.equal(p.status, "MUTED");
  assert.equal(p.mic, false);
  void a;
});

it("property 24: a REST kick sends user-kicked, then user-left, then disconnects the target; occupancy decremented", async () => {
  const { room, users: [a, b], sockets: [sa, sb] } = await roomWith(2);
  const order = [];
  sb.onAny((event) => order.push(event));
  const disconnected = new Promise((resolve) => sb.once("disconnect", (reason) => {
    order.push("disconnect");
    resolve(reason);
  }));
  const kickedAtA = waitFor(sa, "user-kicked", (m) => m.user_id === b.id);
  const leftAtA = waitFor(sa, "user-left", (m) => m.user_id === b.id);
  const kickedAtB = waitFor(sb, "user-kicked", (m) => m.user_id === b.id);
  const res = await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "kick", target_user_id: b.id }, await adminToken());
  assertStatus(res, 200, "kick");
  const ek = await kickedAtB;
  assert.equal(typeof ek.reason, "string", `user-kicked has a reason: ${JSON.stringify(ek)}`);
  const ka = await kickedAtA;
  versionOf(ka, "user-kicked");
  const la = await leftAtA;
  assert.equal(la.reason, "kicked");
  assert.equal(la.current_occupancy, 1);
  assert.ok(versionOf(la, "user-left") >= ka.version, `user-left (version ${la.version}) not older than user-kicked (${ka.version})`);
  const atA = sa.received.map((r) => `${r.event}:${r.args[0]?.user_id}`);
  assert.ok(atA.indexOf(`user-kicked:${b.id}`) < atA.indexOf(`user-left:${b.id}`), `user-kicked before user-left: ${atA.join(", ")}`);
  const reason = await Promise.race([disconnected, sleep(3000).then(() => "still connected")]);
  assert.equal(reason, "io server disconnect", "a namespace disconnect by the server");
  assert.ok(order.indexOf("user-kicked") >= 0 && order.indexOf("user-kicked") < order.indexOf("disconnect"), `order: ${order.join(", ")}`);
  await sleep(300);
  assert.equal(sb.connected, false, "the client does not reconnect by itself");
  const { room: after, participants } = await getRoom(room.id);
  assert.equal(after.current_occupancy, 1);
  assert.ok(!participants.some((p) => p.user_id === b.id));
  assert.equal((await refused(room.id, b.token)).code, "NOT_PARTICIPANT", "coming back needs a new join");
  void a;
});

it("leave-room broadcasts user-left; the socket stays connected and may join-room again", async () => {
  const { room, users: [a, b], sockets: [sa, sb] } = await roomWith(2);
  const left = waitFor(sa, "user-left", (m) => m.user_id === b.id);
  const ack = await emitAck(sb, "leave-room");
  assert.equal(ack.ok, true, JSON.stringify(ack));
  const e = await left;
  assert.equal(e.current_occupancy, 1);
  versionOf(e, "user-left");
  assert.equal(sb.connected, true, "still connected");
  const state = await getRoom(room.id);
  assert.equal(state.room.current_occupancy, 1);
  assert.ok(!state.participants.some((p) => p.user_id === b.id));
  const logs = await api("GET", "/api/session-logs", undefined, b.token);
  assertStatus(logs, 200);
  assert.equal(logs.body.session_logs.filter((l) => l.kind === "visit" && l.room_id === room.id).length, 1, "visit logged");

  const rejoined = waitFor(sa, "user-joined", (m) => m.user_id === b.id);
  const again = await emitAck(sb, "join-room", { user_name: b.name });
  assert.equal(again.ok, true, JSON.stringify(again));
  assert.equal(again.state.room.current_occupancy, 2);
  const ej = await rejoined;
  assert.equal(ej.current_occupancy, 2);
  assert.ok(ej.version > e.version);
  void a;
});

it("join-room after leave-room checks capacity (ROOM_FULL) and single-room membership (ALREADY_IN_ROOM)", async () => {
  const { room, users: [, b], sockets: [, sb] } = await roomWith(2, { capacity: 2 });
  assert.equal((await emitAck(sb, "leave-room")).ok, true);
  const c = await signup("filler");
  await joinRoom(c.token, room.id);
  assertAckError(await emitAck(sb, "join-room", { user_name: b.name }), "ROOM_FULL", "room is full again");
  const elsewhere = await createRoom(c.token, { capacity: 3 });
  await joinRoom(b.token, elsewhere.id);
  await leaveRoom(c.token, room.id);
  assertAckError(await emitAck(sb, "join-room", { user_name: b.name }), "ALREADY_IN_ROOM", "in another room now");
  assert.equal((await getRoom(room.id)).room.current_occupancy, 1);
});

it("ready broadcasts participant-ready {user_id} to the room, the sender too", async () => {
  const { users: [a], sockets: [sa, sb] } = await roomWith(2);
  const atA = waitFor(sa, "participant-ready", (p) => p.user_id === a.id);
  const atB = waitFor(sb, "participant-ready", (p) => p.user_id === a.id);
  const ack = await emitAck(sa, "ready", {});
  assert.equal(ack.ok, true, JSON.stringify(ack));
  await Promise.all([atA, atB]);
});

it("the lobby namespace / sends rooms-updated with the GET /api/rooms items when occupancy changes", async () => {
  const owner = await signup("lobby");
  const room = await createRoom(owner.token, { capacity: 7 });
  const lobby = await connectNamespace(server.port, "/");
  const withOne = waitFor(lobby, "rooms-updated", (p) => p.rooms.some((r) => r.id === room.id && r.current_occupancy === 1), 5000);
  await joinRoom(owner.token, room.id);
  const update = await withOne;
  const item = update.rooms.find((r) => r.id === room.id);
  const listed = (await api("GET", "/api/rooms")).body.rooms.find((r) => r.id === room.id);
  assert.deepEqual(item, listed, "the same item as GET /api/rooms");
  const empty = waitFor(lobby, "rooms-updated", (p) => p.rooms.some((r) => r.id === room.id && r.current_occupancy === 0), 5000);
  await leaveRoom(owner.token, room.id);
  await empty;
});

// ---------------------------------------------------------------------------------------------
// disconnects
// ---------------------------------------------------------------------------------------------

it("property 37, 33: a socket that drops without leaving is cleaned up within 5 s (user-left, occupancy, session log)", async () => {
  const { room, users: [, b], sockets: [sa, sb] } = await roomWith(2);
  const left = waitFor(sa, "user-left", (m) => m.user_id === b.id, 5500);
  const t0 = Date.now();
  sb.io.engine.close(); // the transport goes away; no leave-room, no reconnection
  const e = await left;
  const elapsed = Date.now() - t0;
  assert.ok(elapsed <= 5000 + 250, `cleaned up after ${elapsed} ms`);
  assert.equal(e.current_occupancy, 1);
  versionOf(e, "user-left");
  const { room: after, participants } = await getRoom(room.id);
  assert.equal(after.current_occupancy, 1);
  assert.ok(!participants.some((p) => p.user_id === b.id));
  const logs = await api("GET", "/api/session-logs", undefined, b.token);
  assertStatus(logs, 200);
  const visits = logs.body.session_logs.filter((l) => l.kind === "visit" && l.room_id === room.id && l.user_id === b.id);
  assert.equal(visits.length, 1, `property 33: visit logged: ${JSON.stringify(logs.body)}`);
  assert.equal(typeof visits[0].duration, "number");
  // coming back later needs a new join
  assert.equal((await refused(room.id, b.token)).code, "NOT_PARTICIPANT");
});

it("a socket that reconnects within 3 s keeps its participation and nothing is broadcast", async () => {
  const { room, users: [a, b], sockets: [sa, sb] } = await roomWith(2, {
    opts: [{}, { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200, transports: ["websocket"] }],
  });
  const quietLeft = noEvent(sa, "user-left", 4500, (m) => m.user_id === b.id);
  const quietJoined = noEvent(sa, "user-joined", 4500, (m) => m.user_id === b.id);
  const reconnected = waitFor(sb, "connect", () => true, 3000);
  sb.io.engine.close();
  await reconnected;
  assert.equal(sb.connected, true);
  await Promise.all([quietLeft, quietJoined]);
  const { room: after, participants } = await getRoom(room.id);
  assert.equal(after.current_occupancy, 2);
  assert.ok(participants.some((p) => p.user_id === b.id), "still a participant");
  const msg = waitFor(sb, "new-message", (m) => m.user_id === a.id && m.content === "still there?");
  await emitAck(sa, "send-message", { content: "still there?", type: "TEXT" });
  await msg;
  const ack = await emitAck(sb, "typing", { is_typing: true });
  assert.equal(ack.ok, true, "the reconnected socket acts as a participant");
});

// ---------------------------------------------------------------------------------------------
// versions and sync
// ---------------------------------------------------------------------------------------------

it("versions strictly increase over a sequence of state changes; other broadcasts carry the current one", async () => {
  const { room, users: [a], sockets: [sa], acks: [ackA] } = await roomWith(1);
  const c = await signup("versions");
  const admin = await adminToken();
  const versions = [ackA.state.version];
  const step = async (event, pred, action) => {
    const got = waitFor(sa, event, pred);
    await action();
    const e = await got;
    return versionOf(e, event);
  };
  versions.push(await step("user-joined", (p) => p.user_id === c.id, () => joinRoom(c.token, room.id)));
  versions.push(await step("media-state-changed", (p) => p.user_id === a.id, () => emitAck(sa, "media-state", { cam: false })));
  versions.push(await step("timer-synced", (p) => p.action === "start", () => emitAck(sa, "timer-update", { action: "start", duration: 300 })));
  versions.push(await step("timer-synced", (p) => p.action === "pause", () => emitAck(sa, "timer-update", { action: "pause" })));
  versions.push(await step("user-muted", (p) => p.user_id === c.id, () =>
    api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: c.id }, admin)));
  const current = versions[versions.length - 1];
  const msgVersion = await step("new-message", (p) => p.user_id === a.id, () => emitAck(sa, "send-message", { content: "v?", type: "TEXT" }));
  assert.equal(msgVersion, current, "a message does not change the state version but carries the current one");
  versions.push(await step("user-left", (p) => p.user_id === c.id, () => leaveRoom(c.token, room.id)));
  for (let i = 1; i < versions.length; i += 1) {
    assert.ok(versions[i] > versions[i - 1], `strictly increasing: ${versions.join(" < ")}`);
  }
  assert.equal((await getRoom(room.id)).room.version, versions[versions.length - 1], "REST reports the same version");
});

it("sync-state with an old version answers in_sync false and the full state; with the current one in_sync true", async () => {
  const { room, users: [a], sockets: [sa] } = await roomWith(1);
  const first = await emitAck(sa, "sync-state", { version: 0 });
  assert.equal(first.ok, true, JSON.stringify(first));
  assert.equal(typeof first.version, "number");
  assert.equal(first.in_sync, false);
  assert.equal(first.state.room.id, room.id);
  assert.equal(first.state.version, first.version);
  assert.ok(first.state.participants.some((p) => p.user_id === a.id));
  assert.ok("timer" in first.state && "whiteboard" in first.state);

  const same = await emitAck(sa, "sync-state", { version: first.version });
  assert.equal(same.ok, true);
  assert.equal(same.in_sync, true, JSON.stringify(same));
  assert.equal(same.version, first.version);

  const changed = waitFor(sa, "timer-synced", () => true);
  await emitAck(sa, "timer-update", { action: "start", duration: 60 });
  await changed;
  const stale = await emitAck(sa, "sync-state", { version: first.version });
  assert.equal(stale.in_sync, false);
  assert.ok(stale.version > first.version);
  assert.equal(stale.state.timer.status, "running");
  assert.equal(stale.state.timer.duration, 60);
  assert.ok(stale.state.timer.remaining > 50 && stale.state.timer.remaining <= 60, `remaining ${stale.state.timer.remaining}`);
});

// ---------------------------------------------------------------------------------------------
// bad input
// ---------------------------------------------------------------------------------------------

it("acks for invalid payloads answer {ok: false, error: {code: VALIDATION_ERROR}}", async () => {
  const { users: [a, b], sockets: [sa, sb] } = await roomWith(2);
  const cases = [
    ["send-message", { content: "", type: "TEXT" }],
    ["send-message", { content: "   ", type: "TEXT" }],
    ["send-message", { content: "x".repeat(1001), type: "TEXT" }],
    ["send-message", { content: "hi", type: "VIDEO" }],
    ["send-message", { content: 42 }],
    ["send-message", "just a string"],
    ["send-message", 12345],
    ["timer-update", { action: "explode" }],
    ["timer-update", { action: "start", duration: 0 }],
    ["timer-update", { action: "start", duration: 86401 }],
    ["timer-update", { action: "start", duration: "ten" }],
    ["timer-update", { action: "start", start_time: "tomorrow-ish" }],
    ["media-state", { mic: "on" }],
    ["typing", { is_typing: "yes" }],
    ["webrtc-offer", { sdp: "v=0\r\n" }],
    ["webrtc-offer", { target_user_id: "not-a-uuid", sdp: "v=0\r\n" }],
    ["webrtc-ice-candidate", { target_user_id: b.id }],
    ["sync-state", { version: "abc" }],
  ];
  const soft = softly();
  for (const [event, payload] of cases) {
    await soft.check(`${event} ${JSON.stringify(payload).slice(0, 60)}`, async () => {
      assertAckError(await emitAck(sa, event, payload), "VALIDATION_ERROR", "ack");
    });
  }
  soft.done();
  // nothing of it was broadcast, and the sockets still work
  assert.ok(!sb.received.some((r) => r.event === "new-message" || r.event === "timer-synced"), "no broadcasts from invalid input");
  const msg = waitFor(sb, "new-message", (m) => m.user_id === a.id);
  assert.equal((await emitAck(sa, "send-message", { content: "fine now", type: "TEXT" })).ok, true);
  await msg;
});

it("an unknown event is answered UNKNOWN_EVENT and garbage from one client does not disturb the others", async () => {
  const { users: [a, b], sockets: [sa, sb, sc] } = await roomWith(3);
  assertAckError(await emitAck(sa, "no-such-event", { x: 1 }), "UNKNOWN_EVENT", "unknown event");
  // odd but well-formed packets
  sa.emit("send-message", [1, [2, [3]]]);
  sa.emit("send-message", { content: { nested: true } });
  sa.emit("timer-update");
  sa.emit("media-state", null);
  sa.emit("send-message", Buffer.from([1, 2, 3, 4]));
  sa.emit("join-room", "x".repeat(10000));
  sa.emit("webrtc-offer", { target_user_id: b.id, sdp: { not: "a string" } });
  // a malformed Socket.IO packet: only that connection may be closed
  const cGone = waitDisconnect(sc, 3000);
  sc.io.engine.write('2["send-message",{"content":');
  await cGone;
  await sleep(200);
  assert.equal(sb.connected, true, "b is still connected");
  const msg = waitFor(sb, "new-message", (m) => m.user_id === a.id && m.content === "after the garbage");
  assert.equal((await emitAck(sa, "send-message", { content: "after the garbage", type: "TEXT" })).ok, true);
  await msg;
  assert.equal((await emitAck(sb, "typing", { is_typing: true })).ok, true);
  assertStatus(await api("GET", "/api/rooms"), 200, "the server is fine");
});

it("a failing event sent without an ack yields an error event {code, message}", async () => {
  const { sockets: [sa, sb] } = await roomWith(2);
  let got = waitFor(sa, "error", (e) => e?.code === "VALIDATION_ERROR");
  sa.emit("send-message", { content: "" });
  let e = await got;
  assert.equal(typeof e.message, "string");
  got = waitFor(sa, "error", (x) => x?.code === "UNKNOWN_EVENT");
  sa.emit("definitely-not-an-event", {});
  e = await got;
  assert.equal(typeof e.message, "string");
  await noEvent(sb, "error", 300);
});

// ---------------------------------------------------------------------------------------------
// transports
// ---------------------------------------------------------------------------------------------

it("clients on HTTP long-polling only and on WebSocket only receive broadcasts and can act", async () => {
  const { room, users: [p, w], sockets: [sp, sw] } = await roomWith(2, {
    opts: [{ transports: ["polling"] }, { transports: ["websocket"] }],
  });
  assert.equal(sp.io.engine.transport.name, "polling");
  assert.equal(sw.io.engine.transport.name, "websocket");
  const c = await signup("transport-c");
  const joined = waitFor(sp, "user-joined", (m) => m.user_id === c.id);
  await joinRoom(c.token, room.id);
  await joined;
  let msg = waitFor(sp, "new-message", (m) => m.user_id === w.id);
  await emitAck(sw, "send-message", { content: "to the polling client", type: "TEXT" });
  await msg;
  msg = waitFor(sw, "new-message", (m) => m.user_id === p.id);
  const ack = await emitAck(sp, "send-message", { content: "from the polling client", type: "TEXT" });
  assert.equal(ack.ok, true);
  await msg;
  const t = waitFor(sp, "timer-synced", (x) => x.synced_by === w.id);
  await emitAck(sw, "timer-update", { action: "start", duration: 100 });
  await t;
});
