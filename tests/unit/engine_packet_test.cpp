// Unit tests for Engine.IO v4 packets and long-polling payloads (sio/engine/packet.h). The
// expected strings match the official engine.io-parser (encodePacket / encodePayload).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "packet_printers.h"
#include "sio/engine/packet.h"

namespace {

using sio::engine::decode_payload;
using sio::engine::decode_text_packet;
using sio::engine::encode_payload;
using sio::engine::encode_text_packet;
using sio::engine::Packet;
using sio::engine::PacketType;
using namespace std::string_literals;

Packet text(PacketType type, std::string data = "") {
  return Packet{type, std::move(data), false};
}
Packet binary(std::string bytes) {
  return Packet{PacketType::kMessage, std::move(bytes), true};
}

// --- single packets -------------------------------------------------------------------------

TEST(EnginePacketDecode, DecodesEachPacketType) {
  EXPECT_EQ(decode_text_packet(R"(0{"sid":"abc"})"), text(PacketType::kOpen, R"({"sid":"abc"})"));
  EXPECT_EQ(decode_text_packet("1"), text(PacketType::kClose));
  EXPECT_EQ(decode_text_packet("2"), text(PacketType::kPing));
  EXPECT_EQ(decode_text_packet("3"), text(PacketType::kPong));
  EXPECT_EQ(decode_text_packet("4hello"), text(PacketType::kMessage, "hello"));
  EXPECT_EQ(decode_text_packet("5"), text(PacketType::kUpgrade));
  EXPECT_EQ(decode_text_packet("6"), text(PacketType::kNoop));
}

TEST(EnginePacketDecode, KeepsProbeDataOfPingAndPong) {
  EXPECT_EQ(decode_text_packet("2probe"), text(PacketType::kPing, "probe"));
  EXPECT_EQ(decode_text_packet("3probe"), text(PacketType::kPong, "probe"));
}

TEST(EnginePacketDecode, KeepsMessageDataVerbatim) {
  std::string data = "\xc3\xa9\0\x1e\x7f b"s;
  EXPECT_EQ(decode_text_packet("4" + data), text(PacketType::kMessage, data));
}

TEST(EnginePacketDecode, DecodesBase64AsBinaryMessage) {
  EXPECT_EQ(decode_text_packet("bAQIDBA=="), binary("\x01\x02\x03\x04"));
}

TEST(EnginePacketDecode, DecodesEmptyBinaryMessage) {
  EXPECT_EQ(decode_text_packet("b"), binary(""));
}

TEST(EnginePacketDecode, RejectsEmptyText) {
  EXPECT_EQ(decode_text_packet(""), std::nullopt);
}

TEST(EnginePacketDecode, RejectsUnknownType) {
  EXPECT_EQ(decode_text_packet("7"), std::nullopt);
  EXPECT_EQ(decode_text_packet("9hello"), std::nullopt);
  EXPECT_EQ(decode_text_packet("/"), std::nullopt);
  EXPECT_EQ(decode_text_packet("B"), std::nullopt);
  EXPECT_EQ(decode_text_packet("message"), std::nullopt);
}

TEST(EnginePacketDecode, RejectsBinaryMessageWithInvalidBase64) {
  EXPECT_EQ(decode_text_packet("bAQIDBA"), std::nullopt);
  EXPECT_EQ(decode_text_packet("b!!!!"), std::nullopt);
  EXPECT_EQ(decode_text_packet("b===="), std::nullopt);
}

TEST(EnginePacketEncode, WritesTypeCharacterThenData) {
  EXPECT_EQ(encode_text_packet(text(PacketType::kOpen, R"({"sid":"x"})")), R"(0{"sid":"x"})");
  EXPECT_EQ(encode_text_packet(text(PacketType::kMessage, "hello")), "4hello");
  EXPECT_EQ(encode_text_packet(text(PacketType::kPing, "probe")), "2probe");
  EXPECT_EQ(encode_text_packet(text(PacketType::kNoop)), "6");
}

TEST(EnginePacketEncode, WritesBinaryMessageAsBase64) {
  EXPECT_EQ(encode_text_packet(binary("\x01\x02\x03\x04")), "bAQIDBA==");
  EXPECT_EQ(encode_text_packet(binary("")), "b");
}

TEST(EnginePacketEncode, AppendAddsToExistingText) {
  std::string out = "4a\x1e";
  sio::engine::append_text_packet(out, text(PacketType::kMessage, "b"));
  EXPECT_EQ(out,
            "4a\x1e"
            "4b");
}

// --- long-polling payloads ------------------------------------------------------------------

TEST(EnginePayloadDecode, SplitsRecordsOnRecordSeparator) {
  auto packets = decode_payload(
      "4hello\x1e"
      "bAQIDBA==\x1e"
      "2probe");
  std::vector<Packet> expected = {text(PacketType::kMessage, "hello"), binary("\x01\x02\x03\x04"),
                                  text(PacketType::kPing, "probe")};
  EXPECT_EQ(packets, expected);
}

TEST(EnginePayloadDecode, DecodesSingleRecord) {
  EXPECT_EQ(decode_payload("4hello"), std::vector<Packet>{text(PacketType::kMessage, "hello")});
}

TEST(EnginePayloadDecode, RejectsEmptyBody) {
  EXPECT_EQ(decode_payload(""), std::nullopt);
}

TEST(EnginePayloadDecode, RejectsEmptyRecord) {
  EXPECT_EQ(decode_payload("4a\x1e\x1e"
                           "4b"),
            std::nullopt);
  EXPECT_EQ(decode_payload("4a\x1e"), std::nullopt);
  EXPECT_EQ(decode_payload("\x1e"
                           "4a"),
            std::nullopt);
}

TEST(EnginePayloadDecode, RejectsWholeBodyWhenAnyRecordIsInvalid) {
  EXPECT_EQ(decode_payload("4a\x1e"
                           "9\x1e"
                           "4b"),
            std::nullopt);
  EXPECT_EQ(decode_payload("4a\x1e"
                           "b!"),
            std::nullopt);
}

TEST(EnginePayloadEncode, JoinsRecordsWithRecordSeparator) {
  std::vector<Packet> packets = {text(PacketType::kMessage, "hello"), binary("\x01\x02\x03\x04"),
                                 text(PacketType::kPing), text(PacketType::kNoop)};
  EXPECT_EQ(encode_payload(packets),
            "4hello\x1e"
            "bAQIDBA==\x1e"
            "2\x1e"
            "6");
}

TEST(EnginePayloadEncode, WritesSinglePacketWithoutSeparator) {
  std::vector<Packet> packets = {text(PacketType::kClose)};
  EXPECT_EQ(encode_payload(packets), "1");
}

TEST(EnginePayloadEncode, WritesNoPacketsAsEmptyBody) {
  EXPECT_EQ(encode_payload(std::vector<Packet>{}), "");
}

}  // namespace
