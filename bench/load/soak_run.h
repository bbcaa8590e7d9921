// The `soak` scenario of carrel-load: in one server process, `--cycles` join/leave cycles
// (each a fresh WebSocket: REST join, namespace CONNECT, join-room, a short stay, leave-room,
// namespace disconnect, close) by `--cyclers` users, while `--users` stable participants chat
// `--messages` messages. After a warm-up share of the work and again at the end, with the
// cyclers out and the REST connections closed, it waits `--settle` seconds and reads the
// server's RSS and open descriptors: the end must match the warm baseline (descriptors
// exactly, RSS within `--rss-tolerance`), and after everyone has gone the descriptor count must
// equal the one before the run. Stable participants must receive every message of their room.
#pragma once

#include "options.h"
#include "room_socket.h"

namespace carrel_load {

// Returns the exit code: 0 when every check held.
int run_soak(const Options& options, const ServerAddress& server);

}  // namespace carrel_load
