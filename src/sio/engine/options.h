// Settings of an Engine.IO server; the defaults are the reference server's.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "http/cors.h"

namespace sio::engine {

struct Options {
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  // How long a WebSocket probe may take to complete an upgrade from polling.
  std::chrono::milliseconds upgrade_timeout{10000};
  // Largest message (WebSocket) or request body (polling) a client may send.
  size_t max_payload = 1'000'000;
  bool allow_polling = true;
  bool allow_websocket = true;
  // Which other origins' pages may poll; none by default.
  http::CorsPolicy cors;
  // Bytes a WebSocket client may leave unread before it is disconnected as too slow.
  size_t max_buffered_bytes = 16u << 20;
};

}  // namespace sio::engine
