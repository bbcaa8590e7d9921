// RTP packets (RFC 3550) with header extensions (RFC 8285, one-byte and two-byte forms).
// parse() validates the fixed header, CSRCs, the extension block and padding against the
// datagram's size and keeps a view of the bytes; rewrite() writes the copy a consumer sends:
// its own SSRC, payload type, sequence number and timestamp, and the header extensions that
// consumer negotiated (e.g. its mid), with the payload unchanged and padding dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace media {

struct RtpExtension {
  uint8_t id = 0;
  std::vector<uint8_t> value;
};

class RtpPacket {
 public:
  // RFC 7983 / RFC 5761: RTP and RTCP both start 0b10; RTCP packet types are 192..223.
  static bool looks_like_rtp_or_rtcp(std::span<const uint8_t> data) {
    return data.size() >= 12 && (data[0] & 0xC0) == 0x80;
  }
  static bool is_rtcp(std::span<const uint8_t> data) {
    return data.size() >= 4 && data[1] >= 192 && data[1] <= 223;
  }
  // `data` must outlive the packet.
  static std::optional<RtpPacket> parse(std::span<const uint8_t> data);

  bool marker() const { return marker_; }
  uint8_t payload_type() const { return payload_type_; }
  uint16_t sequence() const { return sequence_; }
  uint32_t timestamp() const { return timestamp_; }
  uint32_t ssrc() const { return ssrc_; }
  std::span<const uint8_t> payload() const { return payload_; }
  size_t padding() const { return padding_; }
  size_t size() const { return data_.size(); }
  std::span<const uint8_t> bytes() const { return data_; }
  // The value of header extension `id`, if present.
  std::optional<std::span<const uint8_t>> extension(uint8_t id) const;
  size_t extension_count() const { return extensions_.size(); }

  struct Rewrite {
    uint32_t ssrc = 0;
    uint8_t payload_type = 0;
    uint16_t sequence = 0;
    uint32_t timestamp = 0;
    std::vector<RtpExtension> extensions;
  };
  std::vector<uint8_t> rewrite(const Rewrite& header) const;

  // Writes a packet from scratch (tests, the synthetic publisher).
  static std::vector<uint8_t> build(const Rewrite& header, bool marker,
                                    std::span<const uint8_t> payload);

 private:
  bool parse_extensions(std::span<const uint8_t> block, bool two_byte);

  struct ExtensionView {
    uint8_t id;
    uint16_t offset;
    uint16_t length;
  };
  std::span<const uint8_t> data_;
  std::span<const uint8_t> payload_;
  std::vector<ExtensionView> extensions_;
  bool marker_ = false;
  uint8_t payload_type_ = 0;
  uint16_t sequence_ = 0;
  uint32_t timestamp_ = 0;
  uint32_t ssrc_ = 0;
  size_t padding_ = 0;
};

// True when `b` comes after `a` in sequence-number order (RFC 1982 serial arithmetic).
inline bool seq_newer(uint16_t b, uint16_t a) {
  return b != a && uint16_t(b - a) < 0x8000;
}

}  // namespace media
