// The server the socket.io-client interop tests (client.test.mjs) talk to, on --port. Its
// behaviour is mirrored by reference-server.mjs on the Node.js server, so the same tests can
// run against both. Main namespace: echo, join/leave/rooms, broadcasts, server-to-client acks,
// server-side disconnects; /custom echoes its auth; /room/:roomId requires auth.token "secret";
// /slow admits after an asynchronous middleware.
#include <boost/asio/steady_timer.hpp>

#include "sio/server.h"
#include "sio/tools/listen.h"

namespace {

using namespace std::chrono_literals;
using SocketPtr = std::shared_ptr<sio::Socket>;
namespace json = boost::json;

std::string string_field(const json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  const auto* field = object ? object->if_contains(key) : nullptr;
  return field && field->is_string() ? std::string(field->get_string()) : std::string();
}

// The `data` field of a broadcast request as the single argument of the broadcast event.
json::array data_args(const json::value& request) {
  const auto* data = request.is_object() ? request.get_object().if_contains("data") : nullptr;
  return json::array{data ? *data : json::value(nullptr)};
}

void add_echo(const SocketPtr& socket) {
  socket->on("echo", [](const SocketPtr& socket, sio::Event& event) {
    if (event.wants_ack()) event.ack(event.args(), event.attachments());
    socket->emit_args("echo-back", std::move(event.args()), std::move(event.attachments()));
  });
}

void add_rooms(const SocketPtr& socket, sio::Namespace& nsp) {
  socket->on("join", [](const SocketPtr& socket, sio::Event& event) {
    if (event.payload().is_string()) socket->join(std::string(event.payload().get_string()));
    event.ack_value({{"ok", true}});
  });
  socket->on("leave", [](const SocketPtr& socket, sio::Event& event) {
    if (event.payload().is_string()) socket->leave(std::string(event.payload().get_string()));
    event.ack_value({{"ok", true}});
  });
  socket->on("rooms", [](const SocketPtr& socket, sio::Event& event) {
    json::array rooms;
    for (const auto& room : socket->rooms()) rooms.emplace_back(room);
    event.ack_value(std::move(rooms));
  });
  socket->on("broadcast", [&nsp](const SocketPtr&, sio::Event& event) {
    const auto& request = event.payload();
    nsp.to(string_field(request, "room"))
        .emit_args(string_field(request, "event"), data_args(request), event.attachments());
  });
  socket->on("broadcast-except", [&nsp](const SocketPtr&, sio::Event& event) {
    const auto& request = event.payload();
    nsp.to(string_field(request, "room"))
        .except(string_field(request, "except"))
        .emit_args(string_field(request, "event"), data_args(request), event.attachments());
  });
  socket->on("broadcast-others", [](const SocketPtr& socket, sio::Event& event) {
    const auto& request = event.payload();
    socket->to(string_field(request, "room"))
        .emit_args(string_field(request, "event"), data_args(request), event.attachments());
  });
}

void add_connection_control(const SocketPtr& socket) {
  socket->on("request-ack", [](const SocketPtr& socket, sio::Event& event) {
    auto request = std::make_shared<sio::Event>(event);
    json::array args;
    args.push_back(event.payload());
    socket->emit_with_ack(
        "server-request", std::move(args),
        [request](std::optional<sio::AckResponse> answer) {
          if (!answer) return request->ack_value({{"ok", false}});
          request->ack({json::object{{"ok", true}, {"answer", std::move(answer->args)}}},
                       std::move(answer->attachments));
        },
        2s, std::move(event.attachments()));
  });
  socket->on("disconnect-me", [](const SocketPtr& socket, sio::Event&) { socket->disconnect(); });
  socket->on("close-transport",
             [](const SocketPtr& socket, sio::Event&) { socket->close_connection(); });
}

}  // namespace

int main(int argc, char** argv) {
  boost::asio::io_context io;
  sio::ServerOptions options;
  options.engine.ping_interval = 2000ms;
  options.engine.ping_timeout = 1000ms;
  options.engine.cors = http::CorsPolicy({"*"});
  options.connect_timeout = 2000ms;
  sio::Server server(io.get_executor(), options);

  sio::Namespace& main_nsp = server.main();
  main_nsp.on_connection([&main_nsp](const SocketPtr& socket) {
    add_echo(socket);
    add_rooms(socket, main_nsp);
    add_connection_control(socket);
  });

  server.of("/custom").on_connection([](const SocketPtr& socket) {
    socket->emit("auth", socket->handshake().auth);
    add_echo(socket);
  });

  auto& rooms = server.of_pattern("/room/:roomId");
  rooms.use([](const SocketPtr& socket, sio::Next next) {
    const auto* token = socket->handshake().auth.if_contains("token");
    if (token && token->is_string() && token->get_string() == "secret") return next(std::nullopt);
    next(sio::ConnectError{"unauthorized", json::object{{"code", "UNAUTHORIZED"}}});
  });
  rooms.on_connection([](const SocketPtr& socket) {
    socket->emit("hello",
                 {{"room_id", socket->params().at("roomId")}, {"nsp", socket->nsp().name()}});
    add_echo(socket);
  });

  auto& slow = server.of("/slow");
  slow.use([&io](const SocketPtr&, sio::Next next) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io, 50ms);
    timer->async_wait([timer, next](boost::system::error_code) { next(std::nullopt); });
  });
  slow.on_connection([](const SocketPtr& socket) { socket->emit("hello", {{"nsp", "/slow"}}); });

  auto handler = [&](std::shared_ptr<http::Exchange> exchange) {
    if (server.matches_path(exchange->request().target()))
      return server.handle(std::move(exchange));
    exchange->respond(sio::tools::not_found(exchange->request()));
  };
  http::ServerOptions http_options;
  server.configure(http_options);
  return sio::tools::serve(io, sio::tools::port_from_args(argc, argv, 3100), handler, http_options);
}
