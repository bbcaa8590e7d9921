// Connection state recovery (Socket.IO v4.6+, --recovery-window) with the official client,
// through a TCP proxy that resets connections: a dropped participant comes back as the same
// socket with the events it missed, and a room chatting while every link is cut at random
// loses no message and sees none twice.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { ChaosProxy } from "./chaos-proxy.mjs";
import {
  connectRoom,
  emitAck,
  getRoom,
  it,
  joinRoom,
  noEvent,
  seededRoom,
  signup,
  sleep,
  startServer,
  waitFor,
} from "./helpers.mjs";

let server;
let proxy;

before(async () => {
  server = await startServer();
  proxy = await new ChaosProxy(server.port).start();
});
after(async () => {
  await proxy?.close();
  await server?.stop();
});

// A participant connected through the proxy that reconnects by itself, as a browser does.
async function participant(roomId, name, reconnectionDelay) {
  const user = await signup(name);
  await joinRoom(user.token, roomId);
  const socket = await connectRoom(proxy.port, roomId, user.token, {
    transports: ["websocket"],
    reconnection: true,
    reconnectionDelay,
    reconnectionDelayMax: reconnectionDelay * 2,
    randomizationFactor: 0,
  });
  const ack = await emitAck(socket, "join-room", { user_name: user.name });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  socket.connects = [];
  socket.on("connect", () => socket.connects.push({ id: socket.id, recovered: socket.recovered }));
  socket.messages = [];
  socket.on("new-message", (message) => socket.messages.push(message));
  return { user, socket };
}

// Sends until acknowledged; a retry carries the same client_message_id, so the server stores
// and broadcasts the message once however many copies reach it.
async function sendReliably(socket, content, clientMessageId) {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const ack = await socket
        .timeout(1500)
        .emitWithAck("send-message", { content, client_message_id: clientMessageId });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return ack.message;
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
    }
  }
  throw new Error(`"${content}" was never acknowledged`);
}

async function until(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

it("a dropped participant is recovered with its socket id, rooms and the messages it missed", async () => {
  const room = await seededRoom("Study Room 7");
  const a = await participant(room.id, "dropped", 1000);
  const b = await participant(room.id, "talker", 1000);
  await sendReliably(b.socket, "before the drop", "b-0");
  await until(() => a.socket.messages.length === 1, 3000, "the first message");
  const id = a.socket.id;
  const occupancy = (await getRoom(room.id)).room.current_occupancy;

  const noLeave = noEvent(b.socket, "user-left", 2500);
  proxy.cutAll();
  await waitFor(a.socket, "disconnect");
  await until(() => b.socket.connected, 3000, "the talker to reconnect");
  for (let i = 1; i <= 3; i++) await sendReliably(b.socket, `missed ${i}`, `b-${i}`);
  await until(() => a.socket.connects.length >= 1, 5000, "the dropped participant to return");

  assert.deepEqual(a.socket.connects[0], { id, recovered: true });
  await until(() => a.socket.messages.length === 4, 3000, "the missed messages");
  assert.deepEqual(
    a.socket.messages.map((m) => m.content),
    ["before the drop", "missed 1", "missed 2", "missed 3"],
  );
  await noLeave;
  assert.equal((await getRoom(room.id)).room.current_occupancy, occupancy);
  // The recovered socket is still in the room: it can act and hears what follows.
  await sendReliably(a.socket, "back", "a-1");
  await until(() => b.socket.messages.some((m) => m.content === "back"), 3000, "the reply");
});

it("a retried send-message with the same client_message_id is stored and broadcast once", async () => {
  const room = await seededRoom("Study Room 8");
  const a = await participant(room.id, "retrier", 200);
  const first = await emitAck(a.socket, "send-message", { content: "once", client_message_id: "m-1" });
  const again = await emitAck(a.socket, "send-message", { content: "once", client_message_id: "m-1" });
  assert.equal(again.message.message_id, first.message.message_id);
  await sleep(300);
  assert.equal(a.socket.messages.filter((m) => m.content === "once").length, 1);
  const bad = await emitAck(a.socket, "send-message", { content: "x", client_message_id: "" });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, "VALIDATION_ERROR");
});

it("chat through connections cut at random: every message reaches every participant exactly once, in order", { timeout: 90000 }, async () => {
  const room = await seededRoom("Study Room 9");
  const people = [];
  for (const name of ["ada", "grace", "linus"]) people.push(await participant(room.id, name, 100));
  // Everyone holds an offset before the first cut.
  await sendReliably(people[0].socket, "warm-up", "warm-up");
  await until(() => people.every((p) => p.socket.messages.length === 1), 3000, "the warm-up");

  // Each person chats for a few seconds while the proxy cuts every link at random.
  const sent = new Map(people.map((p) => [p.user.id, ["warm-up"].filter(() => p === people[0])]));
  const chatUntil = Date.now() + 6000;
  proxy.cutRandomly(250, 700);
  await Promise.all(
    people.map(async ({ user, socket }, s) => {
      for (let i = 0; Date.now() < chatUntil; i++) {
        await sendReliably(socket, `${user.name} ${i}`, `${s}-${i}`);
        sent.get(user.id).push(`${user.name} ${i}`);
        await sleep(30);
      }
    }),
  );
  proxy.stopCutting();

  const total = [...sent.values()].reduce((sum, list) => sum + list.length, 0);
  await until(() => people.every((p) => p.socket.messages.length >= total), 15000, "every message");
  await sleep(500); // a duplicate would arrive now
  const reference = people[0].socket.messages.map((m) => m.message_id);
  for (const { user, socket } of people) {
    const ids = socket.messages.map((m) => m.message_id);
    assert.equal(ids.length, total, `${user.name} received ${ids.length} messages`);
    assert.equal(new Set(ids).size, total, `${user.name} received a message twice`);
    assert.deepEqual(ids, reference, `${user.name} saw another order`);
    for (const sender of people) {
      const own = socket.messages.filter((m) => m.user_id === sender.user.id).map((m) => m.content);
      assert.deepEqual(own, sent.get(sender.user.id), `${sender.user.name}'s messages as ${user.name} saw them`);
    }
  }
  const reconnects = people.flatMap((p) => p.socket.connects);
  assert.ok(total > 100, `only ${total} messages were sent`);
  assert.ok(proxy.cuts >= 10, `the proxy cut only ${proxy.cuts} connections`);
  assert.ok(reconnects.length >= 10, `only ${reconnects.length} reconnections`);
  assert.ok(
    reconnects.every((c) => c.recovered),
    `a reconnect was not recovered: ${JSON.stringify(reconnects)}`,
  );
});
