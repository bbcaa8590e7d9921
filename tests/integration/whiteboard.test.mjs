// The shared whiteboard end to end with the official socket.io-client (DESIGN.md section 4,
// docs/rooms-api.md "Whiteboard", seed 003 section 7): whiteboard-draw reaches everyone in
// order, bad ops are refused without a trace, a late joiner replays the join-room state to the
// very board the others drew, clear empties it, and the board outlives a server restart.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CARREL_BIN,
  createRoom,
  emitAck,
  enterRoom,
  it,
  joinRoom,
  noEvent,
  signup,
  signupMany,
  sleep,
  softly,
  startServer,
  waitFor,
} from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** A stroke op; points default to a short random line. */
function stroke(points = [[10, 20], [30.5, 40.25]], color = "#1a2b3c", width = 2) {
  return { type: "stroke", points, color, width };
}

/** JSON with object keys sorted, so two equal boards print the same. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The board a client builds from whiteboard-update and whiteboard-cleared, from `state`. */
function track(socket, state) {
  const board = { ops: replay(state), seq: state.whiteboard.seq, updates: [], cleared: [] };
  socket.on("whiteboard-update", (update) => {
    if (update.seq <= board.seq) return; // already in the state it started from
    board.ops.push(...update.ops);
    board.seq = update.seq;
    board.updates.push(update);
  });
  socket.on("whiteboard-cleared", (cleared) => {
    if (cleared.seq <= board.seq) return;
    board.ops = [];
    board.seq = cleared.seq;
    board.cleared.push(cleared);
  });
  return board;
}

/** The board of a room state: its snapshot followed by the ops after it. */
function replay(state) {
  const { snapshot, ops } = state.whiteboard;
  assert.ok(Array.isArray(snapshot) && Array.isArray(ops), JSON.stringify(state.whiteboard).slice(0, 300));
  return [...snapshot, ...ops];
}

/** A fresh room with `n` members who joined over REST and sent join-room. */
async function roomWith(n, port = server.port, options = {}) {
  const owner = await signup("owner", options);
  const room = await createRoom(owner.token, { capacity: 10 }, options);
  const users = await signupMany(n, "drawer", options);
  const members = [];
  for (const user of users) {
    await joinRoom(user.token, room.id, {}, options);
    const { socket, ack } = await enterRoom(port, room.id, user);
    members.push({ user, socket, state: ack.state, board: track(socket, ack.state) });
  }
  return { room, members };
}

/** A deterministic random source, so a failing op stream can be reproduced from its seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomOps(rand, count) {
  const hex = "0123456789abcdef";
  return Array.from({ length: count }, () => {
    const points = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => [
      Math.round(rand() * 10000),
      Math.round(rand() * 1000000) / 100,
    ]);
    const color = `#${Array.from({ length: 6 }, () => hex[Math.floor(rand() * 16)]).join("")}`;
    return stroke(points, color, 0.5 + Math.floor(rand() * 199) / 2);
  });
}

it("whiteboard-draw reaches every participant, the sender too, with increasing seq and version", async () => {
  const { members } = await roomWith(2);
  const [a, b] = members;
  let lastSeq = a.state.whiteboard.seq;
  let lastVersion = a.state.version;
  for (const count of [1, 3, 2]) {
    const ops = Array.from({ length: count }, (_, i) => stroke([[i, i], [100 + i, 200]]));
    const seen = [waitFor(a.socket, "whiteboard-update"), waitFor(b.socket, "whiteboard-update")];
    const ack = await emitAck(a.socket, "whiteboard-draw", { ops });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.seq, lastSeq + count, "seq counts ops");
    for (const update of await Promise.all(seen)) {
      assert.deepEqual(update.ops, ops);
      assert.equal(update.user_id, a.user.id);
      assert.equal(update.seq, ack.seq);
      assert.ok(update.version > lastVersion, `version grows: ${update.version} after ${lastVersion}`);
    }
    lastSeq = ack.seq;
    lastVersion = ack.version;
  }
  assert.equal(canonical(a.board.ops), canonical(b.board.ops));
  assert.equal(b.board.ops.length, 6);
});

it("invalid or oversized whiteboard-draw is VALIDATION_ERROR and nothing is broadcast", async () => {
  const { members } = await roomWith(2);
  const [a, b] = members;
  await emitAck(a.socket, "whiteboard-draw", { ops: [stroke()] });
  const before = await emitAck(a.socket, "sync-state", {});
  const manyPoints = Array.from({ length: 1001 }, (_, i) => [i, i]);
  const big = Array.from({ length: 60 }, () => stroke(Array.from({ length: 500 }, () => [1234.5678, 8765.4321])));
  const cases = {
    "no payload": undefined,
    "no ops": {},
    "ops not an array": { ops: "draw" },
    "empty ops": { ops: [] },
    "unknown type": { ops: [{ type: "erase", points: [[1, 1]], color: "#000000", width: 2 }] },
    "1001 points": { ops: [stroke(manyPoints)] },
    "no points": { ops: [stroke([])] },
    "point of three numbers": { ops: [stroke([[1, 2, 3]])] },
    "negative coordinate": { ops: [stroke([[-1, 2]])] },
    "coordinate beyond 10000": { ops: [stroke([[10000.01, 2]])] },
    "coordinate as text": { ops: [stroke([["1", 2]])] },
    "NaN coordinate": { ops: [stroke([[NaN, 2]])] },
    "short color": { ops: [stroke(undefined, "#fff")] },
    "named color": { ops: [stroke(undefined, "red")] },
    "width too thin": { ops: [stroke(undefined, "#000000", 0.25)] },
    "width too wide": { ops: [stroke(undefined, "#000000", 101)] },
    "101 ops": { ops: Array.from({ length: 101 }, () => stroke()) },
    "one bad op among good ones": { ops: [stroke(), stroke(undefined, "#00000g")] },
    "over 64 KiB": { ops: big },
  };
  assert.ok(JSON.stringify(cases["over 64 KiB"]).length > 64 * 1024);
  const quiet = [noEvent(a.socket, "whiteboard-update", 800), noEvent(b.socket, "whiteboard-update", 800)];
  const soft = softly();
  for (const [name, payload] of Object.entries(cases)) {
    await soft.check(name, async () => {
      const ack = await emitAck(a.socket, "whiteboard-draw", payload);
      assert.equal(ack.ok, false, JSON.stringify(ack).slice(0, 300));
      assert.equal(ack.error.code, "VALIDATION_ERROR", JSON.stringify(ack).slice(0, 300));
    });
  }
  await soft.check("nothing broadcast", () => Promise.all(quiet));
  await soft.check("board and version unchanged", async () => {
    const after = await emitAck(b.socket, "sync-state", {});
    assert.equal(after.version, before.version);
    assert.equal(canonical(after.state.whiteboard), canonical(before.state.whiteboard));
  });
  soft.done();
});

it("a socket that left the room cannot draw or clear (NOT_PARTICIPANT)", async () => {
  const { members } = await roomWith(2);
  const [a, b] = members;
  assert.equal((await emitAck(a.socket, "leave-room")).ok, true);
  const quiet = noEvent(b.socket, "whiteboard-update", 500);
  const draw = await emitAck(a.socket, "whiteboard-draw", { ops: [stroke()] });
  assert.equal(draw.error?.code, "NOT_PARTICIPANT", JSON.stringify(draw));
  const clear = await emitAck(a.socket, "whiteboard-clear");
  assert.equal(clear.error?.code, "NOT_PARTICIPANT", JSON.stringify(clear));
  await quiet;
});

it("a late joiner's join-room state replays to exactly the board the others drew", async () => {
  const seed = Math.floor(Math.random() * 2 ** 31);
  const rand = random(seed);
  const { room, members } = await roomWith(2);
  // Both draw at once, ~300 ops in all so the board passes a snapshot point, with a clear.
  const drawer = async (member, events) => {
    for (let i = 0; i < events; i += 1) {
      const ack = await emitAck(member.socket, "whiteboard-draw", { ops: randomOps(rand, 1 + Math.floor(rand() * 8)) });
      assert.equal(ack.ok, true, `seed ${seed}: ${JSON.stringify(ack)}`);
    }
  };
  await Promise.all([drawer(members[0], 15), drawer(members[1], 15)]);
  assert.equal((await emitAck(members[1].socket, "whiteboard-clear")).ok, true);
  await Promise.all([drawer(members[0], 35), drawer(members[1], 35)]);
  const last = (await emitAck(members[0].socket, "whiteboard-draw", { ops: randomOps(rand, 1) })).seq;
  for (const member of members) {
    const deadline = Date.now() + 3000;
    while (member.board.seq < last && Date.now() < deadline) await sleep(20);
    assert.equal(member.board.seq, last, `seed ${seed}: ${member.user.name} saw every update`);
  }
  assert.equal(canonical(members[0].board.ops), canonical(members[1].board.ops), `seed ${seed}`);

  const late = await signup("late");
  await joinRoom(late.token, room.id);
  const { ack } = await enterRoom(server.port, room.id, late);
  const wb = ack.state.whiteboard;
  assert.equal(wb.seq, last, `seed ${seed}`);
  assert.equal(wb.snapshot_seq + wb.ops.length, wb.seq, "the ops after the snapshot are contiguous");
  assert.ok(wb.snapshot_seq > 0, "the board took a snapshot on the way");
  assert.equal(canonical(replay(ack.state)), canonical(members[0].board.ops), `seed ${seed}`);
});

it("whiteboard-clear empties the board for everyone and the next draw continues the seq", async () => {
  const { members } = await roomWith(2);
  const [a, b] = members;
  await emitAck(a.socket, "whiteboard-draw", { ops: [stroke(), stroke()] });
  const seen = [waitFor(a.socket, "whiteboard-cleared"), waitFor(b.socket, "whiteboard-cleared")];
  const ack = await emitAck(b.socket, "whiteboard-clear");
  assert.equal(ack.ok, true, JSON.stringify(ack));
  for (const cleared of await Promise.all(seen)) {
    assert.equal(cleared.user_id, b.user.id);
    assert.equal(cleared.seq, ack.seq);
    assert.equal(typeof cleared.version, "number");
  }
  const sync = await emitAck(a.socket, "sync-state", {});
  assert.deepEqual(sync.state.whiteboard, { snapshot: [], snapshot_seq: ack.seq, ops: [], seq: ack.seq });
  assert.deepEqual(a.board.ops, []);
  const next = await emitAck(a.socket, "whiteboard-draw", { ops: [stroke()] });
  assert.equal(next.seq, ack.seq + 1);
});

// ---- restart: a server of this test's own on a data directory that outlives the process ----

/** Starts build/carrel on `dataDir` (SQLite); resolves with {url, port, proc, exit}. */
async function startOn(dataDir, webRoot) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = 3400 + Math.floor(Math.random() * 100);
    const rtcPort = 49000 + Math.floor(Math.random() * 900);
    const argv = ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir,
      "--web-root", webRoot, "--log-format", "json", "--rate-api", "100000/min",
      "--rate-chat", "100000/hour", "--rate-join", "100000/min", "--rtc-listen-ip", "127.0.0.1",
      "--rtc-announced-ip", "127.0.0.1", "--rtc-port", String(rtcPort)];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CARREL_")));
    const proc = spawn(CARREL_BIN, argv, { env, stdio: "ignore" });
    const carrel = { port, url: `http://127.0.0.1:${port}`, proc, exit: null };
    proc.once("exit", (code, signal) => {
      carrel.exit = { code, signal };
    });
    for (let i = 0; i < 150 && !carrel.exit; i += 1) {
      try {
        if ((await fetch(`${carrel.url}/healthz`)).status === 200) return carrel;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    proc.kill("SIGKILL");
  }
  throw new Error("could not start a carrel of this test's own");
}

async function stopCarrel(carrel) {
  if (carrel.exit) return;
  const gone = new Promise((resolve) => carrel.proc.once("exit", resolve));
  carrel.proc.kill("SIGTERM");
  await gone;
}

it("the board survives a server restart", { timeout: 60000 }, async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "carrel-wb-data-"));
  const webRoot = mkdtempSync(path.join(os.tmpdir(), "carrel-wb-web-"));
  let carrel = await startOn(dataDir, webRoot);
  try {
    const options = { server: carrel };
    const { room, members } = await roomWith(1, carrel.port, options);
    const [a] = members;
    const rand = random(7);
    for (let i = 0; i < 30; i += 1) {
      assert.equal((await emitAck(a.socket, "whiteboard-draw", { ops: randomOps(rand, 10) })).ok, true);
    }
    const drawn = await emitAck(a.socket, "sync-state", {});
    assert.equal(drawn.state.whiteboard.seq, 300);
    await sleep(4000); // the ops since the last snapshot are saved within 2 s
    a.socket.disconnect();
    await stopCarrel(carrel);

    carrel = await startOn(dataDir, webRoot);
    const { socket, ack } = await enterRoom(carrel.port, room.id, a.user);
    assert.equal(ack.state.whiteboard.seq, 300);
    assert.equal(canonical(replay(ack.state)), canonical(replay(drawn.state)));
    assert.ok(ack.state.version >= drawn.version, "versions stay monotonic across the restart");
    const next = await emitAck(socket, "whiteboard-draw", { ops: [stroke()] });
    assert.equal(next.seq, 301);
    assert.ok(next.version > ack.state.version);
  } finally {
    await stopCarrel(carrel);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webRoot, { recursive: true, force: true });
  }
});
