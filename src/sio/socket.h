// A Socket is one client's connection to one namespace: it receives that client's events for
// the namespace, answers acks, joins rooms and emits. Several sockets (one per namespace) can
// share one Client, i.e. one Engine.IO connection.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <unordered_map>

#include "sio/broadcast.h"
#include "sio/engine/session.h"
#include "sio/types.h"

namespace sio {

class Client;
class Namespace;
class Socket;

// The request that opened the connection and the auth payload of the namespace CONNECT.
struct Handshake {
  boost::json::object auth;
  std::string address;  // the peer's IP address
  // The HTTP request that opened the connection, shared by all its sockets.
  std::shared_ptr<const engine::HandshakeInfo> request;

  const std::string& url() const { return request->url; }
  std::string header(std::string_view name) const { return request->header(name); }
  std::string query(std::string_view key) const;
};

// One received event. `ack` answers the client's acknowledgement callback, if it sent one.
class Event {
 public:
  Event(std::string name, boost::json::array args, Attachments attachments,
        std::weak_ptr<Socket> socket, std::optional<uint64_t> ack_id);

  const std::string& name() const { return name_; }
  boost::json::array& args() { return args_; }
  Attachments& attachments() { return attachments_; }
  // The first argument, or null.
  const boost::json::value& payload() const;

  bool wants_ack() const { return ack_id_.has_value(); }
  // Sends the acknowledgement (only the first call does); may be called after the handler
  // returned, e.g. when a database answer arrives.
  void ack(boost::json::array args = {}, Attachments attachments = {});
  void ack_value(boost::json::value payload);

 private:
  std::string name_;
  boost::json::array args_;
  Attachments attachments_;
  std::weak_ptr<Socket> socket_;
  std::optional<uint64_t> ack_id_;
};

using EventHandler = std::function<void(const std::shared_ptr<Socket>&, Event&)>;
using DisconnectHandler = std::function<void(const std::shared_ptr<Socket>&, std::string_view)>;

class Socket : public std::enable_shared_from_this<Socket> {
 public:
  Socket(Namespace& nsp, std::shared_ptr<Client> client, Handshake handshake);
  ~Socket();

  const SocketId& id() const { return id_; }
  // Whether this socket continues an earlier connection's session (connection state recovery):
  // same id, rooms and data, and the events missed meanwhile were replayed.
  bool recovered() const { return recovered_; }
  Namespace& nsp() const { return nsp_; }
  const Handshake& handshake() const { return handshake_; }
  bool connected() const { return connected_; }
  // Values of the `:param` segments of a pattern namespace (e.g. roomId of /room/:roomId).
  const std::map<std::string, std::string>& params() const;
  // Application data attached to this socket.
  boost::json::object& data() { return data_; }
  std::string_view transport() const;

  void on(std::string event, EventHandler handler);
  void on_any(EventHandler handler);
  void on_disconnect(DisconnectHandler handler);

  void emit(std::string_view event, boost::json::value payload);
  void emit_args(std::string_view event, boost::json::array args = {},
                 Attachments attachments = {});
  void emit_with_ack(std::string_view event, boost::json::array args, AckCallback callback,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10),
                     Attachments attachments = {});

  void join(Room room);
  void leave(const Room& room);
  Rooms rooms() const;
  // Broadcast to a room, leaving this socket out.
  BroadcastOperator to(Room room);
  BroadcastOperator broadcast();

  // Leaves the namespace (the client gets a DISCONNECT packet). With `close_connection`, the
  // whole Engine.IO connection is closed, which disconnects every namespace of the client.
  void disconnect(bool close_connection = false);
  // Closes the underlying Engine.IO connection without DISCONNECT packets, as a network failure
  // would: the client sees "transport close" and reconnects by itself.
  void close_connection();

  // Used by the core.
  // Takes over a persisted session before the socket is admitted.
  void restore(RestoredSession restored);
  void on_connected();
  void on_packet(protocol::Packet packet);
  void on_close(std::string_view reason);
  void send_packet(protocol::Packet packet);
  void write_encoded(const EncodedPacket& encoded);
  void send_ack(uint64_t id, boost::json::array args, Attachments attachments);

 private:
  bool recovery_enabled() const;
  void dispatch(protocol::Packet packet);
  void on_ack(protocol::Packet packet);

  Namespace& nsp_;
  std::shared_ptr<Client> client_;
  SocketId id_;
  std::string pid_;  // private session id, sent only to this client
  Handshake handshake_;
  boost::json::object data_;
  bool connected_ = false;
  bool recovered_ = false;
  Rooms restored_rooms_;
  std::vector<EncodedPacket> missed_;

  std::unordered_map<std::string, EventHandler> handlers_;
  std::vector<EventHandler> any_handlers_;
  std::vector<DisconnectHandler> disconnect_handlers_;

  struct PendingAck {
    AckCallback callback;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  uint64_t next_ack_id_ = 0;
  std::unordered_map<uint64_t, PendingAck> pending_acks_;
};

}  // namespace sio
