#include "sio/engine/websocket_transport.h"

#include <openssl/evp.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>

#include "sio/engine/base64.h"

namespace sio::engine {
namespace {

bool header_has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (http::beast::iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string accept_key(std::string_view key) {
  std::string input(key);
  input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
  return encode_base64({reinterpret_cast<const char*>(digest), length});
}

}  // namespace

bool is_websocket_upgrade(const http::Request& request) {
  return header_has_token(request[http::Field::connection], "upgrade") &&
         header_has_token(request[http::Field::upgrade], "websocket");
}

std::optional<std::string> websocket_handshake_response(const http::Request& request) {
  if (request.method() != http::Verb::get || !is_websocket_upgrade(request)) return std::nullopt;
  if (request[http::Field::sec_websocket_version] != "13") return std::nullopt;
  auto key = request[http::Field::sec_websocket_key];
  auto decoded = decode_base64(key);
  if (!decoded || decoded->size() != 16) return std::nullopt;
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         accept_key(key) + "\r\n\r\n";
}

WebSocketTransport::WebSocketTransport(http::UpgradedStream stream, const Options& options)
    : stream_(std::move(stream.stream)),
      partial_(static_cast<const char*>(stream.buffer.cdata().data()), stream.buffer.size()),
      reader_(options.max_payload),
      options_(options) {}

void WebSocketTransport::start(std::string handshake_response) {
  queue_raw(std::move(handshake_response));
  write();
  // Frames the client sent right behind its handshake arrived with it.
  if (!partial_.empty()) return on_read({}, {});
  read();
}

void WebSocketTransport::send(std::span<const OutPacket> packets) {
  if (!open_) return;
  for (const auto& packet : packets) queue(packet);
  if (queued_bytes_ > options_.max_buffered_bytes) {
    // The client stopped reading: drop it rather than buffer without bound.
    open_ = false;
    report_close("transport error");
    return shutdown();
  }
  write();
}

void WebSocketTransport::queue(const OutPacket& packet) {
  Frame frame;
  if (packet.binary) {
    websocket::append_frame_header(frame.head, websocket::Opcode::kBinary, packet.size());
  } else {
    websocket::append_frame_header(frame.head, websocket::Opcode::kText, packet.size() + 1);
    frame.head += char(packet.type);
  }
  frame.body = packet.data;
  queued_bytes_ += frame.head.size() + packet.size();
  queued_.push_back(std::move(frame));
}

void WebSocketTransport::queue_raw(std::string bytes) {
  queued_bytes_ += bytes.size();
  queued_.push_back({std::move(bytes), nullptr});
}

// Hands every queued frame to the stream in one gather write. Until that write completes, new
// frames are queued and then leave together, so a burst costs one system call per socket.
void WebSocketTransport::write() {
  if (writing_ || queued_.empty() || !is_open()) return;
  in_flight_.clear();
  in_flight_.swap(queued_);
  iov_.clear();
  in_flight_bytes_ = 0;
  for (const auto& frame : in_flight_) {
    iov_.emplace_back(frame.head.data(), frame.head.size());
    if (frame.body && !frame.body->empty())
      iov_.emplace_back(frame.body->data(), frame.body->size());
    in_flight_bytes_ += frame.head.size() + (frame.body ? frame.body->size() : 0);
  }
  writing_ = true;
  stream_->write(iov_, shared_from_this());
}

void WebSocketTransport::on_written(boost::system::error_code ec) {
  writing_ = false;
  queued_bytes_ -= in_flight_bytes_;
  in_flight_bytes_ = 0;
  in_flight_.clear();
  if (ec) {
    open_ = false;
    report_close("transport error");
    return shutdown();
  }
  if (!queued_.empty()) return write();
  if (shutdown_after_write_) linger();
}

void WebSocketTransport::read() {
  if (!is_open() || reading_) return;
  reading_ = true;
  stream_->read(shared_from_this());
}

void WebSocketTransport::linger() {
  if (lingering_) return;
  lingering_ = true;
  stream_->shutdown_send();
  linger_deadline_ = std::make_unique<boost::asio::steady_timer>(stream_->executor());
  linger_deadline_->expires_after(std::chrono::seconds(2));
  linger_deadline_->async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->shutdown();
  });
  read();
}

void WebSocketTransport::on_read(boost::system::error_code ec, std::string_view bytes) {
  reading_ = false;
  if (lingering_) {
    if (ec) {
      linger_deadline_->cancel();
      return shutdown();
    }
    return read();
  }
  if (ec) {
    open_ = false;
    report_close("transport close");
    return shutdown();
  }
  messages_.clear();
  if (partial_.empty()) {
    size_t used = reader_.consume(bytes, messages_);
    partial_.assign(bytes.substr(used));
  } else {
    partial_.append(bytes);
    partial_.erase(0, reader_.consume(partial_, messages_));
  }
  if (partial_.empty()) partial_.shrink_to_fit();
  auto self = shared_from_this();  // a handler below may drop the session's reference
  for (auto& message : messages_) {
    if (!listener_ && open_ == false) break;
    handle(message);
  }
  if (reader_.error()) return fail(reader_.error(), "parse error");
  if (is_open() && !shutdown_after_write_) read();
}

void WebSocketTransport::handle(websocket::Message& message) {
  using websocket::Opcode;
  switch (message.opcode) {
    case Opcode::kText: {
      auto packet = decode_text_packet(message.payload);
      if (!packet) return fail(websocket::kNormalClosure, "parse error");
      if (listener_) listener_->on_transport_packet(*this, std::move(*packet));
      return;
    }
    case Opcode::kBinary:
      if (listener_)
        listener_->on_transport_packet(
            *this, Packet{PacketType::kMessage, std::move(message.payload), true});
      return;
    case Opcode::kPing: {
      std::string pong;
      websocket::append_frame_header(pong, Opcode::kPong, message.payload.size());
      pong += message.payload;
      queue_raw(std::move(pong));
      return write();
    }
    case Opcode::kPong:
      return;
    case Opcode::kClose:
    default: {
      uint16_t code = websocket::kNormalClosure;
      if (message.payload.size() >= 2)
        code = uint16_t(uint8_t(message.payload[0]) << 8 | uint8_t(message.payload[1]));
      return fail(code, "transport close");
    }
  }
}

void WebSocketTransport::fail(uint16_t close_code, std::string_view reason) {
  if (!open_ && shutdown_after_write_) return;
  open_ = false;
  queue_raw(websocket::close_frame(close_code));
  shutdown_after_write_ = true;
  write();
  report_close(reason);
}

void WebSocketTransport::report_close(std::string_view reason) {
  if (auto* listener = std::exchange(listener_, nullptr))
    listener->on_transport_close(*this, reason);
}

void WebSocketTransport::close(std::vector<OutPacket> last) {
  if (!open_) return;
  for (const auto& packet : last) queue(packet);
  open_ = false;
  listener_ = nullptr;
  queue_raw(websocket::close_frame(websocket::kNormalClosure));
  shutdown_after_write_ = true;
  write();
}

void WebSocketTransport::discard() {
  listener_ = nullptr;
  if (open_) close({});
}

void WebSocketTransport::shutdown() {
  stream_->close();
}

}  // namespace sio::engine
