// Unit tests for Socket.IO v5 packets (sio/protocol/packet.h): the text encoding, decode_text
// and the Decoder that waits for binary attachments. Accept/reject decisions follow the official
// socket.io-parser; the few places where Carrel is deliberately stricter say so.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "packet_printers.h"
#include "sio/protocol/packet.h"

namespace {

namespace json = boost::json;
using sio::protocol::decode_text;
using sio::protocol::Decoder;
using sio::protocol::DecoderLimits;
using sio::protocol::encode;
using sio::protocol::is_placeholder;
using sio::protocol::normalize_attachments;
using sio::protocol::Packet;
using sio::protocol::PacketType;
using sio::protocol::placeholder;
using Status = sio::protocol::Decoder::Status;

Packet make(PacketType type, std::string nsp, std::optional<uint64_t> id,
            std::optional<std::string_view> data_json, std::vector<std::string> attachments = {}) {
  Packet packet;
  packet.type = type;
  packet.nsp = std::move(nsp);
  packet.id = id;
  if (data_json) packet.data = json::parse(*data_json);
  packet.attachments = std::move(attachments);
  return packet;
}

// The packet decode_text accepts, or a failure naming the input and the decoder's reason.
Packet decoded(std::string_view text) {
  auto result = decode_text(text);
  EXPECT_TRUE(result.packet) << "rejected " << text << ": " << result.error;
  return result.packet.value_or(Packet{});
}

// decode_text's reason for rejecting `text`, or "accepted".
std::string rejection(std::string_view text, const DecoderLimits& limits = {}) {
  auto result = decode_text(text, limits);
  return result.packet ? "accepted" : result.error;
}

constexpr std::string_view kTwoPlaceholders =
    R"(["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";

// --- encoding -------------------------------------------------------------------------------

TEST(SioPacketEncode, WritesEventOnMainNamespaceAsTypeThenJson) {
  EXPECT_EQ(encode(make(PacketType::kEvent, "/", {}, R"(["message",1,"2",{"3":[true]}])")),
            R"(2["message",1,"2",{"3":[true]}])");
}

TEST(SioPacketEncode, WritesAckIdBeforeJson) {
  EXPECT_EQ(encode(make(PacketType::kEvent, "/", 456, R"(["message-with-ack",1])")),
            R"(2456["message-with-ack",1])");
  EXPECT_EQ(encode(make(PacketType::kAck, "/", 456, R"(["ok"])")), R"(3456["ok"])");
}

TEST(SioPacketEncode, WritesNamespaceFollowedByComma) {
  EXPECT_EQ(encode(make(PacketType::kEvent, "/chat", 12, R"(["hi"])")), R"(2/chat,12["hi"])");
  EXPECT_EQ(encode(make(PacketType::kDisconnect, "/admin", {}, {})), "1/admin,");
}

TEST(SioPacketEncode, TreatsEmptyNamespaceAsMainNamespace) {
  EXPECT_EQ(encode(make(PacketType::kEvent, "", {}, R"(["hi"])")), R"(2["hi"])");
}

TEST(SioPacketEncode, WritesConnectWithAndWithoutAuth) {
  EXPECT_EQ(encode(make(PacketType::kConnect, "/", {}, {})), "0");
  EXPECT_EQ(encode(make(PacketType::kConnect, "/admin", {}, R"({"sid":"abc"})")),
            R"(0/admin,{"sid":"abc"})");
}

TEST(SioPacketEncode, WritesConnectError) {
  EXPECT_EQ(encode(make(PacketType::kConnectError, "/", {}, R"({"message":"Not authorized"})")),
            R"(4{"message":"Not authorized"})");
}

TEST(SioPacketEncode, WritesEventWithAttachmentsAsBinaryEvent) {
  auto packet = make(PacketType::kEvent, "/", {}, kTwoPlaceholders, {"\x01", "\x02"});
  EXPECT_EQ(encode(packet), "52-" + std::string(kTwoPlaceholders));
}

TEST(SioPacketEncode, WritesAckWithAttachmentsAsBinaryAck) {
  auto packet = make(PacketType::kAck, "/admin", 789, R"([{"_placeholder":true,"num":0}])", {""});
  EXPECT_EQ(encode(packet), R"(61-/admin,789[{"_placeholder":true,"num":0}])");
}

TEST(SioPacketEncode, AppendAddsToExistingText) {
  std::string out = "4";  // an Engine.IO message carrying the Socket.IO packet
  sio::protocol::append_encoded(out, make(PacketType::kEvent, "/", {}, R"(["hello"])"));
  EXPECT_EQ(out, R"(42["hello"])");
}

// --- placeholders ---------------------------------------------------------------------------

TEST(SioPlaceholder, IsTheReferenceObject) {
  EXPECT_EQ(json::serialize(placeholder(3)), R"({"_placeholder":true,"num":3})");
}

TEST(SioPlaceholder, RecognisesPlaceholders) {
  EXPECT_TRUE(is_placeholder(placeholder(0)));
  EXPECT_TRUE(is_placeholder(json::parse(R"({"num":7,"_placeholder":true})")));
}

TEST(SioPlaceholder, RejectsLookalikes) {
  for (const char* text :
       {R"({"_placeholder":false,"num":0})", R"({"_placeholder":true})", R"({"num":0})",
        R"({"_placeholder":"true","num":0})", R"({"_placeholder":true,"num":"0"})",
        R"({"_placeholder":true,"num":0,"extra":1})", R"([true,0])", "null"}) {
    EXPECT_FALSE(is_placeholder(json::parse(text))) << text;
  }
}

// --- normalize_attachments ------------------------------------------------------------------

TEST(SioNormalizeAttachments, RenumbersPlaceholdersInOrderOfAppearance) {
  auto packet = make(PacketType::kEvent, "/", {},
                     R"(["a",{"_placeholder":true,"num":1},{"x":{"_placeholder":true,"num":0}}])",
                     {"zero", "one"});
  normalize_attachments(packet);
  EXPECT_EQ(packet,
            make(PacketType::kEvent, "/", {},
                 R"(["a",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}])",
                 {"one", "zero"}));
}

TEST(SioNormalizeAttachments, CopiesBytesOfPlaceholderUsedTwice) {
  auto packet = make(PacketType::kEvent, "/", {},
                     R"(["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])", {"x"});
  normalize_attachments(packet);
  EXPECT_EQ(packet.attachments, (std::vector<std::string>{"x", "x"}));
  EXPECT_EQ(json::serialize(*packet.data),
            R"(["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
}

TEST(SioNormalizeAttachments, DropsAttachmentsNoPlaceholderNames) {
  auto packet = make(PacketType::kAck, "/", 1, R"([{"_placeholder":true,"num":1}])", {"a", "b"});
  normalize_attachments(packet);
  EXPECT_EQ(packet.attachments, std::vector<std::string>{"b"});
}

TEST(SioNormalizeAttachments, LeavesPacketWithoutAttachmentsAlone) {
  auto packet = make(PacketType::kEvent, "/", {}, R"(["a",{"_placeholder":true,"num":5}])");
  auto before = packet;
  normalize_attachments(packet);
  EXPECT_EQ(packet, before);
}

// Regression: a `num` that is no valid index used to throw from boost::json::value::to_number.
TEST(SioNormalizeAttachments, GivesEmptyBytesForPlaceholderNamingNoAttachment) {
  auto packet =
      make(PacketType::kEvent, "/", {},
           R"(["a",{"_placeholder":true,"num":0.5},{"_placeholder":true,"num":9}])", {"x"});
  normalize_attachments(packet);
  EXPECT_EQ(packet.attachments, (std::vector<std::string>{"", ""}));
}

// --- decode_text: accepted packets ----------------------------------------------------------

TEST(SioPacketDecode, DecodesEvent) {
  EXPECT_EQ(decoded(R"(2["message",1,"2",{"3":[true]}])"),
            make(PacketType::kEvent, "/", {}, R"(["message",1,"2",{"3":[true]}])"));
}

TEST(SioPacketDecode, DecodesEventWithAckId) {
  EXPECT_EQ(decoded(R"(2456["message-with-ack",1,"2",{"3":[false]}])"),
            make(PacketType::kEvent, "/", 456, R"(["message-with-ack",1,"2",{"3":[false]}])"));
}

TEST(SioPacketDecode, DecodesAck) {
  EXPECT_EQ(decoded(R"(3456["message-with-ack",1,"2",{"3":[false]}])"),
            make(PacketType::kAck, "/", 456, R"(["message-with-ack",1,"2",{"3":[false]}])"));
  EXPECT_EQ(decoded("3/x,7[]"), make(PacketType::kAck, "/x", 7, "[]"));
}

TEST(SioPacketDecode, DecodesNamespaceAndAckId) {
  EXPECT_EQ(decoded(R"(2/chat,12["hi"])"), make(PacketType::kEvent, "/chat", 12, R"(["hi"])"));
}

TEST(SioPacketDecode, DecodesAckIdZeroAndLeadingZeros) {
  EXPECT_EQ(decoded(R"(20["a"])"), make(PacketType::kEvent, "/", 0, R"(["a"])"));
  EXPECT_EQ(decoded("0099{}"), make(PacketType::kConnect, "/", 99, "{}"));
}

TEST(SioPacketDecode, DecodesNamespaceWithoutTrailingComma) {
  EXPECT_EQ(decoded("0/random"), make(PacketType::kConnect, "/random", {}, {}));
}

TEST(SioPacketDecode, DecodesExplicitMainNamespace) {
  EXPECT_EQ(decoded("0/,{}"), make(PacketType::kConnect, "/", {}, "{}"));
}

TEST(SioPacketDecode, DecodesConnectWithOptionalAuthObject) {
  EXPECT_EQ(decoded("0"), make(PacketType::kConnect, "/", {}, {}));
  EXPECT_EQ(decoded(R"(0/admin,{"token":"123"})"),
            make(PacketType::kConnect, "/admin", {}, R"({"token":"123"})"));
}

TEST(SioPacketDecode, DecodesDisconnect) {
  EXPECT_EQ(decoded("1"), make(PacketType::kDisconnect, "/", {}, {}));
  EXPECT_EQ(decoded("1/admin,"), make(PacketType::kDisconnect, "/admin", {}, {}));
}

TEST(SioPacketDecode, DecodesConnectErrorWithObjectOrString) {
  EXPECT_EQ(decoded(R"(4{"message":"no"})"),
            make(PacketType::kConnectError, "/", {}, R"({"message":"no"})"));
  EXPECT_EQ(decoded(R"(4"no")"), make(PacketType::kConnectError, "/", {}, R"("no")"));
}

TEST(SioPacketDecode, AcceptsNumericEventName) {
  EXPECT_EQ(decoded("2[1]"), make(PacketType::kEvent, "/", {}, "[1]"));
}

// JSON.parse reads 1e400 as Infinity, which JSON.stringify writes as null: not an event name.
TEST(SioPacketDecode, RejectsEventNameThatIsNotAFiniteNumber) {
  EXPECT_EQ(rejection("2[1e400]"), "invalid payload");
  EXPECT_EQ(rejection("2[-1e400,1]"), "invalid payload");
}

TEST(SioPacketDecode, AcceptsEmptyAckArray) {
  EXPECT_EQ(decoded("3[]"), make(PacketType::kAck, "/", {}, "[]"));
}

// Boost.JSON's own parser reads this number one double off; the decoder must not.
TEST(SioPacketDecode, ReadsNumbersExactlyAsJsonParse) {
  const std::string text = R"(2["n",1.9943870155891414,240512526719601.66])";
  EXPECT_EQ(encode(decoded(text)), text);
}

TEST(SioPacketDecode, AllowsWhitespaceAroundJsonLikeJsonParse) {
  EXPECT_EQ(decoded(R"(2["a"] )"), make(PacketType::kEvent, "/", {}, R"(["a"])"));
}

TEST(SioPacketDecode, KeepsPlaceholderObjectsInData) {
  EXPECT_EQ(decoded(R"(2["a",{"_placeholder":false,"num":0}])"),
            make(PacketType::kEvent, "/", {}, R"(["a",{"_placeholder":false,"num":0}])"));
}

TEST(SioPacketDecode, ReportsAttachmentCountOfBinaryEvent) {
  auto result = decode_text("52-" + std::string(kTwoPlaceholders));
  ASSERT_TRUE(result.packet) << result.error;
  EXPECT_EQ(result.expected_attachments, 2u);
  EXPECT_EQ(*result.packet, make(PacketType::kBinaryEvent, "/", {}, kTwoPlaceholders));
}

TEST(SioPacketDecode, ReportsAttachmentCountOfBinaryAckWithNamespaceAndId) {
  auto result = decode_text(R"(62-/admin,789[{"_placeholder":true,"num":1}])");
  ASSERT_TRUE(result.packet) << result.error;
  EXPECT_EQ(result.expected_attachments, 2u);
  EXPECT_EQ(*result.packet,
            make(PacketType::kBinaryAck, "/admin", 789, R"([{"_placeholder":true,"num":1}])"));
}

TEST(SioPacketDecode, ReportsNoAttachmentsForPlainPackets) {
  EXPECT_EQ(decode_text(R"(2["a"])").expected_attachments, 0u);
}

// --- decode_text: rejected packets ----------------------------------------------------------

// The reference parser reads "" as CONNECT (Number("") is 0); Carrel rejects it.
TEST(SioPacketDecode, RejectsEmptyText) {
  EXPECT_EQ(rejection(""), "unknown packet type");
}

TEST(SioPacketDecode, RejectsUnknownType) {
  EXPECT_EQ(rejection("7"), "unknown packet type");
  EXPECT_EQ(rejection(R"(8["a"])"), "unknown packet type");
  EXPECT_EQ(rejection(R"(a["a"])"), "unknown packet type");
  EXPECT_EQ(rejection(R"(/chat,["a"])"), "unknown packet type");
}

TEST(SioPacketDecode, RejectsEventPayloadThatIsNotAnArray) {
  EXPECT_EQ(rejection("2{}"), "invalid payload");
  EXPECT_EQ(rejection(R"(2"message")"), "invalid payload");
}

TEST(SioPacketDecode, RejectsInvalidJson) {
  EXPECT_EQ(rejection(R"(2abc["a"])"), "invalid payload");
  EXPECT_EQ(rejection("2[1,]"), "invalid payload");
  EXPECT_EQ(rejection(R"(2["a")"), "invalid payload");
  EXPECT_EQ(rejection(R"(2["a"]x)"), "invalid payload");
  EXPECT_EQ(rejection(R"(21e3["a"])"), "invalid payload");
  EXPECT_EQ(rejection("0/a,b"), "invalid payload");
}

TEST(SioPacketDecode, RejectsEventWithoutName) {
  EXPECT_EQ(rejection("2[]"), "invalid payload");
  EXPECT_EQ(rejection("2[null]"), "invalid payload");
  EXPECT_EQ(rejection(R"(2[{"a":1}])"), "invalid payload");
  EXPECT_EQ(rejection(R"(2[["a"]])"), "invalid payload");
}

TEST(SioPacketDecode, RejectsReservedEventNames) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    EXPECT_EQ(rejection("2[\"" + std::string(name) + "\"]"), "invalid payload") << name;
  }
}

// The reference decoder lets "2" through and the Node server then emits an event without a name;
// Carrel follows the reference's isPacketValid() instead: EVENT and ACK need an array.
TEST(SioPacketDecode, RejectsEventAndAckWithoutPayload) {
  EXPECT_EQ(rejection("2"), "invalid payload");
  EXPECT_EQ(rejection("21"), "invalid payload");
  EXPECT_EQ(rejection("2/chat,"), "invalid payload");
  EXPECT_EQ(rejection("3"), "invalid payload");
}

TEST(SioPacketDecode, RejectsAckPayloadThatIsNotAnArray) {
  EXPECT_EQ(rejection("3{}"), "invalid payload");
  EXPECT_EQ(rejection(R"(3"a")"), "invalid payload");
}

TEST(SioPacketDecode, RejectsConnectPayloadThatIsNotAnObject) {
  EXPECT_EQ(rejection("0[]"), "invalid payload");
  EXPECT_EQ(rejection(R"(0"token")"), "invalid payload");
  EXPECT_EQ(rejection("0null"), "invalid payload");
}

TEST(SioPacketDecode, RejectsDisconnectWithPayload) {
  EXPECT_EQ(rejection("1{}"), "invalid payload");
  EXPECT_EQ(rejection("1[]"), "invalid payload");
}

TEST(SioPacketDecode, RejectsConnectErrorThatIsNotObjectOrString) {
  EXPECT_EQ(rejection("4"), "invalid payload");
  EXPECT_EQ(rejection("4[]"), "invalid payload");
  EXPECT_EQ(rejection("41"), "invalid payload");
}

TEST(SioPacketDecode, RejectsBinaryPacketWithoutAttachmentCount) {
  EXPECT_EQ(rejection(R"(5-["a"])"), "illegal attachments");
  EXPECT_EQ(rejection(R"(5x-["a"])"), "illegal attachments");
  EXPECT_EQ(rejection(R"(5["a"])"), "illegal attachments");
  EXPECT_EQ(rejection(R"(51["a"])"), "illegal attachments");
  EXPECT_EQ(rejection("6"), "illegal attachments");
}

TEST(SioPacketDecode, RejectsBinaryPacketWithZeroAttachments) {
  EXPECT_EQ(rejection(R"(50-["a"])"), "illegal attachments");
  EXPECT_EQ(rejection("60-[]"), "illegal attachments");
}

TEST(SioPacketDecode, RejectsMoreAttachmentsThanTheLimit) {
  DecoderLimits limits;
  limits.max_attachments = 2;
  EXPECT_EQ(rejection(R"(52-["a"])", limits), "accepted");
  EXPECT_EQ(rejection(R"(53-["a"])", limits), "too many attachments");
  EXPECT_EQ(rejection(R"(5100000000000000000000-["a"])"), "illegal attachments");
}

TEST(SioPacketDecode, RejectsJsonNestedDeeperThanTheLimit) {
  DecoderLimits limits;
  limits.max_json_depth = 4;
  EXPECT_EQ(rejection(R"(2["a",[[1]]])", limits), "accepted");
  EXPECT_EQ(rejection(R"(2["a",[[[[[[[[1]]]]]]]]])", limits), "invalid payload");
}

// The reference keeps such ids as an imprecise JavaScript number; Carrel holds ids in 64 bits.
TEST(SioPacketDecode, RejectsAckIdThatOverflows64Bits) {
  EXPECT_EQ(rejection(R"(2/a,99999999999999999999["a"])"), "invalid ack id");
  EXPECT_EQ(decoded(R"(218446744073709551615["a"])").id, 18446744073709551615u);
}

// --- Decoder --------------------------------------------------------------------------------

TEST(SioDecoder, CompletesPlainPacketAtOnce) {
  Decoder decoder;
  ASSERT_EQ(decoder.add_text(R"(2/chat,12["hello",1])"), Status::kComplete);
  EXPECT_EQ(decoder.take(), make(PacketType::kEvent, "/chat", 12, R"(["hello",1])"));
}

TEST(SioDecoder, WaitsUntilEveryAttachmentHasArrived) {
  Decoder decoder;
  EXPECT_EQ(decoder.add_text("52-" + std::string(kTwoPlaceholders)), Status::kAwaitingAttachments);
  EXPECT_EQ(decoder.add_binary("\x01\x02"), Status::kAwaitingAttachments);
  ASSERT_EQ(decoder.add_binary("\x03"), Status::kComplete);
  EXPECT_EQ(decoder.take(),
            make(PacketType::kBinaryEvent, "/", {}, kTwoPlaceholders, {"\x01\x02", "\x03"}));
}

TEST(SioDecoder, ReconstructsBinaryAckWithNamespaceAndId) {
  Decoder decoder;
  EXPECT_EQ(decoder.add_text(R"(61-/admin,789[{"_placeholder":true,"num":0}])"),
            Status::kAwaitingAttachments);
  ASSERT_EQ(decoder.add_binary(std::string("\0\xff", 2)), Status::kComplete);
  EXPECT_EQ(decoder.take(), make(PacketType::kBinaryAck, "/admin", 789,
                                 R"([{"_placeholder":true,"num":0}])", {std::string("\0\xff", 2)}));
}

TEST(SioDecoder, AcceptsEmptyAttachment) {
  Decoder decoder;
  decoder.add_text(R"(51-["file",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(decoder.add_binary(""), Status::kComplete);
  EXPECT_EQ(decoder.take().attachments, std::vector<std::string>{""});
}

TEST(SioDecoder, DecodesConsecutivePackets) {
  Decoder decoder;
  ASSERT_EQ(decoder.add_text(R"(2["first"])"), Status::kComplete);
  EXPECT_EQ(decoder.take().data, json::parse(R"(["first"])"));
  decoder.add_text(R"(51-["second",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(decoder.add_binary("x"), Status::kComplete);
  EXPECT_EQ(decoder.take().attachments, std::vector<std::string>{"x"});
  ASSERT_EQ(decoder.add_text(R"(2["third"])"), Status::kComplete);
  EXPECT_EQ(decoder.take().data, json::parse(R"(["third"])"));
}

TEST(SioDecoder, RejectsTextWhileReconstructing) {
  Decoder decoder;
  decoder.add_text(R"(51-["a",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(decoder.add_text(R"(2["b"])"), Status::kInvalid);
  EXPECT_EQ(decoder.error(), "got plaintext data when reconstructing a packet");
}

TEST(SioDecoder, RejectsBinaryWhenNotReconstructing) {
  Decoder decoder;
  EXPECT_EQ(decoder.add_binary("x"), Status::kInvalid);
  EXPECT_EQ(decoder.error(), "got binary data when not reconstructing a packet");
}

TEST(SioDecoder, RejectsBinaryAfterTheLastAttachment) {
  Decoder decoder;
  decoder.add_text(R"(51-["a",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(decoder.add_binary("x"), Status::kComplete);
  EXPECT_EQ(decoder.add_binary("y"), Status::kInvalid);
}

TEST(SioDecoder, ReportsWhyTextWasRejected) {
  Decoder decoder;
  EXPECT_EQ(decoder.add_text(R"(2["connect"])"), Status::kInvalid);
  EXPECT_EQ(decoder.error(), "invalid payload");
}

TEST(SioDecoder, AppliesItsLimits) {
  DecoderLimits limits;
  limits.max_attachments = 1;
  Decoder decoder(limits);
  EXPECT_EQ(decoder.add_text("52-" + std::string(kTwoPlaceholders)), Status::kInvalid);
  EXPECT_EQ(decoder.error(), "too many attachments");
}

TEST(SioDecoder, RejectsPlaceholderNumberOutOfRange) {
  for (const char* num : {"1", "2", "-1"}) {
    Decoder decoder;
    decoder.add_text(R"(51-["a",{"_placeholder":true,"num":)" + std::string(num) + "}]");
    EXPECT_EQ(decoder.add_binary("x"), Status::kInvalid) << num;
    EXPECT_EQ(decoder.error(), "illegal attachments") << num;
  }
}

// Regression: these used to throw from boost::json::value::to_number instead of failing.
TEST(SioDecoder, RejectsPlaceholderNumberThatIsNotAnInteger) {
  for (const char* num :
       {"0.5", "1e300", "-1e300", "18446744073709551615", "-9223372036854775808", "1e400"}) {
    Decoder decoder;
    decoder.add_text(R"(51-["a",{"_placeholder":true,"num":)" + std::string(num) + "}]");
    EXPECT_EQ(decoder.add_binary("x"), Status::kInvalid) << num;
    EXPECT_EQ(decoder.error(), "illegal attachments") << num;
  }
}

// JSON has a single number type: 1.0 is the integer 1, as in the reference parser.
TEST(SioDecoder, AcceptsPlaceholderNumberWrittenWithFraction) {
  Decoder decoder;
  decoder.add_text(R"(52-["a",{"_placeholder":true,"num":1.0},{"_placeholder":true,"num":0e5}])");
  decoder.add_binary("x");
  EXPECT_EQ(decoder.add_binary("y"), Status::kComplete);
}

TEST(SioDecoder, ChecksPlaceholdersNestedAnywhereInThePayload) {
  Decoder decoder;
  decoder.add_text(R"(51-["a",{"deep":[1,{"x":{"_placeholder":true,"num":1}}]}])");
  EXPECT_EQ(decoder.add_binary("x"), Status::kInvalid);
}

// As in the reference, only binary packets have placeholders: elsewhere it is ordinary data.
TEST(SioDecoder, TreatsPlaceholderObjectsInPlainPacketsAsData) {
  Decoder decoder;
  ASSERT_EQ(decoder.add_text(R"(2["a",{"_placeholder":true,"num":7}])"), Status::kComplete);
  EXPECT_EQ(decoder.take(),
            make(PacketType::kEvent, "/", {}, R"(["a",{"_placeholder":true,"num":7}])"));
}

TEST(SioDecoder, StartsAfreshAfterAnInvalidMessage) {
  Decoder decoder;
  decoder.add_text(R"(51-["a",{"_placeholder":true,"num":0}])");
  ASSERT_EQ(decoder.add_text("garbage"), Status::kInvalid);
  ASSERT_EQ(decoder.add_text(R"(2["b"])"), Status::kComplete);
  EXPECT_EQ(decoder.take(), make(PacketType::kEvent, "/", {}, R"(["b"])"));
}

}  // namespace
