#include "sio/client.h"

#include <boost/url/parse.hpp>

#include "sio/namespace.h"
#include "sio/server.h"

namespace sio {

Client::Client(Server& server, std::shared_ptr<engine::Session> session)
    : server_(server), session_(std::move(session)), connect_timer_(server.executor()) {}

Client::~Client() {
  if (session_) session_->set_listener(nullptr);
}

void Client::start() {
  session_->set_listener(this);
  connect_timer_.expires_after(server_.options().connect_timeout);
  connect_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!ec && self && self->sockets_.empty() && self->connecting_.empty()) self->close();
  });
}

Handshake Client::make_handshake(boost::json::object auth) const {
  Handshake handshake;
  handshake.auth = std::move(auth);
  handshake.request = session_->handshake();
  handshake.address = handshake.request->remote.address().to_string();
  return handshake;
}

void Client::on_message(std::string data, bool binary) {
  auto self = shared_from_this();
  auto status = binary ? decoder_.add_binary(std::move(data)) : decoder_.add_text(data);
  if (status == protocol::Decoder::Status::kInvalid) return fail("parse error");
  if (status == protocol::Decoder::Status::kComplete) on_packet(decoder_.take());
}

void Client::on_packet(protocol::Packet packet) {
  if (packet.type == protocol::PacketType::kConnect) {
    boost::json::object auth;
    if (packet.data) auth = std::move(packet.data->as_object());
    return connect(packet.nsp, std::move(auth));
  }
  auto it = sockets_.find(packet.nsp);
  if (it == sockets_.end()) return;  // not connected to that namespace: ignored
  auto socket = it->second;
  socket->on_packet(std::move(packet));
}

void Client::connect(const std::string& name, boost::json::object auth) {
  if (sockets_.count(name) || connecting_.count(name)) return;
  Namespace* nsp = server_.resolve(name);
  if (!nsp) {
    protocol::Packet refusal{protocol::PacketType::kConnectError,
                             name,
                             std::nullopt,
                             boost::json::object{{"message", "Invalid namespace"}},
                             {}};
    return write(refusal);
  }
  connecting_.insert(name);
  nsp->add(shared_from_this(), std::move(auth),
           [weak = weak_from_this(), name](std::shared_ptr<Socket> socket,
                                           std::optional<ConnectError> error) {
             auto self = weak.lock();
             if (!self || self->closed_) return false;
             self->connecting_.erase(name);
             if (error) {
               boost::json::object data{{"message", error->message}};
               if (error->data) data["data"] = *error->data;
               self->write(
                   {protocol::PacketType::kConnectError, name, std::nullopt, std::move(data), {}});
               return false;
             }
             self->sockets_.emplace(name, std::move(socket));
             self->connect_timer_.cancel();  // connected: the timeout no longer applies
             return true;
           });
}

void Client::write(const protocol::Packet& packet) {
  if (closed_) return;
  auto text = std::make_shared<std::string>();
  protocol::append_encoded(*text, packet);
  session_->send_message(std::move(text));
  for (const auto& attachment : packet.attachments)
    session_->send_message(std::make_shared<const std::string>(attachment), true);
}

void Client::write_encoded(const EncodedPacket& encoded) {
  if (closed_) return;
  session_->send_message(encoded.text);
  for (const auto& attachment : encoded.attachments) session_->send_message(attachment, true);
}

void Client::remove(const Socket& socket) {
  auto it = sockets_.find(socket.nsp().name());
  if (it != sockets_.end() && it->second.get() == &socket) sockets_.erase(it);
}

void Client::close() {
  if (closed_) return;
  session_->close("forced close");
  on_close("forced close");
}

void Client::disconnect_all() {
  auto sockets = sockets_;
  for (auto& [name, socket] : sockets) socket->disconnect(false);
  close();
}

void Client::fail(std::string_view reason) {
  session_->close(reason);
  on_close(reason);
}

void Client::on_close(std::string_view reason) {
  if (closed_) return;
  auto self = shared_from_this();
  closed_ = true;
  connect_timer_.cancel();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& [name, socket] : sockets) socket->on_close(reason);
  session_->set_listener(nullptr);
  server_.remove_client(id());
}

}  // namespace sio
