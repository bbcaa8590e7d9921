// One accepted connection speaking HTTP/1.1, over plain TCP or TLS: reads a request (bounded in
// size and time), hands it to the handler, writes the response when the handler gives it, and
// starts over while the client keeps the connection alive. Exchange sees only this interface.
#pragma once

#include "http/server.h"

namespace http {

class Connection {
 public:
  virtual ~Connection() = default;

  // Used by Exchange.
  virtual void write(Response response, bool request_keep_alive) = 0;
  virtual UpgradedStream release() = 0;
  virtual void set_abort_callback(std::function<void()> callback) = 0;
};

// Serves HTTP on an accepted socket until either side ends the connection.
void serve_plain(tcp::socket socket, std::shared_ptr<const ServerOptions> options, Handler handler);
// The same after a TLS handshake. A client speaking plain HTTP to this port is answered with a
// plain 400 that says so, rather than a handshake failure it cannot show.
void serve_tls(tcp::socket socket, std::shared_ptr<const ServerOptions> options, Handler handler);

}  // namespace http
