// One accepted TCP connection speaking HTTP/1.1: reads a request (bounded in size and time),
// hands it to the handler, writes the response when the handler gives it, and starts over
// while the client keeps the connection alive.
#pragma once

#include <array>
#include <boost/beast/http/parser.hpp>
#include <optional>

#include "http/server.h"

namespace http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<const ServerOptions> options, Handler handler);

  void start() { read_request(); }

  // Used by Exchange.
  void write(Response response, bool request_keep_alive);
  UpgradedStream release();
  void set_abort_callback(std::function<void()> callback);

 private:
  void read_request();
  void on_header(beast::error_code ec);
  void on_body(beast::error_code ec);
  void dispatch();
  void watch_for_abort();
  void reject(Status status, std::string message);
  void close();
  void linger();
  void drain();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  std::shared_ptr<const ServerOptions> options_;
  Handler handler_;
  tcp::endpoint remote_;
  std::function<void()> abort_callback_;
  std::shared_ptr<void> header_guard_;  // from ServerOptions::on_headers
  bool awaiting_response_ = false;
  bool watching_ = false;
  bool linger_on_close_ = false;
  std::unique_ptr<std::array<char, 16384>> discard_;  // lingering reads land here
};

}  // namespace http
