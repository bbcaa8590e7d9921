// The Engine.IO server: checks each request under its path (protocol version, transport, sid,
// method), opens sessions on handshakes and routes later requests to their session. Errors are
// answered with the protocol's JSON bodies:
//   0 Transport unknown, 1 Session ID unknown, 2 Bad handshake method, 3 Bad request,
//   5 Unsupported protocol version.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "http/server.h"
#include "sio/engine/options.h"
#include "sio/engine/session.h"

namespace sio::engine {

class Server {
 public:
  using ConnectionHandler = std::function<void(std::shared_ptr<Session>)>;

  Server(boost::asio::any_io_executor executor, Options options);
  ~Server();

  const Options& options() const { return options_; }
  void on_connection(ConnectionHandler handler) { on_connection_ = std::move(handler); }

  // Handles one HTTP request addressed to this server's path.
  void handle(std::shared_ptr<http::Exchange> exchange);
  // Sees a request's headers before its body (http::ServerOptions::on_headers), to refuse a
  // second upload to a session while one is still arriving.
  std::shared_ptr<void> on_headers(const http::Request& request);

  size_t session_count() const { return sessions_.size(); }
  // Closes every session (server shutdown).
  void close_all();

 private:
  enum class ErrorCode {
    kUnknownTransport = 0,
    kUnknownSid = 1,
    kBadHandshakeMethod = 2,
    kBadRequest = 3,
    kForbidden = 4,
    kUnsupportedProtocolVersion = 5
  };

  void handshake(std::shared_ptr<http::Exchange> exchange, std::string_view transport);
  void upgrade(std::shared_ptr<http::Exchange> exchange, Session& session);
  void reject(http::Exchange& exchange, ErrorCode code);
  std::shared_ptr<Session> create_session(std::shared_ptr<Transport> transport,
                                          const http::Exchange& exchange);

  boost::asio::any_io_executor executor_;
  Options options_;
  ConnectionHandler on_connection_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

// A new random session id (20 URL-safe characters).
std::string generate_id();

}  // namespace sio::engine
