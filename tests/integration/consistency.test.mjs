// Seed 004, state consistency: a client that starts from the join-room state and applies every
// room event it receives ends with exactly the server's state, whatever the interleaving of
// joins, leaves, mutes, media changes, whiteboard strokes and clears, kicks and dropped
// connections by several clients. Each
// run drives a random (seeded, reproducible) workload, then compares the observer's rebuilt
// state with a fresh sync-state answer and checks that versions only ever grew.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import {
  adminToken,
  api,
  connectRoom,
  createRoom,
  emitAck,
  it,
  signup,
  sleep,
  startServer,
} from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => server?.stop());

// A small deterministic PRNG (mulberry32), so a failing seed can be replayed.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The state a client keeps: participants by user id, occupancy, the last version seen.
class Observer {
  constructor(state) {
    this.participants = new Map(state.participants.map((p) => [p.user_id, pick(p)]));
    this.occupancy = state.room.current_occupancy;
    this.version = state.version;
    this.versions = [state.version];
    this.board = [...state.whiteboard.snapshot, ...state.whiteboard.ops];
    this.boardSeq = state.whiteboard.seq;
  }
  see(version) {
    assert.ok(version >= this.version, `version went back from ${this.version} to ${version}`);
    this.version = version;
    this.versions.push(version);
  }
  listen(socket) {
    socket.on("user-joined", (e) => {
      this.see(e.version);
      this.participants.set(e.user_id, pick(e.participant));
      this.occupancy = e.current_occupancy;
    });
    socket.on("user-left", (e) => {
      this.see(e.version);
      this.participants.delete(e.user_id);
      this.occupancy = e.current_occupancy;
    });
    socket.on("user-kicked", (e) => this.see(e.version));
    socket.on("user-muted", (e) => {
      this.see(e.version);
      const p = this.participants.get(e.user_id);
      if (p) Object.assign(p, { status: "MUTED", mic: false });
    });
    socket.on("whiteboard-update", (e) => {
      this.see(e.version);
      // seq numbers the event's last op; skip what the join-room state already held.
      const first = e.seq - e.ops.length + 1;
      this.board.push(...e.ops.slice(Math.max(0, this.boardSeq + 1 - first)));
      this.boardSeq = Math.max(this.boardSeq, e.seq);
    });
    socket.on("whiteboard-cleared", (e) => {
      this.see(e.version);
      this.board = [];
      this.boardSeq = e.seq;
    });
    socket.on("media-state-changed", (e) => {
      this.see(e.version);
      const p = this.participants.get(e.user_id);
      if (p) Object.assign(p, { mic: e.mic, cam: e.cam, screen: e.screen });
    });
  }
  snapshot() {
    return {
      occupancy: this.occupancy,
      participants: sorted([...this.participants.values()]),
      board: this.board,
    };
  }
}

function pick(p) {
  return { user_id: p.user_id, status: p.status, mic: p.mic, cam: p.cam, screen: p.screen };
}
function sorted(list) {
  return [...list].sort((a, b) => a.user_id.localeCompare(b.user_id));
}

async function runWorkload(seed, steps) {
  const next = random(seed);
  const choose = (list) => list[Math.floor(next() * list.length)];
  const admin = await adminToken();
  const owner = await signup("owner");
  const room = await createRoom(owner.token, { capacity: 6 });
  const watcher = await signup("watcher");
  await api("POST", `/api/rooms/${room.id}/join`, {}, watcher.token);
  const observerSocket = await connectRoom(server.port, room.id, watcher.token);
  const joined = await emitAck(observerSocket, "join-room", {});
  const observer = new Observer(joined.state);
  observer.listen(observerSocket);

  const users = [];
  for (let i = 0; i < 6; i++) users.push({ ...(await signup(`actor${i}`)), socket: null });

  for (let step = 0; step < steps; step++) {
    // A dropped user stays a participant until the server's cleanup; they sit out the rest.
    const user = choose(users.filter((u) => !u.retired));
    const action = user.joined
      ? choose(["leave", "media", "media", "mute", "kick", "drop", "socket-leave", "draw", "draw", "clear"])
      : "join";
    if (action === "join") {
      const res = await api("POST", `/api/rooms/${room.id}/join`, {}, user.token);
      if (res.status !== 200) {
        assert.equal(res.body.error.code, "ROOM_FULL", `seed ${seed} step ${step}: join`);
        continue;
      }
      user.joined = true;
      user.socket = await connectRoom(server.port, room.id, user.token);
    } else if (action === "leave") {
      await api("POST", `/api/rooms/${room.id}/leave`, {}, user.token);
      user.joined = false;
    } else if (action === "socket-leave") {
      await emitAck(user.socket, "leave-room");
      user.joined = false;
    } else if (action === "media") {
      const change = { [choose(["mic", "cam", "screen"])]: next() < 0.5 };
      await emitAck(user.socket, "media-state", change);
    } else if (action === "draw") {
      const ops = Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({
        type: "stroke",
        points: Array.from({ length: 2 + Math.floor(next() * 4) }, () => [Math.floor(next() * 1000), Math.floor(next() * 1000)]),
        color: choose(["#000000", "#ff0000", "#1e90ff"]),
        width: 1 + Math.floor(next() * 8),
      }));
      const answer = await emitAck(user.socket, "whiteboard-draw", { ops });
      assert.equal(answer.ok, true, `seed ${seed} step ${step}: draw ${JSON.stringify(answer.error)}`);
    } else if (action === "clear") {
      await emitAck(user.socket, "whiteboard-clear");
    } else if (action === "mute") {
      await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "mute", target_user_id: user.user.id }, admin);
    } else if (action === "kick") {
      await api("POST", `/api/admin/rooms/${room.id}/moderate`, { action: "kick", target_user_id: user.user.id }, admin);
      user.joined = false;
    } else if (action === "drop") {
      // The connection dies without a leave; the server removes the participant within 5 s.
      user.socket.io.engine.close();
      user.joined = false;
      user.dropped = true;
      user.retired = true;
    }
    if (!user.joined && user.socket) {
      if (!user.dropped) user.socket.disconnect();
      user.socket = null;
      user.dropped = false;
    }
  }
  return { room, observer, observerSocket, watcher, dropped: users.some((u) => u.retired) };
}

async function settle(observerSocket, observer) {
  // Dropped connections are cleaned up within 5 s; then nothing more is in flight.
  for (let attempt = 0; attempt < 30; attempt++) {
    await sleep(250);
    const answer = await emitAck(observerSocket, "sync-state", { version: observer.version });
    if (answer.in_sync) return;
  }
}

async function checkSeed(seed) {
  const { observer, observerSocket, dropped } = await runWorkload(seed, 40);
  if (dropped) await sleep(5500);
  await settle(observerSocket, observer);
  const answer = await emitAck(observerSocket, "sync-state", { version: observer.version });
  assert.equal(answer.in_sync, true, `seed ${seed}: the observer is at the server's version ${answer.version}`);
  const full = await emitAck(observerSocket, "sync-state", {});
  const truth = {
    occupancy: full.state.room.current_occupancy,
    participants: sorted(full.state.participants.map(pick)),
    board: [...full.state.whiteboard.snapshot, ...full.state.whiteboard.ops],
  };
  assert.deepEqual(observer.snapshot(), truth, `seed ${seed}: rebuilt state equals the server's`);
  assert.equal(truth.occupancy, truth.participants.length, `seed ${seed}: occupancy is the participant count`);
}

// Eight workloads in eight rooms at once: more interleavings, and the run stays short.
it("seed 004: a client rebuilding from room-state plus events matches the server (8 random workloads)", { timeout: 90000 }, async () => {
  await Promise.all([1, 7, 42, 99, 2024, 31337, 8, 12345].map(checkSeed));
});

it("seed 004: a client that missed events is repaired by sync-state", async () => {
  const { room, observer, observerSocket, watcher } = await runWorkload(5, 10);
  const stale = observer.version;
  // A change the observer has not applied: its model does not follow the timer.
  const synced = await api("POST", `/api/rooms/${room.id}/timer-sync`, { action: "start", duration: 600 }, watcher.token);
  assert.equal(synced.status, 200);
  const answer = await emitAck(observerSocket, "sync-state", { version: stale });
  assert.equal(answer.in_sync, false);
  assert.ok(answer.version > stale);
  assert.equal(answer.state.timer.status, "running", "the repair holds what was missed");
});
