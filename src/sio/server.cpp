#include "sio/server.h"

#include "sio/client.h"

namespace sio {

Server::Server(boost::asio::any_io_executor executor, ServerOptions options)
    : executor_(executor), options_(std::move(options)), engine_(executor, options_.engine) {
  engine_.on_connection([this](auto session) { on_engine_connection(std::move(session)); });
  of("/");
}

Server::~Server() {
  close();
}

void Server::on_engine_connection(std::shared_ptr<engine::Session> session) {
  auto client = std::make_shared<Client>(*this, std::move(session));
  clients_.emplace(client->id(), client);
  client->start();
}

void Server::remove_client(const std::string& id) {
  clients_.erase(id);
}

void Server::close() {
  auto clients = clients_;
  for (auto& [id, client] : clients) client->close();
  engine_.close_all();
}

bool Server::matches_path(std::string_view target) const {
  std::string_view path = options_.path;
  if (target.substr(0, path.size()) == path) return true;
  // "/socket.io" without the trailing slash, followed by a query or nothing.
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return target.substr(0, path.size()) == path &&
         (target.size() == path.size() || target[path.size()] == '?');
}

void Server::configure(http::ServerOptions& options) {
  auto body_limit = options.body_limit;
  options.body_limit = [this, body_limit](const http::Request& request) {
    if (matches_path(request.target())) return options_.engine.max_payload;
    return body_limit ? body_limit(request) : options_.engine.max_payload;
  };
  auto on_headers = options.on_headers;
  options.on_headers = [this, on_headers](const http::Request& request) -> std::shared_ptr<void> {
    if (matches_path(request.target())) return engine_.on_headers(request);
    return on_headers ? on_headers(request) : nullptr;
  };
}

Namespace* Server::find(std::string_view name) {
  auto it = namespaces_.find(name);
  return it == namespaces_.end() ? nullptr : it->second.get();
}

Namespace* Server::resolve(std::string_view name) {
  if (auto* nsp = find(name)) return nsp;
  for (const auto& parent : parents_) {
    std::map<std::string, std::string> params;
    if (!parent->matches(name, params)) continue;
    auto nsp = std::make_unique<Namespace>(*this, std::string(name), parent->handlers(),
                                           std::move(params), true);
    auto* raw = nsp.get();
    namespaces_.emplace(std::string(name), std::move(nsp));
    return raw;
  }
  return nullptr;
}

Namespace& Server::of(std::string_view name) {
  std::string normalized(name);
  if (normalized.empty() || normalized.front() != '/') normalized.insert(0, "/");
  if (auto* nsp = resolve(normalized)) return *nsp;
  auto nsp = std::make_unique<Namespace>(*this, normalized, std::make_shared<NamespaceHandlers>(),
                                         std::map<std::string, std::string>{}, false);
  auto* raw = nsp.get();
  namespaces_.emplace(std::move(normalized), std::move(nsp));
  return *raw;
}

ParentNamespace& Server::of_pattern(std::string_view pattern) {
  parents_.push_back(std::make_unique<ParentNamespace>(std::string(pattern)));
  return *parents_.back();
}

std::unique_ptr<Adapter> Server::make_adapter(Namespace& nsp) {
  if (options_.adapter_factory) return options_.adapter_factory(nsp);
  return std::make_unique<InMemoryAdapter>(nsp);
}

}  // namespace sio
