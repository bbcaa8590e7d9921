#include "sio/namespace.h"

#include "sio/client.h"
#include "sio/server.h"

namespace sio {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 1;  // names start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

}  // namespace

Namespace::Namespace(Server& server, std::string name, std::shared_ptr<NamespaceHandlers> handlers,
                     std::map<std::string, std::string> params, bool is_child)
    : server_(server),
      name_(std::move(name)),
      handlers_(std::move(handlers)),
      params_(std::move(params)),
      is_child_(is_child),
      adapter_(server.make_adapter(*this)) {}

Namespace::~Namespace() = default;

std::shared_ptr<Socket> Namespace::socket(const SocketId& id) const {
  auto it = sockets_.find(id);
  return it == sockets_.end() ? nullptr : it->second;
}

std::optional<RestoredSession> Namespace::restore_session(const boost::json::object& auth) {
  if (!server_.options().recovery) return std::nullopt;
  const auto* pid = auth.if_contains("pid");
  const auto* offset = auth.if_contains("offset");
  if (!pid || !pid->is_string() || !offset || !offset->is_string()) return std::nullopt;
  auto restored = adapter_->restore_session(std::string(pid->get_string()), offset->get_string());
  // A socket still connected under that id (its close not yet seen) keeps it.
  if (restored && sockets_.count(restored->session.sid)) return std::nullopt;
  return restored;
}

void Namespace::add(std::shared_ptr<Client> client, boost::json::object auth, AdmitCallback done) {
  auto restored = restore_session(auth);
  auto handshake = client->make_handshake(std::move(auth));
  auto socket = std::make_shared<Socket>(*this, std::move(client), std::move(handshake));
  const bool skip_middlewares = restored && server_.options().recovery->skip_middlewares;
  // Kept to put the session back if the connection goes away before the socket is admitted.
  std::optional<PersistedSession> session;
  if (restored) {
    session = restored->session;
    socket->restore(std::move(*restored));
  }
  ++admitting_;
  run_middlewares(socket, skip_middlewares ? handlers_->middlewares.size() : 0,
                  [this, socket, session = std::move(session),
                   done = std::move(done)](std::optional<ConnectError> error) mutable {
                    --admitting_;
                    const bool wanted = done(socket, error);
                    if (!error && !wanted && session)
                      adapter_->persist_session(std::move(*session));
                    if (error || !wanted) return;
                    sockets_.emplace(socket->id(), socket);
                    socket->on_connected();
                    for (const auto& handler : handlers_->on_connection) {
                      if (!socket->connected()) break;
                      handler(socket);
                    }
                  });
}

void Namespace::run_middlewares(std::shared_ptr<Socket> socket, size_t index,
                                std::function<void(std::optional<ConnectError>)> done) {
  if (index >= handlers_->middlewares.size()) return done(std::nullopt);
  auto called = std::make_shared<bool>(false);
  handlers_->middlewares[index](
      socket, [this, socket, index, done, called](std::optional<ConnectError> error) {
        if (std::exchange(*called, true)) return;
        if (error) return done(std::move(error));
        run_middlewares(socket, index + 1, done);
      });
}

void Namespace::remove(const Socket& socket) {
  sockets_.erase(socket.id());
}

void Namespace::disconnect_all(bool close_connections) {
  auto sockets = sockets_;
  for (auto& [id, socket] : sockets) socket->disconnect(close_connections);
}

ParentNamespace::ParentNamespace(std::string pattern)
    : pattern_(std::move(pattern)), segments_(split_path(pattern_)) {}

bool ParentNamespace::matches(std::string_view name,
                              std::map<std::string, std::string>& params) const {
  if (name.empty() || name.front() != '/') return false;
  auto segments = split_path(name);
  if (segments.size() != segments_.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& expected = segments_[i];
    if (!expected.empty() && expected.front() == ':') {
      if (segments[i].empty()) return false;
      found.emplace(expected.substr(1), segments[i]);
    } else if (expected != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace sio
