// RTP codec: see rtp_packet.h.
#include "media/rtp_packet.h"

#include "media/bytes.h"

namespace media {

std::optional<RtpPacket> RtpPacket::parse(std::span<const uint8_t> data) {
  if (data.size() < 12 || (data[0] >> 6) != 2 || is_rtcp(data)) return std::nullopt;
  RtpPacket packet;
  packet.data_ = data;
  const bool padding = data[0] & 0x20;
  const bool extension = data[0] & 0x10;
  const size_t csrc_count = data[0] & 0x0F;
  packet.marker_ = data[1] & 0x80;
  packet.payload_type_ = data[1] & 0x7F;
  packet.sequence_ = read16(&data[2]);
  packet.timestamp_ = read32(&data[4]);
  packet.ssrc_ = read32(&data[8]);
  size_t offset = 12 + 4 * csrc_count;
  if (offset > data.size()) return std::nullopt;
  if (extension) {
    if (offset + 4 > data.size()) return std::nullopt;
    const uint16_t profile = read16(&data[offset]);
    const size_t length = size_t(read16(&data[offset + 2])) * 4;
    if (offset + 4 + length > data.size()) return std::nullopt;
    auto block = data.subspan(offset + 4, length);
    if (profile == 0xBEDE && !packet.parse_extensions(block, false)) return std::nullopt;
    if ((profile & 0xFFF0) == 0x1000 && !packet.parse_extensions(block, true)) return std::nullopt;
    // Offsets are relative to the packet.
    for (auto& view : packet.extensions_) view.offset = uint16_t(view.offset + offset + 4);
    offset += 4 + length;
  }
  size_t end = data.size();
  if (padding) {
    if (end == offset) return std::nullopt;
    packet.padding_ = data[end - 1];
    if (packet.padding_ == 0 || offset + packet.padding_ > end) return std::nullopt;
    end -= packet.padding_;
  }
  packet.payload_ = data.subspan(offset, end - offset);
  return packet;
}

bool RtpPacket::parse_extensions(std::span<const uint8_t> block, bool two_byte) {
  size_t i = 0;
  while (i < block.size()) {
    if (block[i] == 0) {  // padding between elements
      ++i;
      continue;
    }
    uint8_t id;
    size_t length;
    if (two_byte) {
      if (i + 2 > block.size()) return false;
      id = block[i];
      length = block[i + 1];
      i += 2;
    } else {
      id = block[i] >> 4;
      length = size_t(block[i] & 0x0F) + 1;
      if (id == 15) return true;  // reserved: stop parsing (RFC 8285 section 4.2)
      i += 1;
    }
    if (i + length > block.size()) return false;
    if (extensions_.size() < 16) extensions_.push_back({id, uint16_t(i), uint16_t(length)});
    i += length;
  }
  return true;
}

std::optional<std::span<const uint8_t>> RtpPacket::extension(uint8_t id) const {
  for (const auto& view : extensions_)
    if (view.id == id) return data_.subspan(view.offset, view.length);
  return std::nullopt;
}

namespace {

void append_extensions(std::vector<uint8_t>& out, const std::vector<RtpExtension>& extensions) {
  bool one_byte = true;
  for (const auto& e : extensions)
    if (e.id == 0 || e.id > 14 || e.value.empty() || e.value.size() > 16) one_byte = false;
  const size_t start = out.size();
  append16(out, one_byte ? 0xBEDE : 0x1000);
  append16(out, 0);
  for (const auto& e : extensions) {
    if (one_byte) {
      out.push_back(uint8_t(e.id << 4 | (e.value.size() - 1)));
    } else {
      out.push_back(e.id);
      out.push_back(uint8_t(e.value.size()));
    }
    out.insert(out.end(), e.value.begin(), e.value.end());
  }
  while ((out.size() - start) % 4) out.push_back(0);
  write16(&out[start + 2], uint16_t((out.size() - start - 4) / 4));
}

std::vector<uint8_t> write_packet(const RtpPacket::Rewrite& header, bool marker,
                                  std::span<const uint8_t> payload) {
  std::vector<uint8_t> out;
  out.reserve(12 + 24 + payload.size() + 32);
  out.push_back(uint8_t(0x80 | (header.extensions.empty() ? 0 : 0x10)));
  out.push_back(uint8_t((marker ? 0x80 : 0) | (header.payload_type & 0x7F)));
  append16(out, header.sequence);
  append32(out, header.timestamp);
  append32(out, header.ssrc);
  if (!header.extensions.empty()) append_extensions(out, header.extensions);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

}  // namespace

std::vector<uint8_t> RtpPacket::rewrite(const Rewrite& header) const {
  return write_packet(header, marker_, payload_);
}

std::vector<uint8_t> RtpPacket::build(const Rewrite& header, bool marker,
                                      std::span<const uint8_t> payload) {
  return write_packet(header, marker, payload);
}

}  // namespace media
