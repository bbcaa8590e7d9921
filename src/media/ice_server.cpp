// ICE-lite answers: see ice_server.h.
#include "media/ice_server.h"

#include <openssl/rand.h>

#include <algorithm>

namespace media {

std::string random_ice_string(size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<uint8_t> bytes(length);
  RAND_bytes(bytes.data(), int(bytes.size()));
  std::string out;
  for (uint8_t byte : bytes) out.push_back(kAlphabet[byte % 64]);
  return out;
}

IceServer::IceServer(Listener& listener, std::string ufrag, std::string password)
    : listener_(listener), ufrag_(std::move(ufrag)), password_(std::move(password)) {}

bool IceServer::knows(const Endpoint& from) const {
  return std::find(tuples_.begin(), tuples_.end(), from) != tuples_.end();
}

void IceServer::receive(const StunPacket& packet, const Endpoint& from, Clock::time_point now) {
  if (packet.method() != StunPacket::kBinding) return;
  // Indications (keepalives) need no answer; responses are not expected by a lite agent.
  if (packet.message_class() != StunPacket::Class::request) return;
  if (!packet.has_fingerprint() || !packet.check_fingerprint()) return;
  if (!packet.has_integrity() || packet.username().empty())
    return listener_.ice_send(from, StunPacket::binding_error(packet, 400, "Bad Request"));
  if (packet.local_ufrag() != ufrag_ || !packet.check_integrity(password_))
    return listener_.ice_send(from, StunPacket::binding_error(packet, 401, "Unauthorized"));
  // The browser must be the controlling agent against a lite one.
  if (!packet.ice_controlling() || !packet.priority())
    return listener_.ice_send(from, StunPacket::binding_error(packet, 400, "Bad Request"));

  if (!knows(from)) {
    if (tuples_.size() >= 8) tuples_.erase(tuples_.begin());
    tuples_.push_back(from);
    listener_.ice_tuple_added(from);
  }
  if (selected_ == from) last_consent_ = now;
  bool changed = false;
  if (packet.use_candidate() || !selected_) {
    changed = selected_ != from;
    selected_ = from;
    last_consent_ = now;
  }
  listener_.ice_send(from, StunPacket::binding_success(packet, from, password_));
  if (changed) listener_.ice_selected(from);
}

bool IceServer::consent_expired(Clock::time_point now, std::chrono::milliseconds timeout) const {
  return selected_ && now - last_consent_ > timeout;
}

}  // namespace media
