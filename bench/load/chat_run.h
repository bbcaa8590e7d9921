// The `chat` scenario of carrel-load: sign up users, create rooms, open every user's
// WebSocket, join everyone (REST join, namespace CONNECT, join-room ack) at an open-loop join
// rate, then chat at an open-loop message rate (a warm-up, then the measured window), wait for
// the deliveries, and print the join and broadcast latency distributions, loss, and the server's
// CPU and memory as one JSON line.
#pragma once

#include "options.h"
#include "room_socket.h"

namespace carrel_load {

// Returns the exit code: 0 when every user joined and no delivery was lost.
int run_chat(const Options& options, const ServerAddress& server);

}  // namespace carrel_load
