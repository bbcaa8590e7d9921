// HTTP/1.1 server on Boost.Beast, plain or over TLS. The Server accepts TCP connections and runs
// one Connection per socket; every parsed request is handed to the Handler as an Exchange, which
// the handler may answer at once, answer later (an Engine.IO long-poll), or take over for a
// protocol upgrade (WebSocket). All of it runs on the executor the server is given: handlers never
// block it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "http/byte_stream.h"

namespace http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Request = beast::http::request<beast::http::string_body>;
using Response = beast::http::response<beast::http::string_body>;
using Status = beast::http::status;
using Field = beast::http::field;
using Verb = beast::http::verb;

class Connection;
class TlsContext;

// A connection taken over from HTTP, with the bytes the client already sent past the request.
struct UpgradedStream {
  std::unique_ptr<ByteStream> stream;
  beast::flat_buffer buffer;
};

// One request awaiting its response.
class Exchange {
 public:
  Exchange(std::shared_ptr<Connection> connection, Request request, tcp::endpoint remote);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const Request& request() const { return request_; }
  Request& request() { return request_; }
  const tcp::endpoint& remote() const { return remote_; }

  // Sends the response; only the first call has an effect. An Exchange dropped without a
  // response answers 500, so a client is never left waiting on a forgotten request.
  void respond(Response response);
  bool responded() const { return !connection_; }
  // Runs on the response just before it is sent, whoever produces it (e.g. to add CORS headers).
  void decorate(std::function<void(Response&)> decorator) { decorator_ = std::move(decorator); }

  // Ends HTTP on this connection and hands its stream to the caller (for a WebSocket upgrade).
  UpgradedStream upgrade();

  // Called once if the client closes the connection while the response is still pending.
  void on_abort(std::function<void()> callback);

 private:
  friend class Connection;
  std::shared_ptr<Connection> connection_;
  Request request_;
  tcp::endpoint remote_;
  std::function<void(Response&)> decorator_;
};

using Handler = std::function<void(std::shared_ptr<Exchange>)>;

struct ServerOptions {
  // Set: every connection is HTTPS (and WebSockets are WSS). A TLS handshake must finish within
  // request_timeout.
  std::shared_ptr<TlsContext> tls;
  size_t max_header_bytes = 16 * 1024;
  // Largest request body accepted for a target; larger bodies are answered 413.
  std::function<size_t(const Request&)> body_limit = [](const Request&) { return 1 << 20; };
  // A client must deliver a whole request (headers and body) within this time.
  std::chrono::seconds request_timeout{30};
  // A keep-alive connection with no request in flight is closed after this long.
  std::chrono::seconds idle_timeout{120};
  // A response that cannot be written within this time ends the connection.
  std::chrono::seconds write_timeout{60};
  // After refusing a request whose body was not read (413, 400), keep reading and discarding
  // for up to this long before closing, so a client still uploading receives the answer
  // instead of a connection reset.
  std::chrono::seconds linger_timeout{10};
  // Called when a request's headers have arrived, before its body is read. What it returns is
  // kept until the request reaches the handler or fails; the Engine.IO server uses this to
  // notice two uploads to one session at once.
  std::function<std::shared_ptr<void>(const Request&)> on_headers;
  // Builds the answer to a request refused before it reached the handler (413, 431, 400);
  // `request` holds what was parsed of it, if anything. Plain text when unset.
  std::function<Response(const Request* request, Status status, std::string_view message)>
      rejection;
};

class Server {
 public:
  Server(asio::any_io_executor executor, ServerOptions options, Handler handler);
  ~Server();

  // Binds and starts accepting; throws boost::system::system_error when the address is taken.
  void listen(const tcp::endpoint& endpoint);
  tcp::endpoint local_endpoint() const;
  // Stops accepting new connections; established ones finish on their own.
  void stop();

 private:
  void accept();

  asio::any_io_executor executor_;
  std::shared_ptr<const ServerOptions> options_;
  Handler handler_;
  tcp::acceptor acceptor_;
};

// A response with a body and the given content type.
Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");

}  // namespace http
