// Node.js reference server for the Carrel Socket.IO benchmark: the official `socket.io` package
// (default options) implementing the bench protocol (join with ack, broadcast to a room).
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');

function parsePort(argv) {
  let port = 3000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' && i + 1 < argv.length) port = Number(argv[++i]);
    else if (a.startsWith('--port=')) port = Number(a.slice('--port='.length));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node server.js [--port P]\n');
      process.exit(0);
    }
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    process.stderr.write(`invalid --port\n`);
    process.exit(2);
  }
  return port;
}

const port = parsePort(process.argv.slice(2));
const httpServer = http.createServer();
// Defaults: path /socket.io/, transports ['polling', 'websocket'], perMessageDeflate off.
const io = new Server(httpServer);

io.on('connection', (socket) => {
  socket.on('join', (data, ack) => {
    const room = data && typeof data.room === 'string' ? data.room : null;
    if (room === null) {
      if (typeof ack === 'function') ack({ ok: false });
      return;
    }
    socket.join(room);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('broadcast', (data) => {
    if (!data || typeof data.room !== 'string') return;
    // io.to(room) includes the sender (socket.to(room) would exclude it).
    io.to(data.room).emit('msg', data);
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  process.stderr.write(`node socket.io bench server listening on 127.0.0.1:${port}\n`);
});

function shutdown() {
  io.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
