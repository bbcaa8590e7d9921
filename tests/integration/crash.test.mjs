// SIGKILL at random moments of a join/chat/leave workload (issue: restarts lose nothing). After
// each kill the server starts again on the same database: every room's occupancy equals its
// participant count, nothing half-written is visible, and the participants the dead process
// held are removed once the start-up grace has passed. Runs on SQLite and, in the PostgreSQL
// pass, on PostgreSQL.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import {
  api,
  connectRoom,
  it,
  listRooms,
  signupMany,
  sleep,
  startServer,
} from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

// One person's endless cycle: join over REST, connect, join-room, chat, leave (over REST or
// the socket), until the server dies under them.
async function cycle(user, rooms, random, alive) {
  while (alive()) {
    const room = rooms[Math.floor(random() * rooms.length)];
    try {
      const joined = await api("POST", `/api/rooms/${room.id}/join`, {}, user.token);
      if (joined.status !== 200) {
        // Still a participant from before a kill: leave wherever that was, then go on.
        for (const other of rooms) await api("POST", `/api/rooms/${other.id}/leave`, {}, user.token);
        continue;
      }
      const socket = await connectRoom(server.port, room.id, user.token);
      await socket.timeout(2000).emitWithAck("join-room", {});
      for (let i = 0; i < 3; i++)
        await socket.timeout(2000).emitWithAck("send-message", { content: `${user.name} ${i}` });
      if (random() < 0.5) await socket.timeout(2000).emitWithAck("leave-room");
      else await api("POST", `/api/rooms/${room.id}/leave`, {}, user.token);
      socket.disconnect();
    } catch {
      await sleep(20); // the server went away mid-cycle, which is the point
    }
  }
}

// A small deterministic generator, so a failing run can be replayed from its seed.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function assertConsistent(what) {
  for (const room of await listRooms()) {
    const res = await api("GET", `/api/rooms/${room.id}`);
    assert.equal(res.status, 200, `${what}: GET ${room.name}`);
    const { room: detail, participants } = res.body;
    assert.equal(detail.current_occupancy, participants.length, `${what}: ${room.name} occupancy`);
    assert.ok(detail.current_occupancy <= detail.capacity, `${what}: ${room.name} over capacity`);
    assert.equal(room.current_occupancy, detail.current_occupancy, `${what}: list and detail agree`);
    const messages = await api("GET", `/api/rooms/${room.id}/messages?limit=100`);
    assert.equal(messages.status, 200, `${what}: ${room.name} messages`);
    for (const message of messages.body.messages)
      assert.ok(message.content && message.user_id, `${what}: a message row is incomplete`);
  }
}

it("SIGKILL during joins, chat and leaves leaves the database consistent; the dead process's participants are cleaned up at the next start", { timeout: 90000 }, async () => {
  const seed = Number(process.env.CARREL_TEST_SEED ?? Date.now() % 100000);
  const random = mulberry32(seed);
  const users = await signupMany(12, "crash");
  const rooms = (await listRooms()).slice(0, 3);
  let participantsSeen = 0;

  for (let round = 0; round < 3; round++) {
    let running = true;
    const workload = users.map((user) => cycle(user, rooms, random, () => running));
    await sleep(300 + random() * 1200);
    participantsSeen += (await listRooms()).reduce((sum, r) => sum + r.current_occupancy, 0);
    await server.crashAndResume();
    running = false;
    await Promise.all(workload);
    await assertConsistent(`seed ${seed}, after kill ${round + 1}`);
  }
  assert.ok(participantsSeen > 0, `seed ${seed}: the kills never found anyone in a room`);

  // Nobody reconnects to the new process: its start-up sweep removes them all.
  const deadline = Date.now() + 30000;
  let occupied;
  do {
    await sleep(500);
    occupied = (await listRooms()).filter((r) => r.current_occupancy > 0);
  } while (occupied.length > 0 && Date.now() < deadline);
  assert.deepEqual(occupied.map((r) => `${r.name}: ${r.current_occupancy}`), [], `seed ${seed}`);
  await assertConsistent(`seed ${seed}, after the sweep`);
});
