// The accept loop and the Exchange, the handler's view of one request.
#include "http/server.h"

#include <boost/asio/steady_timer.hpp>

#include "http/connection.h"

namespace http {

Exchange::Exchange(std::shared_ptr<Connection> connection, Request request, tcp::endpoint remote)
    : connection_(std::move(connection)), request_(std::move(request)), remote_(remote) {}

Exchange::~Exchange() {
  if (connection_)
    respond(make_response(request_, Status::internal_server_error, "Internal server error"));
}

void Exchange::respond(Response response) {
  if (!connection_) return;
  auto connection = std::move(connection_);
  connection_.reset();
  response.version(request_.version());
  if (decorator_) decorator_(response);
  connection->write(std::move(response), request_.keep_alive());
}

UpgradedStream Exchange::upgrade() {
  auto connection = std::move(connection_);
  connection_.reset();
  return connection->release();
}

void Exchange::on_abort(std::function<void()> callback) {
  if (connection_) connection_->set_abort_callback(std::move(callback));
}

Server::Server(asio::any_io_executor executor, ServerOptions options, Handler handler)
    : executor_(executor),
      options_(std::make_shared<const ServerOptions>(std::move(options))),
      handler_(std::move(handler)),
      acceptor_(executor) {}

Server::~Server() {
  stop();
}

void Server::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  accept();
}

tcp::endpoint Server::local_endpoint() const {
  return acceptor_.local_endpoint();
}

void Server::stop() {
  beast::error_code ec;
  acceptor_.close(ec);
}

void Server::accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of file descriptors or a transient error: back off briefly instead of spinning.
      auto timer = std::make_shared<asio::steady_timer>(executor_, std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) {
        if (acceptor_.is_open()) accept();
      });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (options_->tls)
      serve_tls(std::move(socket), options_, handler_);
    else
      serve_plain(std::move(socket), options_, handler_);
    accept();
  });
}

Response make_response(const Request& request, Status status, std::string body,
                       std::string_view content_type) {
  Response response{status, request.version()};
  response.set(Field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace http
