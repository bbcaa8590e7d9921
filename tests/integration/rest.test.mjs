// REST API end to end: auth, rooms, joins, chat, timer, moderation, session logs, error
// envelopes, against one build/carrel process (DESIGN.md section 3, docs/rooms-api.md).
// Property numbers refer to the correctness properties of seed 000.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import {
  JOIN_CODE_RE,
  UUID_RE,
  adminToken,
  api,
  assertError,
  assertStatus,
  createRoom,
  decodeJwt,
  getRoom,
  it,
  joinRoom,
  leaveRoom,
  listRooms,
  makeJwt,
  randomUUID,
  rawRequest,
  roomOf,
  seededRoom,
  signup,
  signupMany,
  sleep,
  softly,
  startServer,
  unique,
} from "./helpers.mjs";

const JWT_SECRET = "integration-test-secret-0123456789abcdef";
let server;

before(async () => {
  server = await startServer({ args: ["--jwt-secret", JWT_SECRET] });
});
after(async () => {
  await server?.stop();
});

const SEEDED = Array.from({ length: 10 }, (_, i) => `Study Room ${i + 1}`);
const isoWithin = (iso, lo, hi, slackMs = 1000) => {
  const t = Date.parse(iso);
  return !Number.isNaN(t) && t >= lo - slackMs && t <= hi + slackMs;
};
const idOf = (m) => m.message_id ?? m.id;

async function chat(token, roomId, content, type) {
  const body = type === undefined ? { content } : { content, type };
  return api("POST", `/api/rooms/${roomId}/chat`, body, token);
}

async function messages(roomId, query = "") {
  const res = await api("GET", `/api/rooms/${roomId}/messages${query}`);
  assertStatus(res, 200, `messages of ${roomId}${query}`);
  assert.ok(Array.isArray(res.body.messages), "messages is an array");
  assert.equal(typeof res.body.has_more, "boolean", "has_more is a boolean");
  return res.body;
}

async function sessionLogs(token, query = "") {
  const res = await api("GET", `/api/session-logs${query}`, undefined, token);
  assertStatus(res, 200, `session logs ${query}`);
  assert.ok(Array.isArray(res.body.session_logs), "session_logs is an array");
  return res.body.session_logs;
}

// ---------------------------------------------------------------------------------------------
// rooms list (first, while every room is still empty)
// ---------------------------------------------------------------------------------------------

it("property 1, 25: GET /api/rooms lists the ten seeded rooms in order, capacity 50, occupancy 0", async () => {
  const rooms = await listRooms();
  assert.ok(rooms.length >= 10, `at least 10 rooms, got ${rooms.length}`);
  assert.deepEqual(rooms.slice(0, 10).map((r) => r.name), SEEDED);
  for (const room of rooms.slice(0, 10)) {
    for (const field of ["id", "name", "capacity", "current_occupancy", "available_spots", "is_public", "media_topology"]) {
      assert.ok(field in room, `${room.name} has ${field}: ${JSON.stringify(room)}`);
    }
    assert.match(room.id, UUID_RE, `${room.name} id is a UUID`);
    assert.equal(room.capacity, 50, `${room.name} capacity`);
    assert.equal(room.current_occupancy, 0, `${room.name} occupancy`);
    assert.equal(room.available_spots, 50, `${room.name} available_spots`);
    assert.equal(room.is_public, true, `${room.name} is public`);
    assert.equal(room.media_topology, "sfu", `${room.name}: capacity 50 > 6 means sfu`);
  }
  assert.equal(new Set(rooms.map((r) => r.id)).size, rooms.length, "room ids are distinct");
});

it("property 2: available_spots = capacity - current_occupancy for every listed room after joins", async () => {
  const [a, b, c] = await signupMany(3, "spots");
  const room3 = await seededRoom("Study Room 3");
  const small = await createRoom(a.token, { capacity: 4 });
  await joinRoom(a.token, room3.id);
  await joinRoom(b.token, room3.id);
  await joinRoom(c.token, small.id);
  const rooms = await listRooms();
  for (const room of rooms) {
    assert.equal(room.available_spots, room.capacity - room.current_occupancy, `${room.name}: ${JSON.stringify(room)}`);
    assert.ok(room.current_occupancy >= 0, `${room.name} occupancy is not negative`);
  }
  const r3 = rooms.find((r) => r.id === room3.id);
  assert.equal(r3.current_occupancy, room3.current_occupancy + 2);
  const s = rooms.find((r) => r.id === small.id);
  assert.ok(s, "a created public room is listed");
  assert.equal(s.current_occupancy, 1);
  assert.equal(s.available_spots, 3);
  await leaveRoom(a.token, room3.id);
  await leaveRoom(b.token, room3.id);
  await leaveRoom(c.token, small.id);
});

it("GET /healthz answers 200", async () => {
  const res = await api("GET", "/healthz");
  assertStatus(res, 200);
});

it("GET /metrics is Prometheus text with carrel_ metrics", async () => {
  const res = await api("GET", "/metrics");
  assertStatus(res, 200);
  assert.match(res.headers["content-type"] ?? "", /^text\/plain/);
  assert.match(res.text, /^# TYPE \S+ (counter|gauge|histogram|summary|untyped)$/m, "has # TYPE lines");
  assert.match(res.text, /^# TYPE carrel_\w+ /m, "has carrel_ metrics");
});

// ---------------------------------------------------------------------------------------------
// auth
// ---------------------------------------------------------------------------------------------

it("signup answers 201 {token, user} with the email lower-cased; login 200; /api/me the user", async () => {
  const local = unique("Mixed.Case");
  const email = `${local}@Carrel.TEST`;
  const signupRes = await api("POST", "/api/auth/signup", { name: "Ada Lovelace", email, password: "correct horse" });
  assertStatus(signupRes, 201, "signup");
  const { token, user } = signupRes.body;
  assert.equal(typeof token, "string");
  assert.equal(token.split(".").length, 3, "a JWT");
  assert.match(user.id, UUID_RE);
  assert.equal(user.name, "Ada Lovelace");
  assert.equal(user.email, email.toLowerCase());
  assert.equal(user.is_admin, false);
  assert.equal(user.is_anonymous, false);
  assert.ok(!Number.isNaN(Date.parse(user.created_at)), "created_at is ISO 8601");
  assert.ok(!("password" in user) && !("password_hash" in user), "no password in the user object");

  const header = decodeJwt(token).header;
  assert.equal(header.alg, "HS256");

  const login = await api("POST", "/api/auth/login", { email: email.toLowerCase(), password: "correct horse" });
  assertStatus(login, 200, "login");
  assert.equal(typeof login.body.token, "string");
  assert.equal(login.body.user.id, user.id);

  const loginMixed = await api("POST", "/api/auth/login", { email, password: "correct horse" });
  assertStatus(loginMixed, 200, "login with the address as typed at signup");

  for (const t of [token, login.body.token]) {
    const me = await api("GET", "/api/me", undefined, t);
    assertStatus(me, 200, "me");
    assert.equal(me.body.user.id, user.id);
    assert.equal(me.body.user.email, email.toLowerCase());
  }
});

it("signup with a taken email answers 409 EMAIL_TAKEN (also in another letter case)", async () => {
  const u = await signup("taken");
  assertError(await api("POST", "/api/auth/signup", { name: "Other", email: u.email, password: "password123" }), 409, "EMAIL_TAKEN");
  assertError(
    await api("POST", "/api/auth/signup", { name: "Other", email: u.email.toUpperCase(), password: "password123" }),
    409,
    "EMAIL_TAKEN",
    "upper-cased duplicate",
  );
});

it("login with a wrong password or an unknown email answers 401 INVALID_CREDENTIALS", async () => {
  const u = await signup("creds");
  const wrong = await api("POST", "/api/auth/login", { email: u.email, password: "not-the-password" });
  assertError(wrong, 401, "INVALID_CREDENTIALS", "wrong password");
  const unknown = await api("POST", "/api/auth/login", { email: `${unique("nobody")}@carrel.test`, password: "password123" });
  assertError(unknown, 401, "INVALID_CREDENTIALS", "unknown email");
});

it("property 29: signup validation answers 400 VALIDATION_ERROR listing every bad field in details.fields", async () => {
  const all = await api("POST", "/api/auth/signup", { email: "not-an-email", password: "short" });
  const error = assertError(all, 400, "VALIDATION_ERROR", "three bad fields");
  assert.ok(error.details && error.details.fields, `details.fields present: ${JSON.stringify(error)}`);
  for (const field of ["name", "email", "password"]) {
    assert.ok(field in error.details.fields, `details.fields.${field}: ${JSON.stringify(error.details)}`);
    assert.equal(typeof error.details.fields[field], "string");
  }

  const cases = [
    ["bad email", { name: "N", email: "nobody@", password: "password123" }, "email"],
    ["email without @", { name: "N", email: "nobody.carrel.test", password: "password123" }, "email"],
    ["short password (7)", { name: "N", email: `${unique("p")}@carrel.test`, password: "1234567" }, "password"],
    ["password of 129", { name: "N", email: `${unique("p")}@carrel.test`, password: "x".repeat(129) }, "password"],
    ["missing name", { email: `${unique("n")}@carrel.test`, password: "password123" }, "name"],
    ["empty name", { name: "", email: `${unique("n")}@carrel.test`, password: "password123" }, "name"],
    ["name of 101", { name: "n".repeat(101), email: `${unique("n")}@carrel.test`, password: "password123" }, "name"],
    ["name not a string", { name: 42, email: `${unique("n")}@carrel.test`, password: "password123" }, "name"],
  ];
  const soft = softly();
  for (const [what, body, field] of cases) {
    await soft.check(what, async () => {
      const res = await api("POST", "/api/auth/signup", body);
      const err = assertError(res, 400, "VALIDATION_ERROR");
      assert.ok(err.details?.fields && field in err.details.fields, `details.fields.${field} in ${JSON.stringify(err.details)}`);
    });
  }
  soft.done();

  const edge = await api("POST", "/api/auth/signup", { name: "n".repeat(100), email: `${unique("edge")}@carrel.test`, password: "12345678" });
  assertStatus(edge, 201, "name of 100 and password of 8 are accepted");
});

it("malformed JSON answers 400 INVALID_JSON", async () => {
  for (const body of ['{"name": "x", "email": ', "{'name': 'x'}", "not json at all"]) {
    assertError(await api("POST", "/api/auth/signup", body), 400, "INVALID_JSON", `body ${body}`);
  }
  assertError(await api("POST", "/api/auth/login", "{"), 400, "INVALID_JSON", "login");
  const u = await signup("json");
  assertError(await api("POST", "/api/rooms", '{"name":', u.token), 400, "INVALID_JSON", "create room");
});

it("a JSON body over 1 MiB answers 413 PAYLOAD_TOO_LARGE", async () => {
  const big = JSON.stringify({ name: "Big", email: `${unique("big")}@carrel.test`, password: "password123", pad: "a".repeat(1024 * 1024 + 64) });
  const res = await rawRequest("POST", "/api/auth/signup", big, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(big)),
  });
  assertError(res, 413, "PAYLOAD_TOO_LARGE");
  // and the server is still fine
  assertStatus(await api("GET", "/api/rooms"), 200);
});

it("unknown routes answer 404 NOT_FOUND in the error envelope", async () => {
  assertError(await api("GET", "/api/does-not-exist"), 404, "NOT_FOUND", "GET");
  assertError(await api("POST", "/api/does-not-exist", { a: 1 }), 404, "NOT_FOUND", "POST");
  assertError(await api("GET", "/api/rooms/x/y/z"), 404, "NOT_FOUND", "deeper path");
  const u = await signup("nf");
  assertError(await api("DELETE", "/api/nothing/here", undefined, u.token), 404, "NOT_FOUND", "with a token");
});

it("property 27: every authenticated endpoint answers 401 UNAUTHORIZED without a token, with garbage or forged tokens", async () => {
  const owner = await signup("authz");
  const victim = await signup("authz-target");
  const room = await seededRoom("Study Room 4");
  const real = decodeJwt(owner.token);
  const now = Math.floor(Date.now() / 1000);
  const tokens = [
    ["no token", undefined],
    ["garbage", "garbage"],
    ["three garbage parts", "aaa.bbb.ccc"],
    ["alg none", makeJwt({ alg: "none", typ: "JWT" }, real.payload)],
    ["alg none with a signature", `${makeJwt({ alg: "none", typ: "JWT" }, real.payload)}c2lnbmF0dXJl`],
    ["HS256 with another secret", makeJwt({ alg: "HS256", typ: "JWT" }, real.payload, "some-other-secret")],
    ["tampered payload", (() => {
      const [h, , s] = owner.token.split(".");
      const forged = Buffer.from(JSON.stringify({ ...real.payload, is_admin: true, admin: true })).toString("base64url");
      return `${h}.${forged}.${s}`;
    })()],
  ];
  if (typeof real.payload.exp === "number") {
    tokens.push(["expired", makeJwt(real.header, { ...real.payload, iat: now - 7200, exp: now - 3600 }, JWT_SECRET)]);
  }
  const endpoints = [
    ["GET", "/api/me", undefined],
    ["POST", "/api/rooms", { name: unique("Unauth") }],
    ["POST", `/api/rooms/${room.id}/join`, {}],
    ["POST", `/api/rooms/${room.id}/leave`, {}],
    ["POST", `/api/rooms/${room.id}/chat`, { content: "hi", type: "TEXT" }],
    ["POST", `/api/rooms/${room.id}/timer-sync`, { action: "start", duration: 60 }],
    ["POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: victim.id }],
    ["GET", "/api/session-logs", undefined],
  ];
  const soft = softly();
  for (const [what, token] of tokens) {
    for (const [method, path, body] of endpoints) {
      await soft.check(`${method} ${path} with ${what}`, async () => {
        assertError(await api(method, path, body, token), 401, "UNAUTHORIZED");
      });
    }
  }
  // other Authorization forms
  for (const value of ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", owner.token]) {
    await soft.check(`GET /api/me with Authorization: ${value.slice(0, 20)}`, async () => {
      const res = await api("GET", "/api/me", undefined, undefined, { headers: { Authorization: value } });
      assertError(res, 401, "UNAUTHORIZED");
    });
  }
  soft.done();
  // the real token still works, and nothing happened to the room
  assertStatus(await api("GET", "/api/me", undefined, owner.token), 200);
  const after = await getRoom(room.id);
  assert.ok(!after.participants.some((p) => p.user_id === owner.id), "no join happened");
  assert.equal(after.room.current_occupancy, room.current_occupancy);
});

it("property 27: GET /api/ice-servers and file uploads answer 401 UNAUTHORIZED without a valid token; ice-servers works with one", async () => {
  const u = await signup("authz-media");
  const room = await seededRoom("Study Room 4");
  const forged = makeJwt({ alg: "none", typ: "JWT" }, decodeJwt(u.token).payload);
  const soft = softly();
  for (const [what, token] of [["no token", undefined], ["garbage", "garbage"], ["alg none", forged]]) {
    await soft.check(`GET /api/ice-servers with ${what}`, async () => {
      assertError(await api("GET", "/api/ice-servers", undefined, token), 401, "UNAUTHORIZED");
    });
    await soft.check(`POST /api/rooms/:id/files with ${what}`, async () => {
      const upload = await api("POST", `/api/rooms/${room.id}/files`, Buffer.from("hello"), token, {
        headers: { "Content-Type": "application/octet-stream", "X-Filename": "a.txt" },
      });
      assertError(upload, 401, "UNAUTHORIZED");
    });
  }
  await soft.check("GET /api/ice-servers with a valid token", async () => {
    assertStatus(await api("GET", "/api/ice-servers", undefined, u.token), 200);
  });
  soft.done();
});

it("property 30: a failed request is logged as JSON with timestamp, user_id, endpoint and error details", async () => {
  const u = await signup("logged");
  const room = await createRoom(u.token, { capacity: 5 });
  const mark = server.logSize;
  assertError(await api("POST", `/api/rooms/${room.id}/leave`, {}, u.token), 404, "NOT_PARTICIPANT");
  let entry;
  for (let i = 0; i < 20 && !entry; i += 1) {
    await sleep(50);
    const lines = server.log(mark).split("\n").filter((l) => l.trim().startsWith("{"));
    for (const line of lines) {
      let json;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      if (JSON.stringify(json).includes("NOT_PARTICIPANT")) entry = json;
    }
  }
  assert.ok(entry, `a JSON log line about the failure; log:\n${server.log(mark).slice(0, 2000)}`);
  const text = JSON.stringify(entry);
  assert.ok(Object.keys(entry).some((k) => /time/i.test(k) && !Number.isNaN(Date.parse(entry[k]))), `a timestamp: ${text}`);
  assert.ok(Object.values(entry).includes(u.id), `the user id: ${text}`);
  assert.ok(text.includes("/leave"), `the endpoint: ${text}`);
  assert.ok(Object.values(entry).some((v) => v === 404 || v === "404") || text.includes("NOT_PARTICIPANT"), `the error: ${text}`);
});

// ---------------------------------------------------------------------------------------------
// rooms
// ---------------------------------------------------------------------------------------------

it("GET /api/rooms/:id answers {room, participants} with join_code, owner_id and version", async () => {
  const listed = await seededRoom("Study Room 1");
  const { room, participants } = await getRoom(listed.id);
  assert.equal(room.id, listed.id);
  assert.equal(room.name, "Study Room 1");
  assert.equal(room.capacity, 50);
  assert.equal(typeof room.current_occupancy, "number");
  assert.match(room.join_code, JOIN_CODE_RE);
  assert.ok("owner_id" in room, "owner_id present");
  assert.equal(typeof room.version, "number");
  assert.ok(Array.isArray(participants));
});

it("unknown or non-UUID room ids answer 404 ROOM_NOT_FOUND", async () => {
  const u = await signup("nf-room");
  for (const id of [randomUUID(), "not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g"]) {
    const path = `/api/rooms/${encodeURIComponent(id)}`;
    assertError(await api("GET", path), 404, "ROOM_NOT_FOUND", `GET ${id}`);
    assertError(await api("POST", `${path}/join`, {}, u.token), 404, "ROOM_NOT_FOUND", `join ${id}`);
    assertError(await api("GET", `${path}/messages`), 404, "ROOM_NOT_FOUND", `messages ${id}`);
  }
  const me = await api("GET", "/api/me", undefined, u.token);
  assertStatus(me, 200);
});

it("leave, chat and timer-sync on an unknown room answer 404 ROOM_NOT_FOUND", async () => {
  const u = await signup("nf-room2");
  const id = randomUUID();
  assertError(await api("POST", `/api/rooms/${id}/leave`, {}, u.token), 404, "ROOM_NOT_FOUND", "leave");
  assertError(await chat(u.token, id, "hello", "TEXT"), 404, "ROOM_NOT_FOUND", "chat");
  assertError(await api("POST", `/api/rooms/${id}/timer-sync`, { action: "start" }, u.token), 404, "ROOM_NOT_FOUND", "timer-sync");
});

it("GET /api/rooms/join/:join_code resolves a join code; an unknown code is 404 ROOM_NOT_FOUND", async () => {
  const u = await signup("code");
  const created = await createRoom(u.token, { capacity: 8 });
  assert.match(created.join_code, JOIN_CODE_RE);
  const res = await api("GET", `/api/rooms/join/${created.join_code}`);
  assertStatus(res, 200);
  assert.equal(roomOf(res.body).id, created.id);
  const unknownCode = created.join_code === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ";
  assertError(await api("GET", `/api/rooms/join/${unknownCode}`), 404, "ROOM_NOT_FOUND");
});

it("property 25: POST /api/rooms creates a room with defaults (capacity 50, occupancy 0, public, topology by capacity) and does not join it", async () => {
  const u = await signup("creator");
  const name = unique("Defaults Room");
  const res = await api("POST", "/api/rooms", { name }, u.token);
  assertStatus(res, 201, "create");
  const room = roomOf(res.body);
  assert.equal(room.name, name);
  assert.equal(room.capacity, 50);
  assert.equal(room.current_occupancy, 0);
  assert.equal(room.is_public, true);
  assert.equal(room.media_topology, "sfu");
  assert.match(room.join_code, JOIN_CODE_RE);
  const small = await createRoom(u.token, { capacity: 6 });
  assert.equal(small.media_topology, "mesh", "capacity <= 6 defaults to mesh");
  const seven = await createRoom(u.token, { capacity: 7 });
  assert.equal(seven.media_topology, "sfu");
  const fetched = await getRoom(room.id);
  assert.equal(fetched.room.owner_id, u.id);
  assert.equal(fetched.room.current_occupancy, 0);
  assert.deepEqual(fetched.participants, []);
  // creating did not join: joining now works
  await joinRoom(u.token, room.id);
  await leaveRoom(u.token, room.id);
});

it("property 29: POST /api/rooms validates name and capacity (2-50)", async () => {
  const u = await signup("roomval");
  const soft = softly();
  for (const [what, body, field] of [
    ["missing name", { capacity: 10 }, "name"],
    ["capacity 1", { name: unique("R"), capacity: 1 }, "capacity"],
    ["capacity 51", { name: unique("R"), capacity: 51 }, "capacity"],
    ["capacity text", { name: unique("R"), capacity: "ten" }, "capacity"],
    ["capacity fraction", { name: unique("R"), capacity: 4.5 }, "capacity"],
  ]) {
    await soft.check(what, async () => {
      const err = assertError(await api("POST", "/api/rooms", body, u.token), 400, "VALIDATION_ERROR");
      assert.ok(err.details?.fields && field in err.details.fields, `details.fields.${field} in ${JSON.stringify(err.details)}`);
    });
  }
  soft.done();
  assert.equal((await createRoom(u.token, { capacity: 2 })).capacity, 2);
  assert.equal((await createRoom(u.token, { capacity: 50 })).capacity, 50);
});

// ---------------------------------------------------------------------------------------------
// join and leave
// ---------------------------------------------------------------------------------------------

it("property 4, 5, 31: a join increments occupancy by 1 and creates an ACTIVE participant joined within 1 s", async () => {
  const u = await signup("joiner");
  const before = await seededRoom("Study Room 2");
  const t0 = Date.now();
  const res = await api("POST", `/api/rooms/${before.id}/join`, {}, u.token);
  const t1 = Date.now();
  assertStatus(res, 200, "join");
  assert.equal(res.body.success, true);
  assert.equal(typeof res.body.participant_id, "string");
  assert.equal(res.body.room.id, before.id);
  assert.equal(res.body.room.name, "Study Room 2");
  assert.equal(res.body.room.current_occupancy, before.current_occupancy + 1, "property 4: +1");

  const after = await seededRoom("Study Room 2");
  assert.equal(after.current_occupancy, before.current_occupancy + 1);
  assert.equal(after.available_spots, before.available_spots - 1);

  const { room, participants } = await getRoom(before.id);
  assert.equal(room.current_occupancy, before.current_occupancy + 1);
  const mine = participants.filter((p) => p.user_id === u.id);
  assert.equal(mine.length, 1, "property 5: one participant record");
  const p = mine[0];
  assert.equal(p.status, "ACTIVE", "property 5: ACTIVE");
  assert.equal(p.user_name, u.name);
  assert.ok(isoWithin(p.joined_at, t0, t1), `property 31: joined_at ${p.joined_at} within 1 s of [${new Date(t0).toISOString()}, ${new Date(t1).toISOString()}]`);
  assert.equal(p.cam, true, "joins with the camera on");
  assert.equal(p.mic, false, "joins with the microphone off");
  assert.equal(p.screen, false);
  await leaveRoom(u.token, before.id);
});

it("joining while in a room answers 409 ALREADY_IN_ROOM with details.room_id, occupancy unchanged", async () => {
  const u = await signup("twice");
  const r5 = await seededRoom("Study Room 5");
  const r6 = await seededRoom("Study Room 6");
  await joinRoom(u.token, r5.id);
  const same = assertError(await api("POST", `/api/rooms/${r5.id}/join`, {}, u.token), 409, "ALREADY_IN_ROOM", "same room");
  assert.equal(same.details?.room_id, r5.id);
  const other = assertError(await api("POST", `/api/rooms/${r6.id}/join`, {}, u.token), 409, "ALREADY_IN_ROOM", "other room");
  assert.equal(other.details?.room_id, r5.id);
  assert.equal((await seededRoom("Study Room 5")).current_occupancy, r5.current_occupancy + 1);
  assert.equal((await seededRoom("Study Room 6")).current_occupancy, r6.current_occupancy);
  const mine = (await getRoom(r5.id)).participants.filter((p) => p.user_id === u.id);
  assert.equal(mine.length, 1, "still one participant record");
  await leaveRoom(u.token, r5.id);
});

it("property 9, 10, 32, 33: leave decrements occupancy, removes the participant and logs the visit with its duration", async () => {
  const u = await signup("leaver");
  const room = await seededRoom("Study Room 7");
  const j0 = Date.now();
  await joinRoom(u.token, room.id);
  const j1 = Date.now();
  await sleep(1500);
  const l0 = Date.now();
  const res = await api("POST", `/api/rooms/${room.id}/leave`, {}, u.token);
  const l1 = Date.now();
  assertStatus(res, 200, "leave");
  assert.equal(res.body.success, true);
  assert.equal(res.body.room.current_occupancy, room.current_occupancy, "property 9: back to where it was");
  const log = res.body.session_log;
  assert.ok(log && typeof log === "object", `session_log in the answer: ${JSON.stringify(res.body)}`);
  assert.equal(log.room_id, room.id);
  assert.equal(log.user_id, u.id);
  assert.equal(log.kind, "visit");
  const lo = (l0 - j1) / 1000 - 1;
  const hi = (l1 - j0) / 1000 + 1;
  assert.ok(typeof log.duration === "number" && log.duration >= lo && log.duration <= hi, `property 32: duration ${log.duration} in [${lo}, ${hi}]`);

  assert.equal((await seededRoom("Study Room 7")).current_occupancy, room.current_occupancy);
  const { participants } = await getRoom(room.id);
  assert.ok(!participants.some((p) => p.user_id === u.id), "property 10: participant removed");

  const logs = await sessionLogs(u.token);
  const visits = logs.filter((l) => l.kind === "visit" && l.room_id === room.id);
  assert.equal(visits.length, 1, `property 33: one visit logged: ${JSON.stringify(logs)}`);
  for (const field of ["id", "room_id", "user_id", "duration", "created_at", "study_session_id", "kind"]) {
    assert.ok(field in visits[0], `session log has ${field}`);
  }
  assert.equal(visits[0].id, log.id);
  assert.ok(isoWithin(visits[0].created_at, l0, l1), "created_at is the leave time");
});

it("property 8, 11: leaving a room you are not in answers 404 NOT_PARTICIPANT and occupancy never goes negative", async () => {
  const u = await signup("notin");
  const r8 = await seededRoom("Study Room 8");
  const r9 = await seededRoom("Study Room 9");
  assertError(await api("POST", `/api/rooms/${r8.id}/leave`, {}, u.token), 404, "NOT_PARTICIPANT", "never joined");
  await joinRoom(u.token, r9.id);
  assertError(await api("POST", `/api/rooms/${r8.id}/leave`, {}, u.token), 404, "NOT_PARTICIPANT", "in another room");
  assert.equal((await seededRoom("Study Room 9")).current_occupancy, r9.current_occupancy + 1, "the other room is untouched");
  await leaveRoom(u.token, r9.id);
  assertError(await api("POST", `/api/rooms/${r9.id}/leave`, {}, u.token), 404, "NOT_PARTICIPANT", "leaving twice");
  const empty = await createRoom(u.token, { capacity: 3 });
  assertError(await api("POST", `/api/rooms/${empty.id}/leave`, {}, u.token), 404, "NOT_PARTICIPANT", "empty room");
  assert.equal((await getRoom(empty.id)).room.current_occupancy, 0, "property 11: not negative");
  assert.equal((await seededRoom("Study Room 8")).current_occupancy, r8.current_occupancy);
  assert.equal((await seededRoom("Study Room 9")).current_occupancy, r9.current_occupancy);
});

it("property 3, 7: 12 concurrent joins on a room with 5 spots admit exactly 5; the rest get 429 ROOM_FULL", async () => {
  const owner = await signup("full-owner");
  const room = await createRoom(owner.token, { capacity: 5 });
  const users = await signupMany(12, "rush");
  const results = await Promise.all(users.map((u) => api("POST", `/api/rooms/${room.id}/join`, {}, u.token)));
  const ok = results.filter((r) => r.status === 200);
  const full = results.filter((r) => r.status === 429);
  assert.equal(ok.length, 5, `exactly 5 admitted; statuses ${results.map((r) => r.status).join(",")}`);
  assert.equal(full.length, 7, "7 refused");
  for (const r of full) assertError(r, 429, "ROOM_FULL");
  const occupancies = ok.map((r) => r.body.room.current_occupancy).sort((a, b) => a - b);
  assert.deepEqual(occupancies, [1, 2, 3, 4, 5], "each admitted join saw its own increment");
  const { room: after, participants } = await getRoom(room.id);
  assert.equal(after.current_occupancy, 5);
  assert.equal(participants.length, 5);
  const admitted = new Set(users.filter((u, i) => results[i].status === 200).map((u) => u.id));
  assert.deepEqual(new Set(participants.map((p) => p.user_id)), admitted);
  const listed = (await listRooms()).find((r) => r.id === room.id);
  assert.equal(listed.available_spots, 0);
  // property 3: a full room keeps refusing
  assertError(await api("POST", `/api/rooms/${room.id}/join`, {}, owner.token), 429, "ROOM_FULL", "join a full room");
  // a refused user is in no room and can join elsewhere
  const refused = users.find((u, i) => results[i].status === 429);
  const other = await createRoom(owner.token, { capacity: 2 });
  await joinRoom(refused.token, other.id);
  // one leaves, one more gets in
  const leaver = users.find((u) => admitted.has(u.id));
  await leaveRoom(leaver.token, room.id);
  await joinRoom(owner.token, room.id);
  assert.equal((await getRoom(room.id)).room.current_occupancy, 5);
});

// ---------------------------------------------------------------------------------------------
// chat
// ---------------------------------------------------------------------------------------------

it("property 12: message content must be 1-1000 characters (after trimming, in code points)", async () => {
  const u = await signup("chatval");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  for (const [what, content] of [
    ["empty", ""],
    ["only spaces", "   \t  "],
    ["1001 characters", "x".repeat(1001)],
    ["1001 emoji", "\u{1F600}".repeat(1001)],
  ]) {
    assertError(await chat(u.token, room.id, content, "TEXT"), 400, "VALIDATION_ERROR", what);
  }
  for (const [what, body] of [
    ["missing content", { type: "TEXT" }],
    ["content not a string", { content: 12345, type: "TEXT" }],
    ["content null", { content: null, type: "TEXT" }],
  ]) {
    assertError(await api("POST", `/api/rooms/${room.id}/chat`, body, u.token), 400, "VALIDATION_ERROR", what);
  }
  const exact = await chat(u.token, room.id, "y".repeat(1000), "TEXT");
  assertStatus(exact, 201, "exactly 1000");
  assert.equal(exact.body.message.content, "y".repeat(1000));
  assertStatus(await chat(u.token, room.id, "\u{1F600}".repeat(1000), "EMOJI"), 201, "1000 emoji are 1000 code points");
  assertStatus(await chat(u.token, room.id, `  ${"z".repeat(1000)}  `, "TEXT"), 201, "1000 after trimming");
  assertStatus(await chat(u.token, room.id, "a", "TEXT"), 201, "one character");
  const { messages: stored } = await messages(room.id);
  assert.equal(stored.length, 4, "only the valid messages were stored");
});

it("property 13, 14: TEXT, EMOJI and POLL messages are stored with their type; TEXT is the default; other types are 400", async () => {
  const u = await signup("types");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const sent = [];
  for (const [content, type] of [["plain words", "TEXT"], ["\u{1F44D}\u{1F389}", "EMOJI"], ["Lunch? yes / no", "POLL"]]) {
    const t0 = Date.now();
    const res = await chat(u.token, room.id, content, type);
    const t1 = Date.now();
    assertStatus(res, 201, type);
    assert.equal(res.body.success, true);
    const m = res.body.message;
    assert.equal(typeof m.message_id, "string");
    assert.equal(m.user_id, u.id);
    assert.equal(m.user_name, u.name);
    assert.equal(m.content, content);
    assert.equal(m.type, type);
    assert.ok(isoWithin(m.timestamp, t0, t1), `timestamp ${m.timestamp}`);
    sent.push(m);
  }
  const def = await chat(u.token, room.id, "no type given");
  assertStatus(def, 201, "default type");
  assert.equal(def.body.message.type, "TEXT");
  sent.push(def.body.message);
  for (const type of ["VIDEO", "", 7]) {
    assertError(await chat(u.token, room.id, "bad type", type), 400, "VALIDATION_ERROR", `type ${JSON.stringify(type)}`);
  }
  const { messages: stored } = await messages(room.id);
  assert.equal(stored.length, 4);
  const byId = new Map(stored.map((m) => [idOf(m), m]));
  for (const m of sent) {
    const s = byId.get(m.message_id);
    assert.ok(s, `message ${m.message_id} persisted`);
    assert.equal(s.user_id, u.id);
    assert.equal(s.content, m.content);
    assert.equal(s.type, m.type);
    assert.ok(Math.abs(Date.parse(s.timestamp) - Date.parse(m.timestamp)) < 1000, `stored timestamp ${s.timestamp} vs ${m.timestamp}`);
    if ("room_id" in s) assert.equal(s.room_id, room.id);
  }
});

it("property 13: messages are listed newest first and paged with before= and limit=", async () => {
  const u = await signup("pager");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const ids = [];
  for (let i = 0; i < 7; i += 1) {
    const res = await chat(u.token, room.id, `message ${i}`, "TEXT");
    assertStatus(res, 201);
    ids.push(res.body.message.message_id);
  }
  const all = await messages(room.id);
  assert.deepEqual(all.messages.map(idOf), [...ids].reverse(), "newest first");
  assert.equal(all.has_more, false);

  const p1 = await messages(room.id, "?limit=3");
  assert.deepEqual(p1.messages.map((m) => m.content), ["message 6", "message 5", "message 4"]);
  assert.equal(p1.has_more, true);
  const p2 = await messages(room.id, `?limit=3&before=${encodeURIComponent(idOf(p1.messages[2]))}`);
  assert.deepEqual(p2.messages.map((m) => m.content), ["message 3", "message 2", "message 1"]);
  assert.equal(p2.has_more, true);
  const p3 = await messages(room.id, `?limit=3&before=${encodeURIComponent(idOf(p2.messages[2]))}`);
  assert.deepEqual(p3.messages.map((m) => m.content), ["message 0"]);
  assert.equal(p3.has_more, false);

  for (const bad of ["0", "101", "-1", "abc"]) {
    assertError(await api("GET", `/api/rooms/${room.id}/messages?limit=${bad}`), 400, "VALIDATION_ERROR", `limit=${bad}`);
  }
  // the history outlives the participation
  await leaveRoom(u.token, room.id);
  assert.equal((await messages(room.id)).messages.length, 7);
});

it("property 13: messages sent one after another are listed in exactly the reverse order and paged without gaps", async () => {
  const u = await signup("order");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const sent = [];
  for (let i = 0; i < 40; i += 1) {
    const res = await chat(u.token, room.id, `seq ${i}`, "TEXT");
    assertStatus(res, 201);
    sent.push(res.body.message);
  }
  const page = await messages(room.id, "?limit=100");
  const listed = page.messages.map((m) => m.content);
  const expected = sent.map((m) => m.content).reverse();
  const ties = sent.filter((m, i) => i > 0 && m.timestamp === sent[i - 1].timestamp).length;
  assert.deepEqual(listed, expected, `newest first (${ties} neighbouring messages share a timestamp)`);
  // paging in steps of 7 sees every message once, in order
  const seen = [];
  let before = "";
  for (let guard = 0; guard < 20; guard += 1) {
    const p = await messages(room.id, `?limit=7${before ? `&before=${encodeURIComponent(before)}` : ""}`);
    seen.push(...p.messages.map((m) => m.content));
    if (!p.has_more) break;
    before = idOf(p.messages[p.messages.length - 1]);
  }
  assert.deepEqual(seen, expected, "paging with before= walks the same order");
});

it("property 15: XSS patterns are removed or escaped before storing", async () => {
  const u = await signup("xss");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const payloads = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "hello <b onmouseover=alert(1) onerror=alert(2)>bold</b>",
    '<iframe src="JavaScript:alert(1)"></iframe>',
  ];
  const check = (content, what) => {
    const lower = String(content).toLowerCase();
    assert.ok(!lower.includes("<script"), `${what}: no <script in ${JSON.stringify(content)}`);
    assert.ok(!/onerror\s*=/.test(lower), `${what}: no onerror= in ${JSON.stringify(content)}`);
    assert.ok(!lower.includes("javascript:"), `${what}: no javascript: in ${JSON.stringify(content)}`);
  };
  const soft = softly();
  for (const p of payloads) {
    await soft.check(p, async () => {
      const res = await chat(u.token, room.id, p, "TEXT");
      assertStatus(res, 201, "1-1000 characters before sanitising is valid");
      check(res.body.message.content, "answer");
    });
  }
  soft.done();
  const { messages: stored } = await messages(room.id);
  assert.equal(stored.length, payloads.length);
  for (const m of stored) check(m.content, "stored");
  const plain = await chat(u.token, room.id, "just text, nothing to see", "TEXT");
  assert.equal(plain.body.message.content, "just text, nothing to see", "harmless text is unchanged");
});

it("chat and timer-sync in a room you are not in answer 403 NOT_PARTICIPANT", async () => {
  const [a, loner] = await signupMany(2, "outsider");
  const roomA = await createRoom(a.token, { capacity: 10 });
  const roomB = await createRoom(a.token, { capacity: 10 });
  await joinRoom(a.token, roomA.id);
  assertError(await chat(a.token, roomB.id, "hi", "TEXT"), 403, "NOT_PARTICIPANT", "chat in room B as a participant of A");
  assertError(await api("POST", `/api/rooms/${roomB.id}/timer-sync`, { action: "start", duration: 60 }, a.token), 403, "NOT_PARTICIPANT", "timer in room B");
  assertError(await chat(loner.token, roomA.id, "hi", "TEXT"), 403, "NOT_PARTICIPANT", "chat while in no room");
  assertError(await api("POST", `/api/rooms/${roomA.id}/timer-sync`, { action: "start" }, loner.token), 403, "NOT_PARTICIPANT", "timer while in no room");
  assertEmpty(await messages(roomB.id));
  assertEmpty(await messages(roomA.id));
  function assertEmpty(page) {
    assert.equal(page.messages.length, 0, "nothing was stored");
  }
  assertStatus(await chat(a.token, roomA.id, "in my own room", "TEXT"), 201);
});

// ---------------------------------------------------------------------------------------------
// timer
// ---------------------------------------------------------------------------------------------

it("property 29: timer-sync validates action, duration (whole seconds 1-86400) and start_time", async () => {
  const u = await signup("timerval");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const path = `/api/rooms/${room.id}/timer-sync`;
  const soft = softly();
  for (const [what, body, field] of [
    ["missing action", {}, "action"],
    ["unknown action", { action: "explode" }, "action"],
    ["action not a string", { action: 1 }, "action"],
    ["duration 0", { action: "start", duration: 0 }, "duration"],
    ["duration -5", { action: "start", duration: -5 }, "duration"],
    ["duration 86401", { action: "start", duration: 86401 }, "duration"],
    ["duration 1.5", { action: "start", duration: 1.5 }, "duration"],
    ["duration text", { action: "start", duration: "25" }, "duration"],
    ["start_time not a date", { action: "start", start_time: "yesterday" }, "start_time"],
  ]) {
    await soft.check(what, async () => {
      const err = assertError(await api("POST", path, body, u.token), 400, "VALIDATION_ERROR");
      assert.ok(err.details?.fields && field in err.details.fields, `details.fields.${field} in ${JSON.stringify(err.details)}`);
    });
  }
  soft.done();

  const started = await api("POST", path, { action: "start" }, u.token);
  assertStatus(started, 200, "start with defaults");
  assert.equal(started.body.success, true);
  assert.equal(started.body.timer.status, "running");
  assert.equal(started.body.timer.duration, 1500, "default duration 1500");
  assert.equal(started.body.timer.synced_by, u.id);
  assert.ok(Math.abs(started.body.timer.remaining - 1500) <= 2, `remaining ${started.body.timer.remaining}`);
  assert.ok(isoWithin(started.body.timer.start_time, Date.now() - 5000, Date.now()), "start_time defaults to now");

  const startTime = new Date(Date.now() - 10000).toISOString();
  const backdated = await api("POST", path, { action: "start", duration: 60, start_time: startTime }, u.token);
  assertStatus(backdated, 200, "start with start_time");
  assert.equal(backdated.body.timer.duration, 60);
  assert.equal(Date.parse(backdated.body.timer.start_time), Date.parse(startTime));
  assert.ok(Math.abs(backdated.body.timer.remaining - 50) <= 2, `remaining ${backdated.body.timer.remaining} is about 50`);

  const paused = await api("POST", path, { action: "pause" }, u.token);
  assertStatus(paused, 200, "pause");
  assert.equal(paused.body.timer.status, "paused");
  const resumed = await api("POST", path, { action: "resume" }, u.token);
  assertStatus(resumed, 200, "resume");
  assert.equal(resumed.body.timer.status, "running");
  const done = await api("POST", path, { action: "complete" }, u.token);
  assertStatus(done, 200, "complete");
  assert.equal(done.body.timer.status, "completed");
  assertStatus(await api("POST", path, { action: "start", duration: 86400 }, u.token), 200, "duration 86400");
  assertStatus(await api("POST", path, { action: "start", duration: 1 }, u.token), 200, "duration 1");
});

it("property 20: timer events write session logs of kind timer-<action> with user, room and time", async () => {
  const u = await signup("timerlog");
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  const t0 = Date.now();
  for (const action of ["start", "pause", "resume", "complete"]) {
    const body = action === "start" ? { action, duration: 120 } : { action };
    assertStatus(await api("POST", `/api/rooms/${room.id}/timer-sync`, body, u.token), 200, action);
  }
  const t1 = Date.now();
  const logs = (await sessionLogs(u.token)).filter((l) => l.room_id === room.id);
  const kinds = logs.filter((l) => l.kind.startsWith("timer-"));
  assert.deepEqual(
    kinds.map((l) => l.kind).sort(),
    ["timer-complete", "timer-pause", "timer-resume", "timer-start"],
    `timer logs: ${JSON.stringify(logs)}`,
  );
  for (const l of kinds) {
    assert.equal(l.user_id, u.id);
    assert.equal(l.room_id, room.id);
    assert.ok(isoWithin(l.created_at, t0, t1), `created_at ${l.created_at}`);
  }
  const times = logs.map((l) => Date.parse(l.created_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");
});

// ---------------------------------------------------------------------------------------------
// moderation
// ---------------------------------------------------------------------------------------------

it("property 21: moderation by a user who is neither admin nor the room's owner answers 403 FORBIDDEN", async () => {
  const [owner, target, peer] = await signupMany(3, "mod21");
  const room = await createRoom(owner.token, { capacity: 10 });
  await joinRoom(target.token, room.id);
  await joinRoom(peer.token, room.id);
  const path = `/api/admin/rooms/${room.id}/moderate`;
  for (const action of ["mute", "kick"]) {
    assertError(await api("POST", path, { action, target_user_id: target.id }, peer.token), 403, "FORBIDDEN", action);
  }
  assertError(await api("POST", path, { action: "kick", target_user_id: peer.id }, peer.token), 403, "FORBIDDEN", "on oneself");
  const { participants } = await getRoom(room.id);
  const t = participants.find((p) => p.user_id === target.id);
  assert.ok(t, "target still in the room");
  assert.equal(t.status, "ACTIVE");
  // the owner of another room is not the owner of this one
  const otherOwner = await signup("mod21-other");
  await createRoom(otherOwner.token, { capacity: 3 });
  assertError(await api("POST", path, { action: "mute", target_user_id: target.id }, otherOwner.token), 403, "FORBIDDEN", "owner of another room");
});

it("property 22: an admin's mute sets the participant's status to MUTED with the microphone off", async () => {
  const [owner, target] = await signupMany(2, "mod22");
  const room = await createRoom(owner.token, { capacity: 10 });
  await joinRoom(target.token, room.id);
  const admin = await adminToken();
  const res = await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: target.id }, admin);
  assertStatus(res, 200, "mute");
  assert.equal(res.body.success, true);
  assert.equal(res.body.action, "mute");
  assert.equal(res.body.target_user_id, target.id);
  const p = (await getRoom(room.id)).participants.find((x) => x.user_id === target.id);
  assert.equal(p.status, "MUTED");
  assert.equal(p.mic, false);
  assert.equal((await getRoom(room.id)).room.current_occupancy, 1, "a mute keeps the participant");
});

it("the room's owner may moderate their own room", async () => {
  const [owner, target] = await signupMany(2, "modowner");
  const room = await createRoom(owner.token, { capacity: 10 });
  await joinRoom(target.token, room.id);
  const res = await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: target.id }, owner.token);
  assertStatus(res, 200, "owner mutes");
  assert.equal((await getRoom(room.id)).participants.find((x) => x.user_id === target.id).status, "MUTED");
  assertStatus(
    await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "kick", target_user_id: target.id }, owner.token),
    200,
    "owner kicks",
  );
});

it("property 24: kick removes the participant and decrements occupancy; a target not in the room is 404 NOT_PARTICIPANT", async () => {
  const [owner, target, stays, elsewhere] = await signupMany(4, "mod24");
  const room = await createRoom(owner.token, { capacity: 10 });
  const otherRoom = await createRoom(owner.token, { capacity: 10 });
  await joinRoom(target.token, room.id);
  await joinRoom(stays.token, room.id);
  await joinRoom(elsewhere.token, otherRoom.id);
  const admin = await adminToken();
  const path = `/api/admin/rooms/${room.id}/moderate`;
  const res = await api("POST", path, { action: "kick", target_user_id: target.id }, admin);
  assertStatus(res, 200, "kick");
  assert.equal(res.body.success, true);
  assert.equal(res.body.action, "kick");
  assert.equal(res.body.target_user_id, target.id);
  const { room: after, participants } = await getRoom(room.id);
  assert.equal(after.current_occupancy, 1);
  assert.ok(!participants.some((p) => p.user_id === target.id), "participant record removed");
  assert.ok(participants.some((p) => p.user_id === stays.id), "the others stay");
  assertError(await api("POST", `/api/rooms/${room.id}/leave`, {}, target.token), 404, "NOT_PARTICIPANT", "the kicked user is out");
  assertError(await chat(target.token, room.id, "still here?", "TEXT"), 403, "NOT_PARTICIPANT", "the kicked user cannot chat");

  assertError(await api("POST", path, { action: "kick", target_user_id: target.id }, admin), 404, "NOT_PARTICIPANT", "kick again");
  assertError(await api("POST", path, { action: "mute", target_user_id: elsewhere.id }, admin), 404, "NOT_PARTICIPANT", "target in another room");
  assertError(await api("POST", path, { action: "mute", target_user_id: randomUUID() }, admin), 404, "NOT_PARTICIPANT", "unknown user");
  assert.equal((await getRoom(otherRoom.id)).room.current_occupancy, 1, "the other room is untouched");
  // the kicked user may join again later
  await joinRoom(target.token, room.id);
});

it("property 29: moderation validates action and target_user_id; unknown room is 404 ROOM_NOT_FOUND", async () => {
  const [owner, target] = await signupMany(2, "modval");
  const room = await createRoom(owner.token, { capacity: 10 });
  await joinRoom(target.token, room.id);
  const admin = await adminToken();
  const path = `/api/admin/rooms/${room.id}/moderate`;
  const soft = softly();
  for (const [what, body, field] of [
    ["unknown action", { action: "ban", target_user_id: target.id }, "action"],
    ["missing action", { target_user_id: target.id }, "action"],
    ["missing target", { action: "mute" }, "target_user_id"],
    ["non-UUID target", { action: "mute", target_user_id: "someone" }, "target_user_id"],
  ]) {
    await soft.check(what, async () => {
      const err = assertError(await api("POST", path, body, admin), 400, "VALIDATION_ERROR");
      assert.ok(err.details?.fields && field in err.details.fields, `details.fields.${field} in ${JSON.stringify(err.details)}`);
    });
  }
  soft.done();
  assertError(
    await api("POST", `/api/admin/rooms/${randomUUID()}/moderate`, { action: "mute", target_user_id: target.id }, admin),
    404,
    "ROOM_NOT_FOUND",
  );
  assert.equal((await getRoom(room.id)).participants.find((p) => p.user_id === target.id).status, "ACTIVE");
});

// ---------------------------------------------------------------------------------------------
// session logs
// ---------------------------------------------------------------------------------------------

it("property 34: session logs are filtered exactly by user_id, room_id, from and to; others' logs need admin", async () => {
  const [u, v] = await signupMany(2, "logs");
  const r1 = await createRoom(u.token, { capacity: 10 });
  const r2 = await createRoom(u.token, { capacity: 10 });
  const tStart = Date.now();
  await joinRoom(u.token, r1.id);
  await leaveRoom(u.token, r1.id);
  await joinRoom(u.token, r2.id);
  await joinRoom(v.token, r1.id);
  await leaveRoom(u.token, r2.id);
  await sleep(1100);
  const tMid = new Date().toISOString();
  await sleep(1100);
  await leaveRoom(v.token, r1.id);
  const tEnd = Date.now();

  const own = await sessionLogs(u.token);
  const ownVisits = own.filter((l) => l.kind === "visit");
  assert.ok(own.every((l) => l.user_id === u.id), "a user sees only their own logs");
  assert.deepEqual(ownVisits.map((l) => l.room_id).sort(), [r1.id, r2.id].sort());
  const times = own.map((l) => Date.parse(l.created_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");

  const byRoom = await sessionLogs(u.token, `?room_id=${r1.id}`);
  assert.equal(byRoom.length, 1, `u's logs in r1: ${JSON.stringify(byRoom)}`);
  assert.equal(byRoom[0].room_id, r1.id);
  assert.equal(byRoom[0].user_id, u.id);

  const self = await sessionLogs(u.token, `?user_id=${u.id}`);
  assert.deepEqual(self.map((l) => l.id).sort(), own.map((l) => l.id).sort());

  assertError(await api("GET", `/api/session-logs?user_id=${v.id}`, undefined, u.token), 403, "FORBIDDEN", "another user's logs");

  const admin = await adminToken();
  const vLogs = await sessionLogs(admin, `?user_id=${v.id}`);
  assert.equal(vLogs.length, 1);
  assert.equal(vLogs[0].user_id, v.id);
  assert.equal(vLogs[0].room_id, r1.id);

  const r1Logs = await sessionLogs(admin, `?room_id=${r1.id}`);
  assert.ok(r1Logs.every((l) => l.room_id === r1.id));
  assert.deepEqual(r1Logs.map((l) => l.user_id).sort(), [u.id, v.id].sort());

  const both = await sessionLogs(admin, `?room_id=${r1.id}&user_id=${u.id}`);
  assert.equal(both.length, 1);
  assert.equal(both[0].user_id, u.id);

  const q = (from, to) => `?room_id=${r1.id}${from ? `&from=${encodeURIComponent(from)}` : ""}${to ? `&to=${encodeURIComponent(to)}` : ""}`;
  const future = new Date(Date.now() + 3600e3).toISOString();
  assert.deepEqual(await sessionLogs(admin, q(future)), [], "from in the future");
  assert.deepEqual(await sessionLogs(admin, q(undefined, "2000-01-01T00:00:00Z")), [], "to long ago");
  const window = await sessionLogs(admin, q(new Date(tStart - 2000).toISOString(), new Date(tEnd + 2000).toISOString()));
  assert.equal(window.length, 2, "the whole window");
  const early = await sessionLogs(admin, q(undefined, tMid));
  assert.deepEqual(early.map((l) => l.user_id), [u.id], `to=${tMid}: ${JSON.stringify(early)}`);
  const late = await sessionLogs(admin, q(tMid));
  assert.deepEqual(late.map((l) => l.user_id), [v.id], `from=${tMid}: ${JSON.stringify(late)}`);
  for (const l of [...early, ...late]) {
    assert.equal(l.room_id, r1.id);
  }

  for (const [what, query, field] of [
    ["from not a date", "?from=yesterday", "from"],
    ["to not a date", "?to=2024-13-45", "to"],
    ["non-UUID user_id", "?user_id=bob", "user_id"],
  ]) {
    const err = assertError(await api("GET", `/api/session-logs${query}`, undefined, admin), 400, "VALIDATION_ERROR", what);
    assert.ok(err.details?.fields && field in err.details.fields, `${what}: details.fields.${field} in ${JSON.stringify(err.details)}`);
  }
});

it("property 39: a join with study_session_id links the participation's session log to it", async () => {
  const u = await signup("study");
  const room = await createRoom(u.token, { capacity: 10 });
  const studySession = randomUUID();
  const joined = await api("POST", `/api/rooms/${room.id}/join`, { study_session_id: studySession }, u.token);
  assertStatus(joined, 200, "join with study_session_id");
  const left = await leaveRoom(u.token, room.id);
  assert.equal(left.session_log.study_session_id, studySession);
  const logs = (await sessionLogs(u.token)).filter((l) => l.room_id === room.id);
  assert.equal(logs.length, 1);
  assert.equal(logs[0].study_session_id, studySession);

  await joinRoom(u.token, room.id);
  const plain = await leaveRoom(u.token, room.id);
  assert.equal(plain.session_log.study_session_id ?? null, null, "no study session: not linked");
});

// ---------------------------------------------------------------------------------------------
// hostile input
// ---------------------------------------------------------------------------------------------

it("SQL metacharacters in ids, queries and bodies change nothing", async () => {
  const nasty = ["' OR '1'='1", "1; DROP TABLE rooms; --", "\" OR \"\"=\"", "%' --", "x'); DELETE FROM participants; --"];
  const u = await signup("sqli");
  const admin = await adminToken();
  const room = await createRoom(u.token, { capacity: 10 });
  await joinRoom(u.token, room.id);
  assertStatus(await chat(u.token, room.id, "before", "TEXT"), 201);
  const roomsBefore = await listRooms();

  for (const s of nasty) {
    const id = encodeURIComponent(s);
    assertError(await api("GET", `/api/rooms/${id}`), 404, "ROOM_NOT_FOUND", `GET room ${s}`);
    assertError(await api("POST", `/api/rooms/${id}/join`, {}, u.token), 404, "ROOM_NOT_FOUND", `join ${s}`);
    assertError(await api("GET", `/api/rooms/${id}/messages`), 404, "ROOM_NOT_FOUND", `messages ${s}`);
    assertError(await api("GET", `/api/session-logs?user_id=${id}`, undefined, admin), 400, "VALIDATION_ERROR", `logs user_id ${s}`);
    assertError(
      await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "kick", target_user_id: s }, admin),
      400,
      "VALIDATION_ERROR",
      `moderate ${s}`,
    );
    const byRoom = await api("GET", `/api/session-logs?room_id=${id}`, undefined, admin);
    assert.ok(
      byRoom.status === 400 || (byRoom.status === 200 && byRoom.body.session_logs.length === 0),
      `logs room_id ${s}: 400 or nothing, got ${byRoom.status} ${JSON.stringify(byRoom.body).slice(0, 200)}`,
    );
    const before = await api("GET", `/api/rooms/${room.id}/messages?before=${id}`);
    assert.ok(
      before.status === 400 || (before.status === 200 && Array.isArray(before.body.messages)),
      `messages before=${s}: ${before.status}`,
    );
    if (before.status === 400) assertError(before, 400, "VALIDATION_ERROR");
    const login = await api("POST", "/api/auth/login", { email: s, password: s });
    assert.ok(login.status === 400 || login.status === 401, `login with ${s}: ${login.status}`);
    assert.ok(login.body.success === false);
    const chatRes = await chat(u.token, room.id, s, "TEXT");
    assertStatus(chatRes, 201, `chat ${s}`);
  }
  const login = await api("POST", "/api/auth/login", { email: `${u.email}' --`, password: "anything" });
  assert.ok(login.status === 400 || login.status === 401, `comment trick: ${login.status}`);

  const name = "Robert'); DROP TABLE users;--";
  const email = `${unique("bobby")}@carrel.test`;
  const bobby = await api("POST", "/api/auth/signup", { name, email, password: "password123" });
  assertStatus(bobby, 201, "signup with a nasty name");
  const me = await api("GET", "/api/me", undefined, bobby.body.token);
  assert.equal(me.body.user.name, name, "the name is stored as given");
  assertStatus(await api("POST", "/api/auth/login", { email, password: "password123" }), 200, "login still works");
  assertStatus(await api("POST", "/api/auth/login", { email: u.email, password: u.password }), 200, "other users still log in");

  const roomsAfter = await listRooms();
  assert.deepEqual(roomsAfter.map((r) => [r.id, r.current_occupancy]), roomsBefore.map((r) => [r.id, r.current_occupancy]));
  const { participants } = await getRoom(room.id);
  assert.deepEqual(participants.map((p) => p.user_id), [u.id]);
  const page = await messages(room.id);
  assert.equal(page.messages.length, 1 + nasty.length, "every message is there");
  assert.equal(page.messages[page.messages.length - 1].content, "before");
});
