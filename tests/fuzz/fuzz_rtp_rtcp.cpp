// libFuzzer target for the RTP and RTCP parsers and the RTP rewrite: the first byte picks how
// the rest is read. Parsed RTP is rewritten with new header fields and must parse again with
// the same payload; parsed RTCP items are written back out and must parse again.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "media/rtcp_packet.h"
#include "media/rtp_packet.h"
#include "media/vp8.h"

namespace {

void check_rtp(std::span<const uint8_t> bytes) {
  auto packet = media::RtpPacket::parse(bytes);
  if (!packet) return;
  media::vp8_starts_key_frame(packet->payload());
  for (uint8_t id = 1; id < 15; ++id) (void)packet->extension(id);
  auto out = packet->rewrite({1234, 100, 7, 9, {{1, {'m', 'i', 'd'}}}});
  auto again = media::RtpPacket::parse(out);
  if (!again || again->payload().size() != packet->payload().size() ||
      (packet->payload().size() &&
       std::memcmp(again->payload().data(), packet->payload().data(), packet->payload().size())))
    __builtin_trap();
}

void check_rtcp(std::span<const uint8_t> bytes) {
  auto items = media::rtcp::parse_compound(bytes);
  if (!items) return;
  std::vector<uint8_t> out;
  for (const auto& item : *items) {
    if (auto* sr = std::get_if<media::rtcp::SenderReport>(&item)) {
      if (sr->reports.size() < 32) media::rtcp::append_sender_report(out, *sr);
    } else if (auto* rr = std::get_if<media::rtcp::ReceiverReport>(&item)) {
      if (rr->reports.size() < 32) media::rtcp::append_receiver_report(out, *rr);
    } else if (auto* pli = std::get_if<media::rtcp::Pli>(&item)) {
      media::rtcp::append_pli(out, *pli);
    } else if (auto* nack = std::get_if<media::rtcp::Nack>(&item)) {
      if (nack->lost.size() < 1000) media::rtcp::append_nack(out, *nack);
    }
  }
  if (!out.empty() && !media::rtcp::parse_compound(out)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  if (media::RtpPacket::is_rtcp(bytes))
    check_rtcp(bytes);
  else
    check_rtp(bytes);
  return 0;
}
