// Reference implementation of the interop test server, built on the official Node `socket.io`
// package. It mirrors build/sio-interop-server (tests/interop/interop_server.cpp) so that
// client.test.mjs can be validated against Node and the two servers can be compared.
// Usage: node tests/interop/reference-server.mjs --port P
import { createServer } from "node:http";
import { Server } from "socket.io";

function parsePort(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port" && i + 1 < argv.length) return Number(argv[i + 1]);
    if (argv[i].startsWith("--port=")) return Number(argv[i].slice("--port=".length));
  }
  return 3100;
}

const port = parsePort(process.argv.slice(2));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error("invalid --port");
  process.exit(2);
}

const httpServer = createServer();
const io = new Server(httpServer, {
  path: "/socket.io/",
  pingInterval: 2000,
  pingTimeout: 1000,
  connectTimeout: 2000,
  maxHttpBufferSize: 1_000_000,
  cors: { origin: "*" },
});

// `echo` (...args, ack?): emit `echo-back` with the same args, and ack with them if asked.
function registerEcho(socket) {
  socket.on("echo", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : undefined;
    socket.emit("echo-back", ...args);
    if (ack) ack(...args);
  });
}

io.on("connection", (socket) => {
  registerEcho(socket);

  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack({ ok: true });
  });

  socket.on("leave", (room, ack) => {
    socket.leave(room);
    if (typeof ack === "function") ack({ ok: true });
  });

  socket.on("rooms", (ack) => {
    if (typeof ack === "function") ack([...socket.rooms]);
  });

  socket.on("broadcast", ({ room, event, data } = {}) => {
    io.to(room).emit(event, data);
  });

  socket.on("broadcast-except", ({ room, except, event, data } = {}) => {
    io.to(room).except(except).emit(event, data);
  });

  socket.on("broadcast-others", ({ room, event, data } = {}) => {
    socket.to(room).emit(event, data);
  });

  socket.on("request-ack", (payload, ack) => {
    socket.timeout(2000).emit("server-request", payload, (err, ...answer) => {
      if (typeof ack !== "function") return;
      ack(err ? { ok: false } : { ok: true, answer });
    });
  });

  socket.on("disconnect-me", () => {
    socket.disconnect();
  });

  socket.on("close-transport", () => {
    socket.conn.close();
  });
});

io.of("/custom").on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
  registerEcho(socket);
});

// Dynamic namespaces `/room/:roomId`, guarded by a token check.
const ROOM_PREFIX = "/room/";
const roomNamespaces = io.of(/^\/room\/[^/]+$/);
roomNamespaces.use((socket, next) => {
  if (socket.handshake.auth && socket.handshake.auth.token === "secret") return next();
  const err = new Error("unauthorized");
  err.data = { code: "UNAUTHORIZED" };
  next(err);
});
roomNamespaces.on("connection", (socket) => {
  const nsp = socket.nsp.name;
  socket.emit("hello", { room_id: nsp.slice(ROOM_PREFIX.length), nsp });
  registerEcho(socket);
});

const slow = io.of("/slow");
slow.use((socket, next) => {
  setTimeout(next, 50);
});
slow.on("connection", (socket) => {
  socket.emit("hello", { nsp: "/slow" });
});

// Any other namespace is refused by socket.io itself with "Invalid namespace".

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`reference socket.io server listening on http://127.0.0.1:${port}`);
});

function shutdown() {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
