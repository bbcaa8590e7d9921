// The demultiplexer behind the one UDP port every transport shares. A STUN message is routed
// by the ufrag at the start of its USERNAME; a transport then registers each remote address
// that passed an ICE check, and every other datagram (DTLS, SRTP, SRTCP) is routed by its
// source address. Datagrams from unknown addresses are dropped and counted, so junk or a flood
// from one address costs a hash lookup and never reaches another transport. A known address is
// also held to `kMaxPerSecond` datagrams a second (far above any camera or screen share), so a
// peer that floods costs little more than a hash lookup per excess datagram.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

namespace media {

class WebRtcTransport;

// Where transports write datagrams (the UDP socket, or a test's capture).
class DatagramSender {
 public:
  virtual ~DatagramSender() = default;
  virtual void send_datagram(const boost::asio::ip::udp::endpoint& to,
                             std::span<const uint8_t> data) = 0;
};

struct EndpointHash {
  size_t operator()(const boost::asio::ip::udp::endpoint& endpoint) const;
};

class TransportDemux {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;

  void add_ufrag(const std::string& ufrag, WebRtcTransport* transport);
  void add_address(const Endpoint& from, WebRtcTransport* transport);
  // Forgets everything that leads to `transport`.
  void remove(WebRtcTransport* transport);

  void receive(std::span<const uint8_t> data, const Endpoint& from,
               std::chrono::steady_clock::time_point now);

  static constexpr uint32_t kMaxPerSecond = 20000;

  uint64_t dropped() const { return dropped_; }
  size_t transports() const { return by_ufrag_.size(); }

 private:
  std::unordered_map<std::string, WebRtcTransport*> by_ufrag_;
  struct Route {
    WebRtcTransport* transport = nullptr;
    std::chrono::steady_clock::time_point window{};
    uint32_t count = 0;  // datagrams in the current one-second window
  };
  std::unordered_map<Endpoint, Route, EndpointHash> by_address_;
  uint64_t dropped_ = 0;
};

}  // namespace media
