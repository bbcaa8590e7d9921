// A Client is one Engine.IO connection as Socket.IO sees it: it decodes the connection's
// packets, connects it to namespaces (one Socket each, multiplexed over the same connection),
// routes packets to those sockets and writes theirs. A connection that joins no namespace
// within connect_timeout is closed.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <unordered_map>

#include "sio/engine/session.h"
#include "sio/protocol/packet.h"
#include "sio/socket.h"

namespace sio {

class Server;

class Client final : public engine::SessionListener, public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, std::shared_ptr<engine::Session> session);
  ~Client();

  void start();
  const std::string& id() const { return session_->id(); }
  engine::Session& session() { return *session_; }
  Handshake make_handshake(boost::json::object auth) const;

  void write(const protocol::Packet& packet);
  void write_encoded(const EncodedPacket& encoded);
  // Closes the Engine.IO connection; every socket of this client disconnects.
  void close();
  // Disconnects every namespace socket (each gets a DISCONNECT packet), then closes.
  void disconnect_all();
  void remove(const Socket& socket);

 private:
  void on_message(std::string data, bool binary) override;
  void on_close(std::string_view reason) override;

  void on_packet(protocol::Packet packet);
  void connect(const std::string& nsp, boost::json::object auth);
  void fail(std::string_view reason);

  Server& server_;
  std::shared_ptr<engine::Session> session_;
  protocol::Decoder decoder_;
  std::unordered_map<std::string, std::shared_ptr<Socket>> sockets_;  // by namespace name
  std::unordered_set<std::string> connecting_;
  boost::asio::steady_timer connect_timer_;
  bool closed_ = false;
};

}  // namespace sio
