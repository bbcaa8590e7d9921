// One template serves both kinds of connection; what differs (the TLS handshake, how the stream
// is handed to a WebSocket) is chosen at compile time. While a response is pending (an
// Engine.IO long-poll can wait tens of seconds) the connection watches the socket for
// readability without consuming anything: a peer that hangs up is noticed at once and reported
// through the abort callback. Over TLS a peer that sends close_notify before hanging up looks
// like one sending a pipelined request; that abort is noticed when the response is written.
#include "http/connection.h"

#include <sys/socket.h>

#include <array>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <type_traits>

#include "http/tls_context.h"
#include "http/tls_stream.h"

namespace http {
namespace {

const std::string& plain_http_on_tls_port() {
  static const std::string response = [] {
    const std::string body = "This port speaks HTTPS: use an https:// URL\n";
    return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }();
  return response;
}

bool is_hang_up(beast::error_code ec) {
  return ec == beast::http::error::end_of_stream || ec == beast::error::timeout ||
         ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof ||
         ec == asio::ssl::error::stream_truncated;
}

std::unique_ptr<ByteStream> to_byte_stream(beast::tcp_stream& stream) {
  return make_plain_byte_stream(stream.release_socket());
}

std::unique_ptr<ByteStream> to_byte_stream(TlsStream& stream) {
  return make_tls_byte_stream(std::move(stream));
}

template <class Stream>
class StreamConnection final : public Connection,
                               public std::enable_shared_from_this<StreamConnection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  template <class... StreamArgs>
  StreamConnection(std::shared_ptr<const ServerOptions> options, Handler handler,
                   StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...),
        options_(std::move(options)),
        handler_(std::move(handler)) {
    beast::error_code ec;
    remote_ = socket().remote_endpoint(ec);
  }

  void start() {
    if constexpr (kTls)
      detect_tls();
    else
      read_request();
  }

  void write(Response response, bool request_keep_alive) override;
  UpgradedStream release() override;
  void set_abort_callback(std::function<void()> callback) override {
    abort_callback_ = std::move(callback);
  }

 private:
  using std::enable_shared_from_this<StreamConnection>::shared_from_this;

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  tcp::socket& socket() { return tcp().socket(); }

  void detect_tls();
  void handshake();
  void read_request();
  void on_header(beast::error_code ec);
  void on_body(beast::error_code ec);
  void dispatch();
  void watch_for_abort();
  void reject(Status status, std::string message);
  void close();
  void linger();
  void drain();

  Stream stream_;
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

template <class Stream>
void StreamConnection<Stream>::detect_tls() {
  tcp().expires_after(options_->request_timeout);
  beast::async_detect_ssl(
      tcp(), buffer_, [self = shared_from_this()](beast::error_code ec, bool tls) {
        if (ec) return self->close();
        if (tls) return self->handshake();
        boost::asio::async_write(self->tcp(), asio::buffer(plain_http_on_tls_port()),
                                 [self](beast::error_code, size_t) { self->close(); });
      });
}

template <class Stream>
void StreamConnection<Stream>::handshake() {
  if constexpr (kTls) {
    // The ClientHello already read by the detection is handed to the handshake. (Beast checks
    // this handler against a signature without the byte count, hence the default argument.)
    stream_.async_handshake(asio::ssl::stream_base::server, buffer_.data(),
                            [self = shared_from_this()](beast::error_code ec, size_t used = 0) {
                              if (ec) return self->close();
                              self->buffer_.consume(used);
                              self->read_request();
                            });
  }
}

template <class Stream>
void StreamConnection<Stream>::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options_->max_header_bytes));
  parser_->body_limit(boost::none);
  tcp().expires_after(buffer_.size() > 0 ? options_->request_timeout : options_->idle_timeout);
  beast::http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

template <class Stream>
void StreamConnection<Stream>::on_header(beast::error_code ec) {
  if (ec == beast::http::error::header_limit)
    return reject(Status::request_header_fields_too_large, "Request header too large");
  if (is_hang_up(ec)) return close();
  if (ec) return reject(Status::bad_request, "Bad request");

  if (options_->on_headers) header_guard_ = options_->on_headers(parser_->get());
  const std::size_t limit = options_->body_limit(parser_->get());
  auto length = parser_->content_length();
  if (length && *length > limit) return reject(Status::payload_too_large, "Payload too large");
  parser_->body_limit(limit);
  tcp().expires_after(options_->request_timeout);
  beast::http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

template <class Stream>
void StreamConnection<Stream>::on_body(beast::error_code ec) {
  if (ec == beast::http::error::body_limit)
    return reject(Status::payload_too_large, "Payload too large");
  if (is_hang_up(ec)) return close();
  if (ec) return reject(Status::bad_request, "Bad request");
  dispatch();
}

template <class Stream>
void StreamConnection<Stream>::dispatch() {
  header_guard_.reset();
  tcp().expires_never();
  awaiting_response_ = true;
  auto exchange = std::make_shared<Exchange>(shared_from_this(), parser_->release(), remote_);
  parser_.reset();
  try {
    handler_(exchange);
  } catch (const std::exception&) {
    exchange->respond(
        make_response(exchange->request(), Status::internal_server_error, "Internal server error"));
  }
  if (awaiting_response_ && socket().is_open()) watch_for_abort();
}

template <class Stream>
void StreamConnection<Stream>::watch_for_abort() {
  watching_ = true;
  socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
    self->watching_ = false;
    if (ec || !self->awaiting_response_) return;
    char byte;
    ssize_t n = ::recv(self->socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return;  // a pipelined request: it is read after this response
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return self->watch_for_abort();
    self->awaiting_response_ = false;
    if (auto callback = std::move(self->abort_callback_)) callback();
    self->close();
  });
}

template <class Stream>
void StreamConnection<Stream>::write(Response response, bool request_keep_alive) {
  if (!awaiting_response_) return;
  awaiting_response_ = false;
  abort_callback_ = nullptr;
  if (watching_) socket().cancel();
  if (!request_keep_alive) response.keep_alive(false);
  response.prepare_payload();
  auto shared = std::make_shared<Response>(std::move(response));
  tcp().expires_after(options_->write_timeout);
  beast::http::async_write(stream_, *shared,
                           [self = shared_from_this(), shared](beast::error_code ec, std::size_t) {
                             if (ec || !shared->keep_alive()) return self->close();
                             self->read_request();
                           });
}

template <class Stream>
UpgradedStream StreamConnection<Stream>::release() {
  awaiting_response_ = false;
  abort_callback_ = nullptr;
  if (watching_) socket().cancel();
  tcp().expires_never();
  return UpgradedStream{to_byte_stream(stream_), std::move(buffer_)};
}

template <class Stream>
void StreamConnection<Stream>::reject(Status status, std::string message) {
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

template <class Stream>
void StreamConnection<Stream>::close() {
  header_guard_.reset();
  if (std::exchange(linger_on_close_, false)) return linger();
  beast::error_code ec;
  socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp().close();
}

template <class Stream>
void StreamConnection<Stream>::linger() {
  beast::error_code ec;
  socket().shutdown(tcp::socket::shutdown_send, ec);
  tcp().expires_after(options_->linger_timeout);
  discard_ = std::make_unique<std::array<char, 16384>>();
  drain();
}

// Reads the raw socket, not through TLS: the bytes are thrown away either way.
template <class Stream>
void StreamConnection<Stream>::drain() {
  tcp().async_read_some(asio::buffer(*discard_),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->tcp().close();
                          self->drain();
                        });
}

}  // namespace

void serve_plain(tcp::socket socket, std::shared_ptr<const ServerOptions> options,
                 Handler handler) {
  std::make_shared<StreamConnection<beast::tcp_stream>>(std::move(options), std::move(handler),
                                                        std::move(socket))
      ->start();
}

void serve_tls(tcp::socket socket, std::shared_ptr<const ServerOptions> options, Handler handler) {
  auto& context = options->tls->native();
  std::make_shared<StreamConnection<TlsStream>>(std::move(options), std::move(handler),
                                                std::move(socket), context)
      ->start();
}

}  // namespace http
