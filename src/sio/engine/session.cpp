#include "sio/engine/session.h"

#include <boost/beast/core/string.hpp>

#include "sio/engine/polling_transport.h"
#include "sio/engine/websocket_transport.h"

namespace sio::engine {
namespace {

std::shared_ptr<const std::string> shared_text(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

}  // namespace

std::string HandshakeInfo::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (boost::beast::iequals(key, name)) return value;
  return {};
}

Session::Session(boost::asio::any_io_executor executor, std::string id, const Options& options,
                 std::shared_ptr<Transport> transport,
                 std::shared_ptr<const HandshakeInfo> handshake, ClosedCallback on_closed)
    : executor_(executor),
      id_(std::move(id)),
      options_(options),
      transport_(std::move(transport)),
      handshake_(std::move(handshake)),
      on_closed_(std::move(on_closed)),
      heartbeat_(executor) {
  transport_->set_listener(this);
}

Session::~Session() {
  if (probe_) probe_->discard();
  if (transport_) transport_->discard();
}

void Session::open() {
  state_ = State::kOpen;
  const bool upgradable = transport_->name() == "polling" && options_.allow_websocket;
  std::string handshake = R"({"sid":")" + id_ + R"(","upgrades":)" +
                          (upgradable ? R"(["websocket"])" : "[]") +
                          ",\"pingInterval\":" + std::to_string(options_.ping_interval.count()) +
                          ",\"pingTimeout\":" + std::to_string(options_.ping_timeout.count()) +
                          ",\"maxPayload\":" + std::to_string(options_.max_payload) + "}";
  send({PacketType::kOpen, false, shared_text(std::move(handshake))});
  last_ping_ = std::chrono::steady_clock::now();
  schedule_ping();
}

void Session::send(OutPacket packet) {
  if (state_ != State::kOpen) return;
  write_buffer_.push_back(std::move(packet));
  flush();
}

void Session::send_message(std::shared_ptr<const std::string> data, bool binary) {
  send({PacketType::kMessage, binary, std::move(data)});
}

void Session::flush() {
  if (write_buffer_.empty() || !transport_->writable()) return;
  transport_->send(write_buffer_);
  write_buffer_.clear();
}

void Session::schedule_ping() {
  // Drift-free: the next ping is due one interval after the previous one was sent.
  auto due = std::max(last_ping_ + options_.ping_interval, std::chrono::steady_clock::now());
  awaiting_pong_ = false;
  heartbeat_.expires_at(due);
  heartbeat_.async_wait([weak = weak_from_this(), due](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->on_heartbeat(due);
  });
}

// One timer serves both phases: waiting to send the next ping, then waiting for its pong.
void Session::on_heartbeat(std::chrono::steady_clock::time_point due) {
  if (state_ != State::kOpen) return;
  if (awaiting_pong_) return finish_close("ping timeout");
  last_ping_ = due;
  send({PacketType::kPing, false, nullptr});
  awaiting_pong_ = true;
  heartbeat_.expires_after(options_.ping_timeout);
  heartbeat_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->on_heartbeat({});
  });
}

void Session::on_pong() {
  if (awaiting_pong_) schedule_ping();
}

boost::asio::steady_timer& Session::deadline() {
  if (!deadline_) deadline_ = std::make_unique<boost::asio::steady_timer>(executor_);
  return *deadline_;
}

void Session::cancel_deadline() {
  if (deadline_) deadline_->cancel();
}

void Session::on_transport_packet(Transport& from, Packet packet) {
  auto self = shared_from_this();
  if (probe_ && &from == probe_.get()) return on_probe_packet(std::move(packet));
  if (&from != transport_.get() || state_ != State::kOpen) return;
  switch (packet.type) {
    case PacketType::kPong:
      return on_pong();
    case PacketType::kMessage:
      if (listener_) listener_->on_message(std::move(packet.data), packet.binary);
      return;
    case PacketType::kOpen:
      return finish_close("parse error");
    default:
      return;  // pings, upgrades and noops outside an upgrade carry nothing for us
  }
}

void Session::on_transport_close(Transport& from, std::string_view reason) {
  auto self = shared_from_this();
  if (probe_ && &from == probe_.get()) return abandon_upgrade();
  if (&from != transport_.get()) return;
  finish_close(reason);  // also ends a closed session whose final poll was just answered
}

void Session::on_transport_writable(Transport& from) {
  if (&from != transport_.get()) return;
  if (probe_answered_ && write_buffer_.empty()) {
    // Mid-upgrade: release the poll at once so the client can switch transports.
    OutPacket noop{PacketType::kNoop, false, nullptr};
    return transport_->send({&noop, 1});
  }
  flush();
}

void Session::handle_polling(std::shared_ptr<http::Exchange> exchange) {
  if (transport_->name() != "polling") return;  // the server checked; kept for safety
  static_cast<PollingTransport&>(*transport_).handle(std::move(exchange));
}

std::shared_ptr<void> Session::begin_polling_upload() {
  if (transport_->name() != "polling") return nullptr;
  auto self = shared_from_this();  // an overlap closes the session
  return static_cast<PollingTransport&>(*transport_).begin_upload();
}

bool Session::can_upgrade() const {
  return state_ == State::kOpen && !upgraded_ && !probe_ && transport_->name() == "polling";
}

void Session::start_upgrade(std::shared_ptr<WebSocketTransport> probe) {
  probe_ = std::move(probe);
  probe_->set_listener(this);
  deadline().expires_after(options_.upgrade_timeout);
  deadline().async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self && self->probe_) self->abandon_upgrade();
  });
}

void Session::on_probe_packet(Packet packet) {
  if (packet.type == PacketType::kPing && packet.data == "probe") {
    OutPacket pong{PacketType::kPong, false, shared_text("probe")};
    probe_->send({&pong, 1});
    probe_answered_ = true;
    if (transport_->writable()) on_transport_writable(*transport_);
    return;
  }
  if (packet.type == PacketType::kUpgrade && state_ == State::kOpen) return finish_upgrade();
  abandon_upgrade();
}

void Session::abandon_upgrade() {
  cancel_upgrade();
  if (auto reason = std::exchange(close_after_upgrade_, std::nullopt)) close(*reason);
}

void Session::finish_upgrade() {
  cancel_deadline();
  transport_->discard();
  transport_ = std::move(probe_);
  probe_.reset();
  probe_answered_ = false;
  upgraded_ = true;
  flush();
  if (auto reason = std::exchange(close_after_upgrade_, std::nullopt)) close(*reason);
}

void Session::cancel_upgrade() {
  cancel_deadline();
  probe_answered_ = false;
  if (auto probe = std::move(probe_)) probe->discard();
}

void Session::close(std::string_view reason) {
  if (state_ == State::kClosing || state_ == State::kClosed || close_after_upgrade_) return;
  auto self = shared_from_this();
  if (probe_ && probe_answered_ && !transport_->writable()) {
    // The client answered the probe and paused polling: it is about to switch to the WebSocket,
    // and would never poll for a close packet. Close over the WebSocket once it has switched.
    close_after_upgrade_ = std::string(reason);
    heartbeat_.cancel();
    if (auto* listener = std::exchange(listener_, nullptr)) listener->on_close(reason);
    return;
  }
  state_ = State::kClosing;
  heartbeat_.cancel();
  cancel_upgrade();
  const bool owes_poll = transport_->name() == "polling" && !transport_->writable();
  transport_->close(std::move(write_buffer_));
  write_buffer_.clear();
  if (!owes_poll) return finish_close(reason);
  // The close packet waits for the client's next poll; keep the sid routable until then.
  state_ = State::kClosed;
  if (auto* listener = std::exchange(listener_, nullptr)) listener->on_close(reason);
  deadline().expires_after(std::min<std::chrono::milliseconds>(
      options_.ping_interval + options_.ping_timeout, std::chrono::seconds(30)));
  deadline().async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->finish_close("forced close");
  });
}

void Session::finish_close(std::string_view reason) {
  auto self = shared_from_this();
  const bool was_closed = state_ == State::kClosed;
  state_ = State::kClosed;
  heartbeat_.cancel();
  cancel_deadline();
  cancel_upgrade();
  if (!was_closed) transport_->close({});
  transport_->set_listener(nullptr);
  write_buffer_.clear();
  if (auto* listener = std::exchange(listener_, nullptr)) listener->on_close(reason);
  if (auto on_closed = std::move(on_closed_)) on_closed(id_);
}

}  // namespace sio::engine
