// The bench protocol on the Carrel Socket.IO library, for side-by-side runs with
// bench/node/server.js: `join {room}` joins the room and acks {ok:true}; `broadcast
// {room, t, payload}` emits `msg` with the same object to every socket in the room.
#include "sio/server.h"
#include "sio/tools/listen.h"

int main(int argc, char** argv) {
  boost::asio::io_context io;
  sio::Server io_server(io.get_executor());
  sio::Namespace& main_nsp = io_server.main();
  main_nsp.on_connection([&main_nsp](const std::shared_ptr<sio::Socket>& socket) {
    socket->on("join", [](const std::shared_ptr<sio::Socket>& socket, sio::Event& event) {
      const auto* request = event.payload().if_object();
      const auto* room = request ? request->if_contains("room") : nullptr;
      if (!room || !room->is_string()) return event.ack_value({{"ok", false}});
      socket->join(std::string(room->get_string()));
      event.ack_value({{"ok", true}});
    });
    socket->on("broadcast", [&main_nsp](const std::shared_ptr<sio::Socket>&, sio::Event& event) {
      const auto* message = event.payload().if_object();
      const auto* room = message ? message->if_contains("room") : nullptr;
      if (!room || !room->is_string()) return;
      main_nsp.to(std::string(room->get_string())).emit("msg", event.payload());
    });
  });
  auto handler = [&](std::shared_ptr<http::Exchange> exchange) {
    if (io_server.matches_path(exchange->request().target()))
      return io_server.handle(std::move(exchange));
    exchange->respond(sio::tools::not_found(exchange->request()));
  };
  http::ServerOptions http_options;
  io_server.configure(http_options);
  return sio::tools::serve(io, sio::tools::port_from_args(argc, argv, 3000), handler, http_options);
}
