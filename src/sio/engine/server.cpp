#include "sio/engine/server.h"

#include <openssl/rand.h>

#include <boost/url/parse.hpp>

#include "sio/engine/base64.h"
#include "sio/engine/polling_transport.h"
#include "sio/engine/websocket_transport.h"

namespace sio::engine {
namespace {

struct Query {
  std::string eio, transport, sid;
  bool has_sid = false;
};

Query parse_query(std::string_view target) {
  Query query;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return query;
  for (auto param : url->params()) {
    if (param.key == "EIO")
      query.eio = param.value;
    else if (param.key == "transport")
      query.transport = param.value;
    else if (param.key == "sid") {
      query.sid = param.value;
      query.has_sid = true;
    }
  }
  return query;
}

const char* error_message(int code) {
  switch (code) {
    case 0:
      return "Transport unknown";
    case 1:
      return "Session ID unknown";
    case 2:
      return "Bad handshake method";
    case 3:
      return "Bad request";
    case 4:
      return "Forbidden";
    default:
      return "Unsupported protocol version";
  }
}

std::shared_ptr<const HandshakeInfo> handshake_info(const http::Exchange& exchange) {
  auto info = std::make_shared<HandshakeInfo>();
  info->remote = exchange.remote();
  info->url = std::string(exchange.request().target());
  for (const auto& field : exchange.request())
    info->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return info;
}

}  // namespace

std::string generate_id() {
  unsigned char bytes[15];
  RAND_bytes(bytes, sizeof bytes);
  std::string id = encode_base64({reinterpret_cast<const char*>(bytes), sizeof bytes});
  for (char& c : id) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return id;
}

Server::Server(boost::asio::any_io_executor executor, Options options)
    : executor_(executor), options_(std::move(options)) {}

Server::~Server() {
  close_all();
}

void Server::close_all() {
  auto sessions = std::move(sessions_);
  sessions_.clear();
  for (auto& [id, session] : sessions) session->close("server shutting down");
}

void Server::handle(std::shared_ptr<http::Exchange> exchange) {
  const auto& request = exchange->request();
  if (request.method() == http::Verb::options) {
    return exchange->respond(options_.cors.preflight(request));
  }
  Query query = parse_query(request.target());
  const bool websocket_request = is_websocket_upgrade(request);
  const bool known_transport = (query.transport == "polling" && options_.allow_polling) ||
                               (query.transport == "websocket" && options_.allow_websocket);
  if (!known_transport) return reject(*exchange, ErrorCode::kUnknownTransport);

  if (!query.has_sid) {
    if (request.method() != http::Verb::get)
      return reject(*exchange, ErrorCode::kBadHandshakeMethod);
    if (query.eio != "4") return reject(*exchange, ErrorCode::kUnsupportedProtocolVersion);
    if (query.transport == "websocket" && !websocket_request)
      return reject(*exchange, ErrorCode::kBadRequest);
    return handshake(std::move(exchange), query.transport);
  }

  auto it = sessions_.find(query.sid);
  if (it == sessions_.end()) return reject(*exchange, ErrorCode::kUnknownSid);
  auto session = it->second;
  if (websocket_request && query.transport == "websocket")
    return upgrade(std::move(exchange), *session);
  if (session->transport_name() != query.transport)
    return reject(*exchange, ErrorCode::kBadRequest);
  if (request.method() != http::Verb::get && request.method() != http::Verb::post)
    return reject(*exchange, ErrorCode::kBadRequest);
  session->handle_polling(std::move(exchange));
}

std::shared_ptr<void> Server::on_headers(const http::Request& request) {
  if (request.method() != http::Verb::post) return nullptr;
  Query query = parse_query(request.target());
  if (!query.has_sid) return nullptr;
  auto it = sessions_.find(query.sid);
  if (it == sessions_.end()) return nullptr;
  auto session = it->second;
  return session->begin_polling_upload();
}

void Server::handshake(std::shared_ptr<http::Exchange> exchange, std::string_view transport) {
  if (transport == "polling") {
    auto polling = std::make_shared<PollingTransport>(options_);
    auto session = create_session(polling, *exchange);
    polling->handle(std::move(exchange));  // the GET that will carry the open packet
    session->open();
    if (on_connection_ && session->is_open()) on_connection_(session);
    return;
  }
  auto response = websocket_handshake_response(exchange->request());
  if (!response) return reject(*exchange, ErrorCode::kBadRequest);
  auto websocket = std::make_shared<WebSocketTransport>(exchange->upgrade(), options_);
  auto session = create_session(websocket, *exchange);
  websocket->start(std::move(*response));
  session->open();
  if (on_connection_ && session->is_open()) on_connection_(session);
}

void Server::upgrade(std::shared_ptr<http::Exchange> exchange, Session& session) {
  auto response = websocket_handshake_response(exchange->request());
  if (!response) return reject(*exchange, ErrorCode::kBadRequest);
  auto websocket = std::make_shared<WebSocketTransport>(exchange->upgrade(), options_);
  websocket->start(std::move(*response));
  if (!session.can_upgrade()) return websocket->discard();  // already upgraded or upgrading
  session.start_upgrade(std::move(websocket));
}

std::shared_ptr<Session> Server::create_session(std::shared_ptr<Transport> transport,
                                                const http::Exchange& exchange) {
  std::string id = generate_id();
  auto session = std::make_shared<Session>(
      executor_, id, options_, std::move(transport), handshake_info(exchange),
      [this](const std::string& sid) { sessions_.erase(sid); });
  sessions_.emplace(std::move(id), session);
  return session;
}

void Server::reject(http::Exchange& exchange, ErrorCode code) {
  const int value = int(code);
  auto response = http::make_response(
      exchange.request(), http::Status::bad_request,
      R"({"code":)" + std::to_string(value) + R"(,"message":")" + error_message(value) + "\"}",
      "application/json");
  options_.cors.apply(exchange.request(), response);
  exchange.respond(std::move(response));
}

}  // namespace sio::engine
