// A Socket.IO v5 client for one namespace over one Engine.IO v4 WebSocket (Boost.Beast), as
// much of the protocol as carrel-load needs: the Engine.IO open packet, ping -> pong, the
// namespace CONNECT with an auth object, events with and without acks, and a clean namespace
// disconnect followed by closing the connection. Incoming events of the namespace go to a
// listener as the text of their JSON array (`["new-message",{...},"<offset>"]`); the caller
// parses only what it needs. Shared-owned, so a socket outlives its pending operations.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carrel_load {

struct ServerAddress {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // "127.0.0.1:8080"
};

class RoomSocket : public std::enable_shared_from_this<RoomSocket> {
 public:
  using Done = std::function<void(bool ok)>;
  // The ack's argument array, e.g. `[{"ok":true,...}]`; empty when the socket closed first.
  using AckHandler = std::function<void(std::string_view args)>;
  using EventHandler = std::function<void(std::string_view array)>;
  using CloseHandler = std::function<void()>;

  RoomSocket(boost::asio::io_context& ioc, const ServerAddress& server, std::string nsp);

  void on_event(EventHandler h) { on_event_ = std::move(h); }
  // Called once when the connection ends other than by close().
  void on_close(CloseHandler h) { on_close_ = std::move(h); }

  // TCP connect, WebSocket handshake, Engine.IO open packet.
  void open(Done done);
  // Namespace CONNECT with `auth_json` (an object); done(true) on the connect ack.
  void connect(std::string auth_json, Done done);
  // Emits an event; `args` is the inside of the JSON array: `"send-message",{...}`.
  void emit(std::string_view args, AckHandler ack = {});
  // Namespace disconnect packet, then closes the connection once it is written.
  void disconnect();
  // Closes the connection now; pending acks are answered with an empty view.
  void close();
  bool connected() const { return state_ == State::kConnected; }
  int64_t pings() const { return pings_; }

 private:
  enum class State { kIdle, kOpening, kOpen, kConnecting, kConnected, kClosed };

  void read();
  void handle(std::string_view m);
  void handle_namespace(char type, std::string_view rest);
  void send(std::string text);
  void flush();
  void fail();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  const ServerAddress& server_;
  std::string nsp_;
  State state_ = State::kIdle;
  Done open_done_, connect_done_;
  EventHandler on_event_;
  CloseHandler on_close_;
  boost::beast::flat_buffer rbuf_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool close_after_write_ = false;
  bool closed_ = false;
  uint64_t next_ack_ = 0;
  std::vector<std::pair<uint64_t, AckHandler>> acks_;
  int64_t pings_ = 0;
};

}  // namespace carrel_load
