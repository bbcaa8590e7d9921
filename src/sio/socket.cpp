#include "sio/socket.h"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>

#include "sio/client.h"
#include "sio/engine/server.h"
#include "sio/namespace.h"
#include "sio/protocol/json_writer.h"
#include "sio/server.h"

namespace sio {

std::string Handshake::query(std::string_view key) const {
  auto parsed = boost::urls::parse_origin_form(request->url);
  if (!parsed) return {};
  for (auto param : parsed->params())
    if (param.key == key) return param.value;
  return {};
}

Event::Event(std::string name, boost::json::array args, Attachments attachments,
             std::weak_ptr<Socket> socket, std::optional<uint64_t> ack_id)
    : name_(std::move(name)),
      args_(std::move(args)),
      attachments_(std::move(attachments)),
      socket_(std::move(socket)),
      ack_id_(ack_id) {}

const boost::json::value& Event::payload() const {
  static const boost::json::value null;
  return args_.empty() ? null : args_.front();
}

void Event::ack(boost::json::array args, Attachments attachments) {
  auto id = std::exchange(ack_id_, std::nullopt);
  if (!id) return;
  if (auto socket = socket_.lock()) socket->send_ack(*id, std::move(args), std::move(attachments));
}

void Event::ack_value(boost::json::value payload) {
  boost::json::array args;
  args.push_back(std::move(payload));
  ack(std::move(args));
}

Socket::Socket(Namespace& nsp, std::shared_ptr<Client> client, Handshake handshake)
    : nsp_(nsp),
      client_(std::move(client)),
      id_(engine::generate_id()),
      handshake_(std::move(handshake)) {}

Socket::~Socket() = default;

const std::map<std::string, std::string>& Socket::params() const {
  return nsp_.params();
}

std::string_view Socket::transport() const {
  return client_->session().transport_name();
}

void Socket::on(std::string event, EventHandler handler) {
  handlers_[std::move(event)] = std::move(handler);
}

void Socket::on_any(EventHandler handler) {
  any_handlers_.push_back(std::move(handler));
}

void Socket::on_disconnect(DisconnectHandler handler) {
  disconnect_handlers_.push_back(std::move(handler));
}

void Socket::emit(std::string_view event, boost::json::value payload) {
  boost::json::array args;
  args.push_back(std::move(payload));
  emit_args(event, std::move(args));
}

void Socket::emit_args(std::string_view event, boost::json::array args, Attachments attachments) {
  auto packet = make_event(nsp_.name(), event, std::move(args), std::move(attachments));
  if (!recovery_enabled()) return send_packet(std::move(packet));
  // Through the adapter, so that the event gets an offset and is replayed after a drop.
  if (!connected_) return;
  BroadcastOptions only_this;
  only_this.rooms.insert(id_);
  only_this.local = true;
  nsp_.adapter().broadcast(packet, only_this);
}

bool Socket::recovery_enabled() const {
  return nsp_.server().options().recovery.has_value();
}

void Socket::emit_with_ack(std::string_view event, boost::json::array args, AckCallback callback,
                           std::chrono::milliseconds timeout, Attachments attachments) {
  if (!connected_) return callback(std::nullopt);
  const uint64_t id = next_ack_id_++;
  auto packet = make_event(nsp_.name(), event, std::move(args), std::move(attachments));
  packet.id = id;
  auto timer = std::make_unique<boost::asio::steady_timer>(client_->session().executor(), timeout);
  timer->async_wait([weak = weak_from_this(), id](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    auto it = self->pending_acks_.find(id);
    if (it == self->pending_acks_.end()) return;
    auto callback = std::move(it->second.callback);
    self->pending_acks_.erase(it);
    callback(std::nullopt);
  });
  pending_acks_.emplace(id, PendingAck{std::move(callback), std::move(timer)});
  send_packet(std::move(packet));
}

void Socket::send_ack(uint64_t id, boost::json::array args, Attachments attachments) {
  protocol::Packet packet;
  packet.type = protocol::PacketType::kAck;
  packet.nsp = nsp_.name();
  packet.id = id;
  packet.data = std::move(args);
  packet.attachments = std::move(attachments);
  protocol::normalize_attachments(packet);
  send_packet(std::move(packet));
}

void Socket::send_packet(protocol::Packet packet) {
  if (connected_) client_->write(packet);
}

void Socket::write_encoded(const EncodedPacket& encoded) {
  if (connected_) client_->write_encoded(encoded);
}

void Socket::join(Room room) {
  nsp_.adapter().add_all(id_, Rooms{std::move(room)});
}

void Socket::leave(const Room& room) {
  nsp_.adapter().del(id_, room);
}

Rooms Socket::rooms() const {
  return nsp_.adapter().socket_rooms(id_);
}

BroadcastOperator Socket::to(Room room) {
  return BroadcastOperator(nsp_.adapter(), nsp_.name(), Rooms{id_}).to(std::move(room));
}

BroadcastOperator Socket::broadcast() {
  return BroadcastOperator(nsp_.adapter(), nsp_.name(), Rooms{id_});
}

void Socket::restore(RestoredSession restored) {
  id_ = std::move(restored.session.sid);
  pid_ = std::move(restored.session.pid);
  data_ = std::move(restored.session.data);
  restored_rooms_ = std::move(restored.session.rooms);
  missed_ = std::move(restored.missed);
  recovered_ = true;
}

void Socket::on_connected() {
  connected_ = true;
  join(id_);
  if (!restored_rooms_.empty()) nsp_.adapter().add_all(id_, std::exchange(restored_rooms_, {}));
  protocol::Packet packet;
  packet.type = protocol::PacketType::kConnect;
  packet.nsp = nsp_.name();
  boost::json::object data{{"sid", id_}};
  if (recovery_enabled()) {
    if (pid_.empty()) pid_ = engine::generate_id();
    data["pid"] = pid_;
  }
  packet.data = std::move(data);
  client_->write(packet);
  for (const auto& missed : std::exchange(missed_, {})) client_->write_encoded(missed);
}

void Socket::on_packet(protocol::Packet packet) {
  using protocol::PacketType;
  switch (packet.type) {
    case PacketType::kEvent:
    case PacketType::kBinaryEvent:
      return dispatch(std::move(packet));
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      return on_ack(std::move(packet));
    case PacketType::kDisconnect:
      return on_close("client namespace disconnect");
    default:
      return;
  }
}

void Socket::dispatch(protocol::Packet packet) {
  auto& args = packet.data->as_array();
  std::string name;
  if (args.front().is_string()) {
    name = std::string(args.front().get_string());
  } else {
    name = protocol::to_json(args.front());
  }
  args.erase(args.begin());
  Event event(std::move(name), std::move(args), std::move(packet.attachments), weak_from_this(),
              packet.id);
  auto self = shared_from_this();
  for (size_t i = 0; i < any_handlers_.size() && connected_; ++i) any_handlers_[i](self, event);
  if (!connected_) return;
  auto it = handlers_.find(event.name());
  if (it != handlers_.end()) {
    auto handler = it->second;  // the handler may replace itself
    handler(self, event);
  }
}

void Socket::on_ack(protocol::Packet packet) {
  if (!packet.id) return;
  auto it = pending_acks_.find(*packet.id);
  if (it == pending_acks_.end()) return;  // unknown or expired ack id: ignored
  auto callback = std::move(it->second.callback);
  pending_acks_.erase(it);
  callback(AckResponse{std::move(packet.data->as_array()), std::move(packet.attachments)});
}

void Socket::disconnect(bool close_connection) {
  if (!connected_) return;
  if (close_connection) return client_->disconnect_all();
  protocol::Packet packet;
  packet.type = protocol::PacketType::kDisconnect;
  packet.nsp = nsp_.name();
  client_->write(packet);
  on_close("server namespace disconnect");
}

void Socket::close_connection() {
  client_->close();
}

void Socket::on_close(std::string_view reason) {
  if (!connected_) return;
  auto self = shared_from_this();
  connected_ = false;
  if (recovery_enabled() && is_recoverable_reason(reason))
    nsp_.adapter().persist_session({id_, pid_, rooms(), data_});
  nsp_.adapter().del_all(id_);
  auto acks = std::move(pending_acks_);
  pending_acks_.clear();
  client_->remove(*this);
  auto handlers = std::move(disconnect_handlers_);
  for (auto& handler : handlers) handler(self, reason);
  for (auto& [id, ack] : acks) ack.callback(std::nullopt);
  handlers_.clear();
  any_handlers_.clear();
  nsp_.remove(*this);
}

}  // namespace sio
