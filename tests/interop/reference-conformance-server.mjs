// Node.js reference for build/sio-conformance, built on the official socket.io / engine.io
// packages. Used to validate conformance.test.mjs and hostile.test.mjs before (and alongside)
// the C++ server. Usage: node tests/interop/reference-conformance-server.mjs --port P
//
//   /socket.io/  Socket.IO server: pingInterval 300, pingTimeout 200, maxPayload 1e6,
//                connectTimeout 1000, CORS origin *; "/" and "/custom" emit "auth" with the
//                handshake auth on connection; "/" echoes "message" as "message-back" and acks
//                "message-with-ack" with its arguments; other namespaces are refused.
//   /engine.io/  raw Engine.IO server with the same timings that echoes every message.
import http from "node:http";
import { Server as SocketIOServer } from "socket.io";
import { Server as EngineServer } from "engine.io";

function parsePort(argv) {
  const i = argv.indexOf("--port");
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error("usage: reference-conformance-server.mjs --port P");
    process.exit(2);
  }
  return port;
}

const port = parsePort(process.argv.slice(2));
const timings = { pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 1e6 };

const httpServer = http.createServer((req, res) => {
  // Anything outside the two protocol paths.
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("not found");
});

const io = new SocketIOServer(httpServer, {
  ...timings,
  connectTimeout: 1000,
  serveClient: false,
  cors: { origin: "*" },
});

// Handlers are wrapped so that hostile input (e.g. absurdly nested JSON that overflows the
// encoder's recursion) cannot take the reference process down: the point of the reference is
// to show the protocol behaviour, not Node's stack depth. socket.io itself can also throw
// asynchronously on such input (an EVENT with ~300k arguments overflows the stack in its
// dispatch's Function.prototype.apply), hence the uncaughtException logger below.
function guarded(fn) {
  return (...args) => {
    try {
      fn(...args);
    } catch (err) {
      console.error("handler error:", err && err.message);
    }
  };
}

io.on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", guarded((...args) => socket.emit("message-back", ...args)));
  socket.on(
    "message-with-ack",
    guarded((...args) => {
      const ack = args.pop();
      if (typeof ack === "function") ack(...args);
    }),
  );
});

io.of("/custom").on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
});

process.on("uncaughtException", (err) => {
  console.error("uncaught exception (reference server keeps running):", err && err.message);
});

const engine = new EngineServer({ ...timings, cors: { origin: "*" } });
engine.attach(httpServer, { path: "/engine.io/" });
engine.on("connection", (socket) => {
  socket.on("message", (data) => socket.send(data));
});

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`reference conformance server listening on http://127.0.0.1:${port}`);
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    io.close();
    engine.close();
    httpServer.close();
    process.exit(0);
  });
}
