// libFuzzer target for the STUN codec and the ICE-lite checks behind the SFU's UDP port: any
// bytes must parse or be refused without a crash; a parsed message's integrity and fingerprint
// checks run, and an IceServer handles it (answers are re-parsed, so what we write is valid).
#include <cstddef>
#include <cstdint>

#include "media/ice_server.h"
#include "media/stun_packet.h"

namespace {

struct Sink : media::IceServer::Listener {
  void ice_send(const boost::asio::ip::udp::endpoint&, std::vector<uint8_t> datagram) override {
    auto parsed = media::StunPacket::parse(datagram);
    if (!parsed || !parsed->check_fingerprint()) __builtin_trap();
  }
  void ice_selected(const boost::asio::ip::udp::endpoint&) override {}
  void ice_tuple_added(const boost::asio::ip::udp::endpoint&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  auto packet = media::StunPacket::parse(bytes);
  if (!packet) return 0;
  packet->check_integrity("password");
  packet->check_fingerprint();
  (void)packet->local_ufrag();
  Sink sink;
  media::IceServer ice(sink, "ufrag", "password");
  ice.receive(*packet, {boost::asio::ip::make_address("127.0.0.1"), 9}, {});
  return 0;
}
