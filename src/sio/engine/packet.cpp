#include "sio/engine/packet.h"

#include "sio/engine/base64.h"

namespace sio::engine {

std::optional<Packet> decode_text_packet(std::string_view text) {
  if (text.empty()) return std::nullopt;
  char type = text.front();
  std::string_view data = text.substr(1);
  if (type == 'b') {
    auto bytes = decode_base64(data);
    if (!bytes) return std::nullopt;
    return Packet{PacketType::kMessage, std::move(*bytes), true};
  }
  if (type < '0' || type > '6') return std::nullopt;
  return Packet{PacketType(type), std::string(data), false};
}

void append_text_packet(std::string& out, const Packet& packet) {
  if (packet.binary) {
    out += 'b';
    append_base64(out, packet.data);
    return;
  }
  out += char(packet.type);
  out += packet.data;
}

std::string encode_text_packet(const Packet& packet) {
  std::string out;
  append_text_packet(out, packet);
  return out;
}

std::optional<std::vector<Packet>> decode_payload(std::string_view body) {
  std::vector<Packet> packets;
  while (true) {
    size_t end = body.find(kRecordSeparator);
    auto packet = decode_text_packet(body.substr(0, end));
    if (!packet) return std::nullopt;
    packets.push_back(std::move(*packet));
    if (end == std::string_view::npos) return packets;
    body.remove_prefix(end + 1);
  }
}

std::string encode_payload(std::span<const Packet> packets) {
  std::string out;
  for (const auto& packet : packets) {
    if (!out.empty()) out += kRecordSeparator;
    append_text_packet(out, packet);
  }
  return out;
}

}  // namespace sio::engine
