// Socket.IO connections to this server (same origin), one Engine.IO connection per namespace
// use so that the lobby and a room come and go independently.
import { io, type Socket } from "socket.io-client";

export function connect(namespace: string, auth?: Record<string, unknown>): Socket {
  return io(namespace, {
    forceNew: true,
    auth,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    timeout: 8000,
  });
}

/** Emits with an ack and resolves with the answer, or with a timeout failure. */
export function emitAck<T = unknown>(
  socket: Socket,
  event: string,
  payload?: unknown,
  timeoutMs = 8000,
): Promise<T> {
  const args = payload === undefined ? [] : [payload];
  return socket
    .timeout(timeoutMs)
    .emitWithAck(event, ...args)
    .catch(() => ({
      ok: false,
      error: { code: "TIMEOUT", message: "The server did not answer in time" },
    })) as Promise<T>;
}
