// Engine.IO over WebSocket (WS or WSS): one packet per frame, text packets as text frames and
// binary messages as binary frames holding only the bytes. Frames are written with
// scatter/gather straight from the shared packet data, and everything queued while a write is in
// flight goes out in the next single write.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include "http/server.h"
#include "sio/engine/options.h"
#include "sio/engine/transport.h"
#include "sio/engine/websocket_frame.h"

namespace sio::engine {

class WebSocketTransport final : public Transport,
                                 public http::ByteStream::Listener,
                                 public std::enable_shared_from_this<WebSocketTransport> {
 public:
  WebSocketTransport(http::UpgradedStream stream, const Options& options);

  // Writes the handshake response (101) and starts reading frames.
  void start(std::string handshake_response);

  std::string_view name() const override { return "websocket"; }
  bool writable() const override { return open_; }
  void send(std::span<const OutPacket> packets) override;
  void close(std::vector<OutPacket> last) override;
  void discard() override;

 private:
  struct Frame {
    std::string head;  // frame header and, for text packets, the packet type character
    std::shared_ptr<const std::string> body;
  };

  void queue(const OutPacket& packet);
  void queue_raw(std::string bytes);
  void write();
  void on_written(boost::system::error_code ec) override;
  void on_read(boost::system::error_code ec, std::string_view bytes) override;
  void read();
  bool is_open() const { return stream_->is_open(); }
  void handle(websocket::Message& message);
  void fail(uint16_t close_code, std::string_view reason);
  void report_close(std::string_view reason);
  void shutdown();
  // After our close frame: stop sending, read and discard until the peer closes (or a short
  // deadline), so the close frame is not lost to a reset caused by unread input.
  void linger();

  std::unique_ptr<http::ByteStream> stream_;
  std::string partial_;  // received bytes not yet forming a whole frame
  websocket::FrameReader reader_;
  std::vector<websocket::Message> messages_;
  const Options& options_;

  std::vector<Frame> queued_;
  std::vector<Frame> in_flight_;
  std::vector<boost::asio::const_buffer> iov_;  // the frames of the current write
  size_t in_flight_bytes_ = 0;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool open_ = true;  // accepting packets to send
  bool shutdown_after_write_ = false;
  bool reading_ = false;
  bool lingering_ = false;
  std::unique_ptr<boost::asio::steady_timer> linger_deadline_;  // made when lingering starts
};

// Checks a WebSocket upgrade request and builds the 101 response; nullopt if the request is
// not a valid RFC 6455 handshake.
std::optional<std::string> websocket_handshake_response(const http::Request& request);
bool is_websocket_upgrade(const http::Request& request);

}  // namespace sio::engine
