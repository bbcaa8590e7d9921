// Shared start-up of the small servers built on the library (conformance, interop, bench):
// reads --port, serves a sio::Server (and optional extra routes) on one thread until killed.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

#include "http/server.h"

namespace sio::tools {

inline unsigned short port_from_args(int argc, char** argv, unsigned short fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--port") == 0)
      return static_cast<unsigned short>(std::atoi(argv[i + 1]));
  return fallback;
}

// Listens on 0.0.0.0:port with `handler` and runs the io_context until SIGINT or SIGTERM.
inline int serve(boost::asio::io_context& io, unsigned short port, http::Handler handler,
                 http::ServerOptions options = {}) {
  http::Server server(io.get_executor(), std::move(options), std::move(handler));
  try {
    server.listen({boost::asio::ip::address_v4::any(), port});
  } catch (const std::exception& e) {
    std::cerr << "cannot listen on port " << port << ": " << e.what() << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::cerr << "listening on port " << server.local_endpoint().port() << "\n";
  io.run();
  return 0;
}

inline http::Response not_found(const http::Request& request) {
  return http::make_response(request, http::Status::not_found, "Not found");
}

}  // namespace sio::tools
