// Socket.IO v5 packets and their text encoding.
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//
// e.g. `2["hello",1]`, `2/chat,12["hello"]`, `52-["file",{"_placeholder":true,"num":0},...]`.
// A packet with binary data (BINARY_EVENT, BINARY_ACK) keeps `{"_placeholder":true,"num":i}`
// objects in its JSON and carries the bytes in `attachments`, sent as the binary Engine.IO
// messages that follow the text part. The payload rules are the reference parser's: CONNECT
// takes an optional object, DISCONNECT nothing, EVENT a non-empty array starting with an event
// name, ACK an array.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sio::protocol {

enum class PacketType : uint8_t {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<uint64_t> id;
  std::optional<boost::json::value> data;
  std::vector<std::string> attachments;

  bool operator==(const Packet&) const = default;
};

// `{"_placeholder":true,"num":num}`: stands for attachment `num` in a payload.
boost::json::value placeholder(size_t num);
bool is_placeholder(const boost::json::value& value);

// Renumbers placeholders in the order they appear in the payload (depth first, keys in order)
// and reorders the attachments to match, as the reference implementation does when it
// emits binary data; a placeholder used twice gets the bytes twice.
void normalize_attachments(Packet& packet);

// The text part. EVENT and ACK packets with attachments are written as BINARY_EVENT and
// BINARY_ACK; the attachments themselves are sent separately, in order.
std::string encode(const Packet& packet);
void append_encoded(std::string& out, const Packet& packet);

struct DecoderLimits {
  size_t max_attachments = 1000;
  size_t max_json_depth = 64;
};

// Turns the Engine.IO messages of one connection back into packets: a text message starts a
// packet, and a binary packet is complete once all its attachments have arrived.
class Decoder {
 public:
  enum class Status { kComplete, kAwaitingAttachments, kInvalid };

  explicit Decoder(DecoderLimits limits = {}) : limits_(limits) {}

  Status add_text(std::string_view text);
  Status add_binary(std::string bytes);

  // The packet completed by the last call that returned kComplete.
  Packet take() { return std::move(packet_); }
  // Why the last call returned kInvalid.
  const std::string& error() const { return error_; }

 private:
  Status fail(std::string reason);
  Status finish();

  DecoderLimits limits_;
  Packet packet_;
  size_t expected_attachments_ = 0;
  bool reconstructing_ = false;
  std::string error_;
};

// Decodes the text part alone. On success `expected_attachments` says how many binary messages
// must follow; on failure `error` says why.
struct TextDecodeResult {
  std::optional<Packet> packet;
  size_t expected_attachments = 0;
  std::string error;
};
TextDecodeResult decode_text(std::string_view text, const DecoderLimits& limits = {});

}  // namespace sio::protocol
