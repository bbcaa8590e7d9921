// The server side of RFC 6455 framing: what FrameReader accepts from clients, what it refuses
// (with the close code a server sends) and how it reassembles fragmented messages.
#include "sio/engine/websocket_frame.h"

#include <gtest/gtest.h>

namespace sio::engine::websocket {
namespace {

// A client frame: masked with a fixed key, as browsers and `ws` send them.
std::string client_frame(uint8_t first_byte, std::string_view payload, bool masked = true) {
  std::string frame;
  frame += char(first_byte);
  const uint8_t mask_bit = masked ? 0x80 : 0;
  if (payload.size() < 126) {
    frame += char(mask_bit | payload.size());
  } else if (payload.size() <= 0xFFFF) {
    frame += char(mask_bit | 126);
    frame += char(payload.size() >> 8);
    frame += char(payload.size() & 0xFF);
  } else {
    frame += char(mask_bit | 127);
    for (int i = 7; i >= 0; --i) frame += char((uint64_t(payload.size()) >> (8 * i)) & 0xFF);
  }
  const uint8_t key[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) frame.append(reinterpret_cast<const char*>(key), 4);
  for (size_t i = 0; i < payload.size(); ++i)
    frame += masked ? char(uint8_t(payload[i]) ^ key[i & 3]) : payload[i];
  return frame;
}

constexpr uint8_t kFin = 0x80;

TEST(FrameReader, ReadsAMaskedTextFrame) {
  FrameReader reader(1000);
  std::vector<Message> out;
  auto frame = client_frame(kFin | 0x1, "4hello");
  EXPECT_EQ(reader.consume(frame, out), frame.size());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].opcode, Opcode::kText);
  EXPECT_EQ(out[0].payload, "4hello");
}

TEST(FrameReader, WaitsForTheRestOfAPartialFrame) {
  FrameReader reader(1000);
  std::vector<Message> out;
  auto frame = client_frame(kFin | 0x2, std::string(300, 'x'));
  EXPECT_EQ(reader.consume(std::string_view(frame).substr(0, 3), out), 0u);
  EXPECT_EQ(reader.consume(std::string_view(frame).substr(0, 100), out), 0u);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(reader.consume(frame, out), frame.size());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload.size(), 300u);
}

TEST(FrameReader, ReadsSeveralFramesFromOneChunk) {
  FrameReader reader(1 << 20);
  std::vector<Message> out;
  auto bytes = client_frame(kFin | 0x1, "a") + client_frame(kFin | 0x2, std::string(70000, 'b')) +
               client_frame(kFin | 0x9, "ping!");
  EXPECT_EQ(reader.consume(bytes, out), bytes.size());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].payload.size(), 70000u);
  EXPECT_EQ(out[2].opcode, Opcode::kPing);
}

TEST(FrameReader, ReassemblesFragmentsWithInterleavedControlFrames) {
  FrameReader reader(1000);
  std::vector<Message> out;
  auto bytes = client_frame(0x1, "4hel") + client_frame(kFin | 0x9, "") + client_frame(0x0, "lo") +
               client_frame(kFin | 0x0, " world");
  EXPECT_EQ(reader.consume(bytes, out), bytes.size());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].opcode, Opcode::kPing);
  EXPECT_EQ(out[1].opcode, Opcode::kText);
  EXPECT_EQ(out[1].payload, "4hello world");
}

struct Violation {
  const char* name;
  std::string bytes;
  uint16_t close_code;
};

class FrameReaderViolation : public testing::TestWithParam<Violation> {};

TEST_P(FrameReaderViolation, IsRefusedWithTheRightCloseCode) {
  FrameReader reader(100);
  std::vector<Message> out;
  reader.consume(GetParam().bytes, out);
  EXPECT_EQ(reader.error(), GetParam().close_code);
  EXPECT_TRUE(out.empty());
}

INSTANTIATE_TEST_SUITE_P(
    ClientMistakes, FrameReaderViolation,
    testing::Values(
        Violation{"unmasked", client_frame(kFin | 0x1, "hi", false), kProtocolError},
        Violation{"reserved_bit", client_frame(kFin | 0x40 | 0x1, "hi"), kProtocolError},
        Violation{"unknown_opcode", client_frame(kFin | 0x3, "hi"), kProtocolError},
        Violation{"fragmented_ping", client_frame(0x9, "hi"), kProtocolError},
        Violation{"long_control_frame", client_frame(kFin | 0x9, std::string(126, 'p')),
                  kProtocolError},
        Violation{"lone_continuation", client_frame(kFin | 0x0, "hi"), kProtocolError},
        Violation{"new_message_inside_fragmented_one",
                  client_frame(0x1, "a") + client_frame(kFin | 0x1, "b"), kProtocolError},
        Violation{"close_with_one_byte", client_frame(kFin | 0x8, "x"), kProtocolError},
        Violation{"too_big", client_frame(kFin | 0x2, std::string(101, 'x')), kMessageTooBig},
        Violation{"too_big_when_reassembled",
                  client_frame(0x2, std::string(60, 'x')) +
                      client_frame(kFin | 0x0, std::string(60, 'x')),
                  kMessageTooBig},
        Violation{"invalid_utf8_text", client_frame(kFin | 0x1, "\xC3\x28"), kInvalidPayload}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(FrameReader, RefusesAnOversizedFrameFromItsHeaderAlone) {
  FrameReader reader(1000);
  std::vector<Message> out;
  std::string header = "\x82\xFF";  // FIN binary, masked, 64-bit length follows
  header += std::string("\x00\x00\x00\x01\x00\x00\x00\x00", 8);
  reader.consume(header, out);
  EXPECT_EQ(reader.error(), kMessageTooBig);
}

TEST(FrameHeader, UsesTheShortestLengthEncoding) {
  std::string small, medium, large;
  append_frame_header(small, Opcode::kText, 125);
  append_frame_header(medium, Opcode::kText, 126);
  append_frame_header(large, Opcode::kBinary, 65536);
  EXPECT_EQ(small, std::string("\x81\x7D"));
  EXPECT_EQ(medium, std::string("\x81\x7E\x00\x7E", 4));
  EXPECT_EQ(large, std::string("\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10));
}

TEST(FrameHeader, CloseFrameCarriesItsCode) {
  EXPECT_EQ(close_frame(kMessageTooBig), std::string("\x88\x02\x03\xF1", 4));
}

TEST(Utf8, AcceptsWellFormedAndRefusesMalformed) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("é€😀"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace sio::engine::websocket
