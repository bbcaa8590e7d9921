// A Namespace is a communication channel with its own connection middleware, handlers, sockets
// and rooms (kept by its Adapter). Names are matched exactly ("/custom") or by a pattern
// ("/room/:roomId"): a ParentNamespace holds the middleware and handlers of a pattern, and each
// matching name gets its own child Namespace, created on first use.
#pragma once

#include <map>
#include <unordered_map>

#include "sio/adapter.h"
#include "sio/broadcast.h"
#include "sio/socket.h"

namespace sio {

class Server;

using Next = std::function<void(std::optional<ConnectError>)>;
// Runs before a socket joins a namespace; calls next() to admit it or next(error) to refuse,
// now or later (e.g. after a database lookup).
using Middleware = std::function<void(const std::shared_ptr<Socket>&, Next)>;
using ConnectionHandler = std::function<void(const std::shared_ptr<Socket>&)>;

// Middleware and handlers, shared by a pattern's children.
struct NamespaceHandlers {
  std::vector<Middleware> middlewares;
  std::vector<ConnectionHandler> on_connection;
};

class Namespace {
 public:
  Namespace(Server& server, std::string name, std::shared_ptr<NamespaceHandlers> handlers,
            std::map<std::string, std::string> params, bool is_child);
  ~Namespace();

  const std::string& name() const { return name_; }
  const std::map<std::string, std::string>& params() const { return params_; }
  bool is_child() const { return is_child_; }
  Server& server() { return server_; }

  void use(Middleware middleware) { handlers_->middlewares.push_back(std::move(middleware)); }
  void on_connection(ConnectionHandler handler) {
    handlers_->on_connection.push_back(std::move(handler));
  }

  BroadcastOperator to(Room room) {
    return BroadcastOperator(*adapter_, name_).to(std::move(room));
  }
  BroadcastOperator except(Room room) {
    return BroadcastOperator(*adapter_, name_).except(std::move(room));
  }
  void emit(std::string_view event, boost::json::value payload) {
    BroadcastOperator(*adapter_, name_).emit(event, std::move(payload));
  }
  void emit_args(std::string_view event, boost::json::array args = {},
                 Attachments attachments = {}) {
    BroadcastOperator(*adapter_, name_).emit_args(event, std::move(args), std::move(attachments));
  }

  std::shared_ptr<Socket> socket(const SocketId& id) const;
  const std::unordered_map<SocketId, std::shared_ptr<Socket>>& sockets() const { return sockets_; }
  Adapter& adapter() { return *adapter_; }
  // Disconnects every socket of the namespace (or closes their connections).
  void disconnect_all(bool close_connections = false);

  // Used by Client and Socket.
  // Admits a client after the middleware ran. `done` learns the outcome and answers whether
  // the client still wants the socket (it may have gone away meanwhile).
  using AdmitCallback = std::function<bool(std::shared_ptr<Socket>, std::optional<ConnectError>)>;
  void add(std::shared_ptr<Client> client, boost::json::object auth, AdmitCallback done);
  bool unused() const { return sockets_.empty() && admitting_ == 0; }
  void remove(const Socket& socket);

 private:
  std::optional<RestoredSession> restore_session(const boost::json::object& auth);
  void run_middlewares(std::shared_ptr<Socket> socket, size_t index,
                       std::function<void(std::optional<ConnectError>)> done);

  Server& server_;
  std::string name_;
  std::shared_ptr<NamespaceHandlers> handlers_;
  std::map<std::string, std::string> params_;
  bool is_child_;
  std::unique_ptr<Adapter> adapter_;
  std::unordered_map<SocketId, std::shared_ptr<Socket>> sockets_;
  size_t admitting_ = 0;  // connections still in middleware
};

class ParentNamespace {
 public:
  explicit ParentNamespace(std::string pattern);

  const std::string& pattern() const { return pattern_; }
  // Whether `name` matches; fills `params` with the `:name` segments.
  bool matches(std::string_view name, std::map<std::string, std::string>& params) const;

  void use(Middleware middleware) { handlers_->middlewares.push_back(std::move(middleware)); }
  void on_connection(ConnectionHandler handler) {
    handlers_->on_connection.push_back(std::move(handler));
  }
  const std::shared_ptr<NamespaceHandlers>& handlers() const { return handlers_; }

 private:
  std::string pattern_;
  std::vector<std::string> segments_;
  std::shared_ptr<NamespaceHandlers> handlers_ = std::make_shared<NamespaceHandlers>();
};

}  // namespace sio
