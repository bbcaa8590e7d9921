// Restarts lose nothing a client can notice: on SIGTERM the server stops within 10 s with exit
// status 0, and its clients lose the connection as a network failure would ("transport
// close"), not by a server-side disconnect, so socket.io-client reconnects by itself.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { connectRoom, it, joinRoom, seededRoom, signup, startServer, waitFor } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => server?.stop());

it("SIGTERM closes client transports so they reconnect, and exits 0 within 10 s", async () => {
  const user = await signup("restart");
  const room = await seededRoom("Study Room 9");
  await joinRoom(user.token, room.id);
  // Over WebSocket the Engine.IO close packet arrives: "transport close". A long-polling client
  // may be between two polls then and see "transport error" instead; either way it is not the
  // server-side disconnect that would stop it from reconnecting.
  const socket = await connectRoom(server.port, room.id, user.token, {
    reconnection: true,
    transports: ["websocket"],
  });
  const polling = await connectRoom(server.port, room.id, user.token, {
    reconnection: true,
    transports: ["polling"],
  });
  const dropped = waitFor(socket, "disconnect", () => true, 10000);
  const pollingDropped = waitFor(polling, "disconnect", () => true, 10000);
  const exited = new Promise((resolve) => server.proc.once("exit", (code, signal) => resolve({ code, signal })));
  const started = Date.now();
  server.proc.kill("SIGTERM");
  assert.equal(await dropped, "transport close", "a transport close, not an io server disconnect");
  assert.equal(socket.active, true, "the client will reconnect by itself");
  assert.notEqual(await pollingDropped, "io server disconnect", "polling: not a server-side disconnect");
  assert.equal(polling.active, true, "the polling client will reconnect by itself");
  const { code, signal } = await exited;
  assert.equal(code, 0, `exit status (signal ${signal})`);
  assert.ok(Date.now() - started < 10000, "stopped within 10 s");
  for (const client of [socket, polling]) {
    client.io.reconnection(false);
    client.disconnect();
  }
});
