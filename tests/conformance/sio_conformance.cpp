// The reference configuration of the Socket.IO protocol test suite, served on --port (3000):
// Socket.IO at /socket.io/ (main namespace and /custom emit `auth` with the handshake auth,
// `message` is echoed as `message-back`, `message-with-ack` is acked with its arguments) and a
// raw Engine.IO server at /engine.io/ that sends every message back.
#include <unordered_map>

#include "sio/server.h"
#include "sio/tools/listen.h"

namespace {

using namespace std::chrono_literals;

sio::engine::Options reference_timings() {
  sio::engine::Options options;
  options.ping_interval = 300ms;
  options.ping_timeout = 200ms;
  options.max_payload = 1000000;
  options.cors = http::CorsPolicy({"*"});
  return options;
}

void serve_conformance_namespace(sio::Namespace& nsp) {
  nsp.on_connection([](const std::shared_ptr<sio::Socket>& socket) {
    socket->emit("auth", socket->handshake().auth);
    socket->on("message", [](const std::shared_ptr<sio::Socket>& socket, sio::Event& event) {
      socket->emit_args("message-back", std::move(event.args()), std::move(event.attachments()));
    });
    socket->on("message-with-ack", [](const std::shared_ptr<sio::Socket>&, sio::Event& event) {
      event.ack(std::move(event.args()), std::move(event.attachments()));
    });
  });
}

// Echoes every Engine.IO message of one session.
class EchoSession final : public sio::engine::SessionListener {
 public:
  EchoSession(std::shared_ptr<sio::engine::Session> session,
              std::unordered_map<std::string, std::unique_ptr<EchoSession>>& registry)
      : session_(std::move(session)), registry_(registry) {
    session_->set_listener(this);
  }

 private:
  void on_message(std::string data, bool binary) override {
    session_->send_message(std::make_shared<const std::string>(std::move(data)), binary);
  }
  void on_close(std::string_view) override { registry_.erase(session_->id()); }

  std::shared_ptr<sio::engine::Session> session_;
  std::unordered_map<std::string, std::unique_ptr<EchoSession>>& registry_;
};

}  // namespace

int main(int argc, char** argv) {
  boost::asio::io_context io;
  sio::ServerOptions options;
  options.engine = reference_timings();
  options.connect_timeout = 1000ms;
  sio::Server io_server(io.get_executor(), options);
  serve_conformance_namespace(io_server.of("/"));
  serve_conformance_namespace(io_server.of("/custom"));

  sio::engine::Server echo(io.get_executor(), reference_timings());
  std::unordered_map<std::string, std::unique_ptr<EchoSession>> echo_sessions;
  echo.on_connection([&](std::shared_ptr<sio::engine::Session> session) {
    auto id = session->id();
    echo_sessions[id] = std::make_unique<EchoSession>(std::move(session), echo_sessions);
  });

  auto handler = [&](std::shared_ptr<http::Exchange> exchange) {
    std::string_view target = exchange->request().target();
    if (io_server.matches_path(target)) return io_server.handle(std::move(exchange));
    if (target.rfind("/engine.io", 0) == 0) return echo.handle(std::move(exchange));
    exchange->respond(sio::tools::not_found(exchange->request()));
  };
  http::ServerOptions http_options;
  http_options.body_limit = [&echo](const http::Request&) { return echo.options().max_payload; };
  io_server.configure(http_options);
  auto socketio_headers = http_options.on_headers;
  http_options.on_headers = [&](const http::Request& request) -> std::shared_ptr<void> {
    if (request.target().starts_with("/engine.io")) return echo.on_headers(request);
    return socketio_headers(request);
  };
  return sio::tools::serve(io, sio::tools::port_from_args(argc, argv, 3000), handler, http_options);
}
