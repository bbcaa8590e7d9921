// While a response is pending (an Engine.IO long-poll can wait tens of seconds) the connection
// watches the socket for readability without consuming anything: a peer that hangs up is
// noticed at once and reported through the abort callback.
#include "http/connection.h"

#include <sys/socket.h>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace http {

Connection::Connection(tcp::socket socket, std::shared_ptr<const ServerOptions> options,
                       Handler handler)
    : stream_(std::move(socket)), options_(std::move(options)), handler_(std::move(handler)) {
  beast::error_code ec;
  remote_ = stream_.socket().remote_endpoint(ec);
}

void Connection::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_->max_header_bytes));
  parser_->body_limit(boost::none);
  stream_.expires_after(buffer_.size() > 0 ? options_->request_timeout : options_->idle_timeout);
  beast::http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void Connection::on_header(beast::error_code ec) {
  if (ec == beast::http::error::header_limit)
    return reject(Status::request_header_fields_too_large, "Request header too large");
  if (ec == beast::http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof)
    return close();
  if (ec) return reject(Status::bad_request, "Bad request");

  if (options_->on_headers) header_guard_ = options_->on_headers(parser_->get());
  const std::size_t limit = options_->body_limit(parser_->get());
  auto length = parser_->content_length();
  if (length && *length > limit) return reject(Status::payload_too_large, "Payload too large");
  parser_->body_limit(limit);
  stream_.expires_after(options_->request_timeout);
  beast::http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void Connection::on_body(beast::error_code ec) {
  if (ec == beast::http::error::body_limit)
    return reject(Status::payload_too_large, "Payload too large");
  if (ec == beast::error::timeout || ec == boost::asio::error::eof ||
      ec == beast::http::error::end_of_stream || ec == boost::asio::error::connection_reset)
    return close();
  if (ec) return reject(Status::bad_request, "Bad request");
  dispatch();
}

void Connection::dispatch() {
  header_guard_.reset();
  stream_.expires_never();
  awaiting_response_ = true;
  auto exchange = std::make_shared<Exchange>(shared_from_this(), parser_->release(), remote_);
  parser_.reset();
  try {
    handler_(exchange);
  } catch (const std::exception&) {
    exchange->respond(
        make_response(exchange->request(), Status::internal_server_error, "Internal server error"));
  }
  if (awaiting_response_ && stream_.socket().is_open()) watch_for_abort();
}

void Connection::watch_for_abort() {
  watching_ = true;
  stream_.socket().async_wait(
      tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
        self->watching_ = false;
        if (ec || !self->awaiting_response_) return;
        char byte;
        auto& socket = self->stream_.socket();
        ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) return;  // a pipelined request: it is read after this response
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return self->watch_for_abort();
        self->awaiting_response_ = false;
        if (auto callback = std::move(self->abort_callback_)) callback();
        self->close();
      });
}

void Connection::set_abort_callback(std::function<void()> callback) {
  abort_callback_ = std::move(callback);
}

void Connection::write(Response response, bool request_keep_alive) {
  if (!awaiting_response_) return;
  awaiting_response_ = false;
  abort_callback_ = nullptr;
  if (watching_) stream_.socket().cancel();
  if (!request_keep_alive) response.keep_alive(false);
  response.prepare_payload();
  auto shared = std::make_shared<Response>(std::move(response));
  stream_.expires_after(options_->write_timeout);
  beast::http::async_write(stream_, *shared,
                           [self = shared_from_this(), shared](beast::error_code ec, std::size_t) {
                             if (ec || !shared->keep_alive()) return self->close();
                             self->read_request();
                           });
}

UpgradedStream Connection::release() {
  awaiting_response_ = false;
  abort_callback_ = nullptr;
  if (watching_) stream_.socket().cancel();
  stream_.expires_never();
  return UpgradedStream{stream_.release_socket(), std::move(buffer_)};
}

void Connection::reject(Status status, std::string message) {
  Response response{status, 11};
  if (options_->rejection) {
    response = options_->rejection(parser_ ? &parser_->get() : nullptr, status, message);
  } else {
    response.set(Field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(message);
  }
  response.keep_alive(false);
  awaiting_response_ = true;
  linger_on_close_ = true;
  header_guard_.reset();
  write(std::move(response), false);
}

void Connection::close() {
  header_guard_.reset();
  if (std::exchange(linger_on_close_, false)) return linger();
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

void Connection::linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(options_->linger_timeout);
  discard_ = std::make_unique<std::array<char, 16384>>();
  drain();
}

void Connection::drain() {
  stream_.async_read_some(asio::buffer(*discard_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->stream_.close();
                            self->drain();
                          });
}

}  // namespace http
