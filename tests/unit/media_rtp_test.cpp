// RTP and RTCP codecs: header fields and extensions (one-byte and two-byte) survive a build
// and parse, rewrite() changes exactly SSRC, payload type, sequence number, timestamp and
// extensions, malformed packets are refused, and every RTCP message the SFU uses round-trips
// through a compound packet, NACK bitmasks included. Also the VP8 key frame test.
#include <gtest/gtest.h>

#include "media/rtcp_packet.h"
#include "media/rtp_packet.h"
#include "media/vp8.h"

namespace {

using media::RtpPacket;
namespace rtcp = media::rtcp;

std::vector<uint8_t> sample(bool two_byte = false) {
  RtpPacket::Rewrite header;
  header.ssrc = 0x11223344;
  header.payload_type = 111;
  header.sequence = 65535;
  header.timestamp = 0xFFFFFFF0;
  header.extensions.push_back({1, {'a', 'u', 'd', 'i', 'o'}});
  header.extensions.push_back({3, std::vector<uint8_t>(two_byte ? 20 : 3, 0xAB)});
  const std::vector<uint8_t> payload{1, 2, 3, 4, 5, 6, 7};
  return RtpPacket::build(header, true, payload);
}

TEST(MediaRtp, BuildAndParseRoundTrip) {
  for (bool two_byte : {false, true}) {
    auto bytes = sample(two_byte);
    auto packet = RtpPacket::parse(bytes);
    ASSERT_TRUE(packet);
    EXPECT_TRUE(packet->marker());
    EXPECT_EQ(packet->payload_type(), 111);
    EXPECT_EQ(packet->sequence(), 65535);
    EXPECT_EQ(packet->timestamp(), 0xFFFFFFF0u);
    EXPECT_EQ(packet->ssrc(), 0x11223344u);
    auto mid = packet->extension(1);
    ASSERT_TRUE(mid);
    EXPECT_EQ(std::string(mid->begin(), mid->end()), "audio");
    ASSERT_TRUE(packet->extension(3));
    EXPECT_EQ(packet->extension(3)->size(), two_byte ? 20u : 3u);
    EXPECT_FALSE(packet->extension(2));
    EXPECT_EQ(std::vector<uint8_t>(packet->payload().begin(), packet->payload().end()),
              (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7}));
  }
}

TEST(MediaRtp, RewriteChangesOnlyTheHeader) {
  auto bytes = sample();
  auto packet = RtpPacket::parse(bytes);
  RtpPacket::Rewrite header{0xCAFEBABE, 100, 7, 90000, {{4, {'1'}}}};
  auto out = packet->rewrite(header);
  auto rewritten = RtpPacket::parse(out);
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(rewritten->ssrc(), 0xCAFEBABEu);
  EXPECT_EQ(rewritten->payload_type(), 100);
  EXPECT_EQ(rewritten->sequence(), 7);
  EXPECT_EQ(rewritten->timestamp(), 90000u);
  EXPECT_TRUE(rewritten->marker());
  EXPECT_FALSE(rewritten->extension(1));
  ASSERT_TRUE(rewritten->extension(4));
  EXPECT_EQ((*rewritten->extension(4))[0], '1');
  EXPECT_TRUE(std::equal(rewritten->payload().begin(), rewritten->payload().end(),
                         packet->payload().begin(), packet->payload().end()));
}

TEST(MediaRtp, PaddingIsSeparatedFromThePayload) {
  auto bytes = RtpPacket::build({1, 96, 1, 1, {}}, false, std::vector<uint8_t>{9, 9});
  bytes[0] |= 0x20;
  bytes.insert(bytes.end(), {0, 0, 3});
  auto packet = RtpPacket::parse(bytes);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->padding(), 3u);
  EXPECT_EQ(packet->payload().size(), 2u);
  bytes.back() = 200;  // more padding than the packet has
  EXPECT_FALSE(RtpPacket::parse(bytes));
}

TEST(MediaRtp, MalformedPacketsAreRefused) {
  auto bytes = sample();
  for (size_t size = 0; size < 24; ++size)
    EXPECT_FALSE(RtpPacket::parse(std::span(bytes.data(), size))) << size;
  auto version = bytes;
  version[0] = 0x40 | (version[0] & 0x3F);
  EXPECT_FALSE(RtpPacket::parse(version));
  auto csrcs = bytes;
  csrcs[0] |= 0x0F;  // 15 CSRCs announced, not there
  EXPECT_FALSE(RtpPacket::parse(csrcs));
  auto extension = bytes;
  extension[15] = 0xFF;  // extension block longer than the packet
  EXPECT_FALSE(RtpPacket::parse(extension));
}

TEST(MediaRtp, SequenceOrderWraps) {
  EXPECT_TRUE(media::seq_newer(1, 65535));
  EXPECT_FALSE(media::seq_newer(65535, 1));
  EXPECT_FALSE(media::seq_newer(5, 5));
}

TEST(MediaRtcp, CompoundRoundTrip) {
  std::vector<uint8_t> out;
  rtcp::SenderReport sr{0xAAAA, 0x0102030405060708ull, 1234, 10, 1000, {}};
  sr.reports.push_back({0xBBBB, 25, -3, 70000, 12, 0x11112222, 655});
  rtcp::append_sender_report(out, sr);
  rtcp::append_sdes_cname(out, 0xAAAA, "cname-1");
  rtcp::append_receiver_report(out, {0xCCCC, {{0xDDDD, 0, 5, 9, 0, 0, 0}}});
  rtcp::append_pli(out, {1, 0xEEEE});
  rtcp::append_fir(out, {2, {{0xFFFF, 7}}});
  rtcp::append_nack(out, {3, 0x1234, {100, 101, 105, 116, 117, 200}});
  rtcp::append_bye(out, {{0xAAAA}});
  ASSERT_TRUE(RtpPacket::is_rtcp(out));
  auto items = rtcp::parse_compound(out);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 7u);
  const auto& parsed_sr = std::get<rtcp::SenderReport>((*items)[0]);
  EXPECT_EQ(parsed_sr.ssrc, 0xAAAAu);
  EXPECT_EQ(parsed_sr.ntp_time, 0x0102030405060708ull);
  EXPECT_EQ(parsed_sr.rtp_timestamp, 1234u);
  ASSERT_EQ(parsed_sr.reports.size(), 1u);
  EXPECT_EQ(parsed_sr.reports[0].cumulative_lost, -3);
  EXPECT_EQ(parsed_sr.reports[0].highest_sequence, 70000u);
  EXPECT_EQ(parsed_sr.reports[0].delay_since_last_sr, 655u);
  EXPECT_TRUE(std::holds_alternative<rtcp::Other>((*items)[1]));
  EXPECT_EQ(std::get<rtcp::ReceiverReport>((*items)[2]).reports[0].cumulative_lost, 5);
  EXPECT_EQ(std::get<rtcp::Pli>((*items)[3]).media_ssrc, 0xEEEEu);
  EXPECT_EQ(std::get<rtcp::Fir>((*items)[4]).entries[0].ssrc, 0xFFFFu);
  EXPECT_EQ(std::get<rtcp::Fir>((*items)[4]).entries[0].sequence, 7);
  const auto& nack = std::get<rtcp::Nack>((*items)[5]);
  EXPECT_EQ(nack.media_ssrc, 0x1234u);
  EXPECT_EQ(nack.lost, (std::vector<uint16_t>{100, 101, 105, 116, 117, 200}));
  EXPECT_EQ(std::get<rtcp::Bye>((*items)[6]).ssrcs, (std::vector<uint32_t>{0xAAAA}));
}

TEST(MediaRtcp, MalformedCompoundsAreRefused) {
  std::vector<uint8_t> out;
  rtcp::append_receiver_report(out, {1, {{2, 0, 0, 0, 0, 0, 0}}});
  for (size_t size = 1; size < out.size(); ++size)
    EXPECT_FALSE(rtcp::parse_compound(std::span(out.data(), size))) << size;
  auto count = out;
  count[0] = 0x80 | 5;  // five report blocks announced, one present
  EXPECT_FALSE(rtcp::parse_compound(count));
  EXPECT_FALSE(rtcp::parse_compound({}));
}

TEST(MediaVp8, KeyFrameStart) {
  // S=1, PID=0, no extension; VP8 header P bit 0 => key frame.
  EXPECT_TRUE(media::vp8_starts_key_frame(std::vector<uint8_t>{0x10, 0x00, 0x9d}));
  EXPECT_FALSE(media::vp8_starts_key_frame(std::vector<uint8_t>{0x10, 0x01, 0x9d}));
  // Continuation packet (S=0).
  EXPECT_FALSE(media::vp8_starts_key_frame(std::vector<uint8_t>{0x00, 0x00}));
  // X=1 with I (15-bit picture id), then key frame header.
  EXPECT_TRUE(media::vp8_starts_key_frame(std::vector<uint8_t>{0x90, 0x80, 0x81, 0x23, 0x00}));
  EXPECT_FALSE(media::vp8_starts_key_frame(std::vector<uint8_t>{0x90, 0x80, 0x81}));
}

}  // namespace
