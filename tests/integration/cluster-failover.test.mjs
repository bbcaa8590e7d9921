// Failures in a two-instance cluster (PostgreSQL + Redis): an instance killed with SIGKILL
// leaves the other serving, and the survivor removes the dead instance's participants within
// 30 s once its heartbeat lapsed; Redis restarting (every key gone) is survived: events cross
// again once the instances reconnect and no live participant is removed.
// Needs CARREL_TEST_POSTGRES_URL, CARREL_TEST_REDIS_URL and CARREL_TEST_REDIS_CTL
// (make test-cluster sets them); skipped otherwise.
import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import {
  POSTGRES_URL, it, startServer, signup, signupMany, createRoom, joinRoom, getRoom, api,
  assertStatus, enterRoom, emitAck, waitFor, sleep,
} from "./helpers.mjs";
import { execFileSync } from "node:child_process";

const REDIS_URL = process.env.CARREL_TEST_REDIS_URL || "";
const REDIS_CTL = process.env.CARREL_TEST_REDIS_CTL || "";
const skip = !POSTGRES_URL || !REDIS_URL || !REDIS_CTL
  ? "needs CARREL_TEST_POSTGRES_URL, CARREL_TEST_REDIS_URL and CARREL_TEST_REDIS_CTL" : false;
const SECRET = "cluster-failover-secret-0123456789ab";

/** Polls `check` every 250 ms until it returns true; fails after `ms`. */
async function eventually(what, ms, check) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last === true) return Date.now();
    await sleep(250);
  }
  assert.fail(`${what} not within ${ms} ms (last: ${JSON.stringify(last)})`);
}

describe("instance and Redis failures", { skip }, () => {
  let a;
  let b;

  before(async () => {
    const args = ["--redis-url", REDIS_URL, "--jwt-secret", SECRET];
    a = await startServer({ args });
    a.options.keepDatabase = true;
    b = await startServer({ args, keepDatabase: true });
  });

  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  async function pair() {
    const owner = await signup("owner", { server: a });
    const room = await createRoom(owner.token, {}, { server: a });
    const [ua, ub] = await signupMany(2, "member", { server: a });
    await joinRoom(ua.token, room.id, {}, { server: a });
    await joinRoom(ub.token, room.id, {}, { server: b });
    const { socket: sa } = await enterRoom(a.port, room.id, ua);
    const { socket: sb } = await enterRoom(b.port, room.id, ub);
    return { room, ua, ub, sa, sb };
  }

  it("SIGKILL of instance b: a keeps serving and b's participant is removed within 30 s", { timeout: 60000 }, async () => {
    const { room, ua, ub, sa } = await pair();
    assert.equal((await getRoom(room.id, { server: a })).room.current_occupancy, 2);
    const left = waitFor(sa, "user-left", (l) => l.user_id === ub.id, 30000);
    const killedAt = Date.now();
    b.proc.kill("SIGKILL");
    await new Promise((resolve) => (b.exit ? resolve() : b.proc.once("exit", resolve)));
    const ack = await emitAck(sa, "send-message", { content: "still here", type: "TEXT" });
    assert.equal(ack.ok, true, `a serves while b is dead: ${JSON.stringify(ack)}`);
    const event = await left;
    assert.equal(event.reason, "disconnected");
    assert.equal(event.current_occupancy, 1);
    const took = Date.now() - killedAt;
    assert.ok(took <= 30000, `cleanup took ${took} ms`);
    const details = await getRoom(room.id, { server: a });
    assert.equal(details.room.current_occupancy, 1);
    assert.deepEqual(details.participants.map((p) => p.user_id), [ua.id]);
  });

  it("a Redis restart is survived: events cross again and no live participant is removed", { timeout: 90000 }, async () => {
    const { room, ua, ub, sa, sb } = await pair();
    execFileSync(REDIS_CTL, ["restart"], { stdio: "pipe" });
    let n = 0;
    await eventually("a message from a reaches b after the restart", 20000, async () => {
      n += 1;
      const content = `after restart ${n}`;
      const got = waitFor(sb, "new-message", (m) => m.content === content, 1500);
      await emitAck(sa, "send-message", { content, type: "TEXT" });
      return got.then(() => true, () => false);
    });
    // Longer than two heartbeat TTLs: a lapse would have been believed by now.
    await sleep(22000);
    for (const server of [a, b]) {
      const details = await getRoom(room.id, { server });
      assert.equal(details.room.current_occupancy, 2, "both participants still in the room");
    }
    assert.ok(!sa.received.some((r) => r.event === "user-left"), "nobody left at a");
    assert.ok(!sb.received.some((r) => r.event === "user-left"), "nobody left at b");
    const back = waitFor(sa, "timer-synced", (t) => t.synced_by === ub.id);
    const res = await api("POST", `/api/rooms/${room.id}/timer-sync`, { action: "start", duration: 60 }, ub.token, { server: b });
    assertStatus(res, 200, "timer on b");
    await back;
    assert.ok(ua);
  });
});
