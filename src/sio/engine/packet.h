// Engine.IO v4 packets and the HTTP long-polling payload that carries several of them.
//
// A text packet is one type character ('0' open ... '6' noop) followed by its data. Over
// WebSocket every packet is one frame and binary data is a binary frame holding only the bytes.
// Over long-polling packets are joined with the record separator 0x1e and a binary message is
// written as 'b' followed by the base64 of its bytes.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sio::engine {

enum class PacketType : char {
  kOpen = '0',
  kClose = '1',
  kPing = '2',
  kPong = '3',
  kMessage = '4',
  kUpgrade = '5',
  kNoop = '6',
};

struct Packet {
  PacketType type = PacketType::kMessage;
  std::string data;
  bool binary = false;  // a binary message: `data` holds raw bytes

  bool operator==(const Packet&) const = default;
};

inline constexpr char kRecordSeparator = '\x1e';

// Decodes one text packet (a WebSocket text frame or one record of a polling payload).
// 'b' + base64 decodes to a binary message. nullopt for an empty string, an unknown type or
// invalid base64.
std::optional<Packet> decode_text_packet(std::string_view text);

// The text form: type character + data (binary messages as 'b' + base64).
std::string encode_text_packet(const Packet& packet);
void append_text_packet(std::string& out, const Packet& packet);

// Long-polling payloads. Decoding fails as a whole if any record is invalid.
std::optional<std::vector<Packet>> decode_payload(std::string_view body);
std::string encode_payload(std::span<const Packet> packets);

}  // namespace sio::engine
