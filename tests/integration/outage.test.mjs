// The database going away mid-run: requests answer 503 SERVICE_UNAVAILABLE with the error
// envelope while it is down, nothing is half-done, and the server serves again by itself once
// it is back. Needs the PostgreSQL server of scripts/with-postgres.sh, which it stops and
// starts through CARREL_TEST_POSTGRES_CTL; skipped otherwise.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before } from "node:test";
import {
  POSTGRES_URL,
  api,
  assertError,
  it,
  seededRoom,
  signup,
  sleep,
  startServer,
} from "./helpers.mjs";

const ctl = process.env.CARREL_TEST_POSTGRES_CTL;
const skip = !POSTGRES_URL || !ctl ? "needs scripts/with-postgres.sh" : false;
let server;

function database(action) {
  execFileSync(ctl, [action], { stdio: "ignore" });
}

before(async () => {
  if (!skip) server = await startServer();
});
after(async () => {
  if (skip) return;
  try {
    database("start");
  } catch {
    // already running
  }
  await server?.stop();
});

it("a database outage answers 503 and the server recovers when the database returns", { skip, timeout: 60000 }, async () => {
  const user = await signup("outage");
  const room = await seededRoom("Study Room 2");
  assert.equal((await api("GET", "/api/rooms")).status, 200);

  database("stop");
  try {
    assertError(await api("GET", "/api/rooms"), 503, "SERVICE_UNAVAILABLE", "room list while down");
    assertError(await api("POST", `/api/rooms/${room.id}/join`, {}, user.token), 503, "SERVICE_UNAVAILABLE", "join while down");
    assert.equal((await api("GET", "/healthz")).status, 503, "healthz while down");
  } finally {
    database("start");
  }

  let status = 0;
  for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
    status = (await api("GET", "/api/rooms")).status;
    if (status !== 200) await sleep(250);
  }
  assert.equal(status, 200, "the room list is served again");
  const joined = await api("POST", `/api/rooms/${room.id}/join`, {}, user.token);
  assert.equal(joined.status, 200, "join works again");
  const after = await api("GET", `/api/rooms/${room.id}`);
  assert.equal(after.body.room.current_occupancy, 1, "the failed join changed nothing");
});
