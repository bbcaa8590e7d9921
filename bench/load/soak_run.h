// The `soak` scenario of carrel-load: in one server process, `--cycles` join/leave cycles
// (each a fresh WebSocket: REST join, namespace CONNECT, join-room, a short stay, leave-room,
// namespace disconnect, close) by `--cyclers` users, while `--users` stable participants chat
// `--messages` messages. After a warm-up share of the work, and again at the end, every
// connection of the generator is closed; after `--settle` seconds it reads the server's RSS and
// open descriptors. The end must match that warm baseline: the same descriptor count (a fresh
// server opens some lazily, e.g. one SQLite connection per worker thread, so the baseline is taken
// warm) and RSS at most `--rss-tolerance` above it. Stable participants must receive every
// message of their room, and every cycle, join and message must succeed.
#pragma once

#include "options.h"
#include "room_socket.h"

namespace carrel_load {

// Returns the exit code: 0 when every check held.
int run_soak(const Options& options, const ServerAddress& server);

}  // namespace carrel_load
