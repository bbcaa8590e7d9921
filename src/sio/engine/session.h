// One Engine.IO session (the protocol's "socket", identified by its sid): the packet buffer,
// the heartbeat, the current transport and the upgrade from long-polling to WebSocket.
//
// Heartbeat: the server sends a ping every ping_interval, measured from the previous ping so
// the period does not drift, and closes the session if no pong arrives within ping_timeout.
// Upgrade: a WebSocket carrying the sid probes with "2probe", is answered "3probe", the pending
// poll is released with a noop, and the client's "5" switches the session onto the WebSocket.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/server.h"
#include "sio/engine/options.h"
#include "sio/engine/transport.h"

namespace sio::engine {

class WebSocketTransport;
class PollingTransport;

// What the layer above (Socket.IO's Client) hears from a session.
class SessionListener {
 public:
  virtual void on_message(std::string data, bool binary) = 0;
  virtual void on_close(std::string_view reason) = 0;

 protected:
  ~SessionListener() = default;
};

// Facts about the request that opened the session, kept for the layers above.
struct HandshakeInfo {
  http::tcp::endpoint remote;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(std::string_view name) const;
};

class Session final : public std::enable_shared_from_this<Session>, private TransportListener {
 public:
  using ClosedCallback = std::function<void(const std::string& sid)>;

  Session(boost::asio::any_io_executor executor, std::string id, const Options& options,
          std::shared_ptr<Transport> transport, std::shared_ptr<const HandshakeInfo> handshake,
          ClosedCallback on_closed);
  ~Session();

  const std::string& id() const { return id_; }
  boost::asio::any_io_executor executor() const { return executor_; }
  const std::shared_ptr<const HandshakeInfo>& handshake() const { return handshake_; }
  std::string_view transport_name() const { return transport_->name(); }
  bool is_open() const { return state_ == State::kOpen; }

  void set_listener(SessionListener* listener) { listener_ = listener; }

  // Sends the open packet and starts the heartbeat.
  void open();
  // Queues a packet; it leaves as soon as the transport can take it.
  void send(OutPacket packet);
  void send_message(std::shared_ptr<const std::string> data, bool binary = false);
  // Closes the session from the server side after delivering what is queued.
  void close(std::string_view reason = "forced close");

  // Requests routed here by the Server.
  void handle_polling(std::shared_ptr<http::Exchange> exchange);
  std::shared_ptr<void> begin_polling_upload();
  bool can_upgrade() const;
  void start_upgrade(std::shared_ptr<WebSocketTransport> probe);

 private:
  enum class State { kOpening, kOpen, kClosing, kClosed };

  void on_transport_packet(Transport& from, Packet packet) override;
  void on_transport_close(Transport& from, std::string_view reason) override;
  void on_transport_writable(Transport& from) override;

  void on_probe_packet(Packet packet);
  void finish_upgrade();
  void cancel_upgrade();
  // Gives up a failed upgrade, then performs a close that was waiting for it.
  void abandon_upgrade();
  void flush();
  void schedule_ping();
  void on_heartbeat(std::chrono::steady_clock::time_point due);
  void on_pong();
  boost::asio::steady_timer& deadline();
  void cancel_deadline();
  void finish_close(std::string_view reason);

  boost::asio::any_io_executor executor_;
  std::string id_;
  const Options& options_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<WebSocketTransport> probe_;
  std::shared_ptr<const HandshakeInfo> handshake_;  // shared with the Socket.IO sockets
  ClosedCallback on_closed_;
  SessionListener* listener_ = nullptr;
  State state_ = State::kOpening;
  bool upgraded_ = false;
  bool probe_answered_ = false;
  std::optional<std::string> close_after_upgrade_;  // a close requested mid-upgrade

  std::vector<OutPacket> write_buffer_;
  boost::asio::steady_timer heartbeat_;
  bool awaiting_pong_ = false;
  std::unique_ptr<boost::asio::steady_timer> deadline_;  // upgrade or close, made when needed
  std::chrono::steady_clock::time_point last_ping_;
};

}  // namespace sio::engine
