// UDP demultiplexing: see transport_demux.h.
#include "media/transport_demux.h"

#include <functional>

#include "media/stun_packet.h"
#include "media/webrtc_transport.h"

namespace media {

size_t EndpointHash::operator()(const boost::asio::ip::udp::endpoint& endpoint) const {
  const auto address = endpoint.address();
  size_t hash = std::hash<uint16_t>()(endpoint.port());
  if (address.is_v4()) return hash ^ (std::hash<uint32_t>()(address.to_v4().to_uint()) << 1);
  const auto bytes = address.to_v6().to_bytes();
  for (uint8_t byte : bytes) hash = hash * 31 + byte;
  return hash;
}

void TransportDemux::add_ufrag(const std::string& ufrag, WebRtcTransport* transport) {
  by_ufrag_[ufrag] = transport;
}

void TransportDemux::add_address(const Endpoint& from, WebRtcTransport* transport) {
  by_address_[from].transport = transport;
}

void TransportDemux::remove(WebRtcTransport* transport) {
  std::erase_if(by_ufrag_, [transport](const auto& entry) { return entry.second == transport; });
  std::erase_if(by_address_,
                [transport](const auto& entry) { return entry.second.transport == transport; });
}

void TransportDemux::receive(std::span<const uint8_t> data, const Endpoint& from,
                             std::chrono::steady_clock::time_point now) {
  if (StunPacket::looks_like_stun(data)) {
    auto packet = StunPacket::parse(data);
    if (!packet) return void(++dropped_);
    auto it = by_ufrag_.find(std::string(packet->local_ufrag()));
    if (it == by_ufrag_.end()) {
      // Not one of ours (or a transport that has closed).
      return void(++dropped_);
    }
    return it->second->receive_stun(*packet, from, now);
  }
  auto it = by_address_.find(from);
  if (it == by_address_.end()) return void(++dropped_);
  auto& route = it->second;
  if (now - route.window >= std::chrono::seconds(1) || now < route.window) {
    route.window = now;
    route.count = 0;
  }
  if (++route.count > kMaxPerSecond) return void(++dropped_);
  route.transport->receive_datagram(data, from, now);
}

}  // namespace media
