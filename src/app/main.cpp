// The carrel server: reads the configuration, then serves the Socket.IO endpoint, the REST API
// and the browser app on one port, on one I/O thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <iostream>

#include "app/config.h"
#include "http/error_response.h"
#include "http/static_files.h"
#include "sio/server.h"

namespace {

sio::ServerOptions realtime_options(const app::Config& config) {
  sio::ServerOptions options;
  options.engine.max_payload = 1'000'000;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const app::Config config = app::load_config(argc, argv);
  boost::asio::io_context io;
  sio::Server realtime(io.get_executor(), realtime_options(config));
  http::StaticFiles web(config.web_root);

  auto handler = [&](std::shared_ptr<http::Exchange> exchange) {
    const auto& request = exchange->request();
    std::string_view target = request.target();
    if (realtime.matches_path(target)) return realtime.handle(std::move(exchange));
    if (target == "/healthz")
      return exchange->respond(http::json_response(request, http::Status::ok, {{"status", "ok"}}));
    if (target.rfind("/api/", 0) != 0) {
      if (auto response = web.serve(request)) return exchange->respond(std::move(*response));
    }
    exchange->respond(http::error_response(request, http::Status::not_found, "NOT_FOUND",
                                           "No route for " + std::string(request.method_string()) +
                                               " " +
                                               std::string(target.substr(0, target.find('?')))));
  };

  http::ServerOptions http_options;
  http_options.body_limit = [&config](const http::Request&) { return size_t(config.max_upload); };
  realtime.configure(http_options);
  http::Server server(io.get_executor(), http_options, handler);
  try {
    server.listen({boost::asio::ip::make_address(config.host), config.port});
  } catch (const std::exception& error) {
    std::cerr << "carrel: cannot listen on " << config.host << ":" << config.port << ": "
              << error.what() << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) {
    server.stop();
    realtime.close();
    io.stop();
  });
  std::cerr << "carrel: listening on http://" << config.host << ":" << config.port
            << (web.available() ? "" : " (no web app built under " + config.web_root + ")") << "\n";
  io.run();
  return 0;
}
