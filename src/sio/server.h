// The Socket.IO server: namespaces by name or pattern, one Client per Engine.IO connection, and
// the HTTP entry point for requests under its path (default "/socket.io/").
//
//   sio::Server io(executor, options);
//   io.of("/chat").on_connection([](const auto& socket) {
//     socket->on("hello", [](const auto& socket, sio::Event& event) { event.ack_value("hi"); });
//   });
//   http_server_handler = [&](auto exchange) { if (io.matches_path(...)) io.handle(exchange); };
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <unordered_map>

#include "sio/adapter.h"
#include "sio/engine/server.h"
#include "sio/namespace.h"

namespace sio {

struct ServerOptions {
  engine::Options engine;
  std::string path = "/socket.io/";
  // A connection that joins no namespace within this time is closed.
  std::chrono::milliseconds connect_timeout{45000};
  // Builds each namespace's adapter; InMemoryAdapter when empty.
  AdapterFactory adapter_factory;
  // Connection state recovery; off when empty.
  std::optional<RecoveryOptions> recovery;
};

class Server {
 public:
  Server(boost::asio::any_io_executor executor, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  const ServerOptions& options() const { return options_; }
  boost::asio::any_io_executor executor() const { return executor_; }

  // The namespace with this exact name, created if needed (as a child when a pattern matches).
  Namespace& of(std::string_view name);
  // Handlers for every namespace whose name matches `pattern`, e.g. "/room/:roomId".
  ParentNamespace& of_pattern(std::string_view pattern);
  // An existing namespace, or nullptr.
  Namespace* find(std::string_view name);
  Namespace& main() { return of("/"); }

  bool matches_path(std::string_view target) const;
  void handle(std::shared_ptr<http::Exchange> exchange) { engine_.handle(std::move(exchange)); }
  // Takes over the HTTP server's early hooks for requests under this server's path: their body
  // limit is maxPayload and their headers go to the engine; other requests keep the hooks
  // already set in `options`.
  void configure(http::ServerOptions& options);
  engine::Server& engine() { return engine_; }
  size_t client_count() const { return clients_.size(); }

  // Disconnects every client and closes their connections.
  void close();

  // Used by the core.
  Namespace* resolve(std::string_view name);
  std::unique_ptr<Adapter> make_adapter(Namespace& nsp);
  void remove_client(const std::string& id);

 private:
  void on_engine_connection(std::shared_ptr<engine::Session> session);

  boost::asio::any_io_executor executor_;
  ServerOptions options_;
  engine::Server engine_;
  std::map<std::string, std::unique_ptr<Namespace>, std::less<>> namespaces_;
  std::vector<std::unique_ptr<ParentNamespace>> parents_;
  std::unordered_map<std::string, std::shared_ptr<Client>> clients_;
};

}  // namespace sio
