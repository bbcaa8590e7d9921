// STUN codec: see stun_packet.h. Attributes are walked once at parse time; the raw bytes are
// kept so that MESSAGE-INTEGRITY and FINGERPRINT can be recomputed over exactly what was sent,
// with the header length adjusted as RFC 5389 sections 15.4 and 15.5 require.
#include "media/stun_packet.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "media/bytes.h"

namespace media {

namespace {

constexpr uint16_t kUsername = 0x0006;
constexpr uint16_t kMessageIntegrity = 0x0008;
constexpr uint16_t kErrorCode = 0x0009;
constexpr uint16_t kXorMappedAddress = 0x0020;
constexpr uint16_t kPriority = 0x0024;
constexpr uint16_t kUseCandidate = 0x0025;
constexpr uint16_t kFingerprint = 0x8028;
constexpr uint16_t kIceControlled = 0x8029;
constexpr uint16_t kIceControlling = 0x802A;
constexpr uint32_t kFingerprintXor = 0x5354554e;

std::array<uint8_t, 20> hmac_sha1(std::string_view key, const uint8_t* data, size_t size) {
  std::array<uint8_t, 20> out{};
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), int(key.size()), data, size, out.data(), &length);
  return out;
}

uint16_t message_type(uint16_t method, StunPacket::Class klass) {
  const auto c = uint16_t(klass);
  return uint16_t((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) |
                  ((c & 1) << 4) | ((c & 2) << 7));
}

// Appends one attribute with its value padded to 4 bytes.
void append_attribute(std::vector<uint8_t>& out, uint16_t type, const uint8_t* value, size_t size) {
  append16(out, type);
  append16(out, uint16_t(size));
  out.insert(out.end(), value, value + size);
  while (out.size() % 4) out.push_back(0);
}

void set_length(std::vector<uint8_t>& out, size_t length) {
  write16(&out[2], uint16_t(length));
}

// Starts a message: the 20-byte header with length 0.
std::vector<uint8_t> header(uint16_t type, const std::array<uint8_t, 12>& transaction_id) {
  std::vector<uint8_t> out;
  out.reserve(128);
  append16(out, type);
  append16(out, 0);
  append32(out, StunPacket::kMagicCookie);
  out.insert(out.end(), transaction_id.begin(), transaction_id.end());
  return out;
}

// Adds MESSAGE-INTEGRITY (when `key` is set) and FINGERPRINT, fixing the length each time.
void finish(std::vector<uint8_t>& out, std::string_view key) {
  if (!key.empty()) {
    set_length(out, out.size() - 20 + 24);
    auto mac = hmac_sha1(key, out.data(), out.size());
    append_attribute(out, kMessageIntegrity, mac.data(), mac.size());
  }
  set_length(out, out.size() - 20 + 8);
  uint8_t crc[4];
  write32(crc, crc32(out) ^ kFingerprintXor);
  append_attribute(out, kFingerprint, crc, 4);
}

std::vector<uint8_t> xor_address(const boost::asio::ip::udp::endpoint& endpoint,
                                 const std::array<uint8_t, 12>& transaction_id) {
  std::vector<uint8_t> value;
  const auto address = endpoint.address();
  value.push_back(0);
  value.push_back(address.is_v4() ? 0x01 : 0x02);
  append16(value, uint16_t(endpoint.port() ^ (StunPacket::kMagicCookie >> 16)));
  uint8_t mask[16];
  write32(mask, StunPacket::kMagicCookie);
  std::memcpy(mask + 4, transaction_id.data(), 12);
  if (address.is_v4()) {
    auto bytes = address.to_v4().to_bytes();
    for (size_t i = 0; i < 4; ++i) value.push_back(bytes[i] ^ mask[i]);
  } else {
    auto bytes = address.to_v6().to_bytes();
    for (size_t i = 0; i < 16; ++i) value.push_back(bytes[i] ^ mask[i]);
  }
  return value;
}

std::optional<boost::asio::ip::udp::endpoint> parse_xor_address(
    std::span<const uint8_t> value, const std::array<uint8_t, 12>& transaction_id) {
  if (value.size() < 8) return std::nullopt;
  uint8_t mask[16];
  write32(mask, StunPacket::kMagicCookie);
  std::memcpy(mask + 4, transaction_id.data(), 12);
  const uint16_t port = read16(&value[2]) ^ uint16_t(StunPacket::kMagicCookie >> 16);
  if (value[1] == 0x01) {
    boost::asio::ip::address_v4::bytes_type bytes;
    for (size_t i = 0; i < 4; ++i) bytes[i] = value[4 + i] ^ mask[i];
    return boost::asio::ip::udp::endpoint(boost::asio::ip::address_v4(bytes), port);
  }
  if (value[1] == 0x02 && value.size() >= 20) {
    boost::asio::ip::address_v6::bytes_type bytes;
    for (size_t i = 0; i < 16; ++i) bytes[i] = value[4 + i] ^ mask[i];
    return boost::asio::ip::udp::endpoint(boost::asio::ip::address_v6(bytes), port);
  }
  return std::nullopt;
}

}  // namespace

uint32_t crc32(std::span<const uint8_t> data) {
  uint32_t crc = 0xFFFFFFFF;
  for (uint8_t byte : data) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
  }
  return ~crc;
}

bool StunPacket::looks_like_stun(std::span<const uint8_t> data) {
  return data.size() >= 20 && data[0] < 4 && read32(&data[4]) == kMagicCookie;
}

std::optional<StunPacket> StunPacket::parse(std::span<const uint8_t> data) {
  if (!looks_like_stun(data)) return std::nullopt;
  const uint16_t type = read16(&data[0]);
  const size_t length = read16(&data[2]);
  if (length % 4 != 0 || 20 + length != data.size()) return std::nullopt;
  StunPacket packet;
  packet.raw_.assign(data.begin(), data.end());
  packet.method_ = uint16_t((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));
  packet.class_ = Class(((type >> 4) & 1) | ((type >> 7) & 2));
  std::memcpy(packet.transaction_id_.data(), &data[8], 12);
  size_t offset = 20;
  while (offset + 4 <= data.size()) {
    const uint16_t attribute = read16(&data[offset]);
    const size_t size = read16(&data[offset + 2]);
    const size_t padded = (size + 3) & ~size_t(3);
    if (offset + 4 + padded > data.size()) return std::nullopt;
    // Nothing but FINGERPRINT may follow MESSAGE-INTEGRITY, and nothing FINGERPRINT.
    if (packet.fingerprint_offset_ != 0) return std::nullopt;
    if (packet.integrity_offset_ != 0 && attribute != kFingerprint) return std::nullopt;
    if (!packet.parse_attribute(attribute, data.subspan(offset + 4, size), offset))
      return std::nullopt;
    offset += 4 + padded;
  }
  if (offset != data.size()) return std::nullopt;
  return packet;
}

bool StunPacket::parse_attribute(uint16_t type, std::span<const uint8_t> value, size_t offset) {
  switch (type) {
    case kUsername:
      if (value.size() > 513) return false;
      username_.assign(value.begin(), value.end());
      return true;
    case kPriority:
      if (value.size() != 4) return false;
      priority_ = read32(value.data());
      return true;
    case kUseCandidate:
      use_candidate_ = true;
      return value.empty();
    case kIceControlling:
      ice_controlling_ = true;
      return value.size() == 8;
    case kIceControlled:
      ice_controlled_ = true;
      return value.size() == 8;
    case kMessageIntegrity:
      if (value.size() != 20) return false;
      integrity_offset_ = offset;
      std::memcpy(integrity_.data(), value.data(), 20);
      return true;
    case kFingerprint:
      if (value.size() != 4) return false;
      fingerprint_offset_ = offset;
      fingerprint_ = read32(value.data());
      return true;
    case kXorMappedAddress:
      mapped_ = parse_xor_address(value, transaction_id_);
      return true;
    case kErrorCode:
      if (value.size() < 4) return false;
      error_code_ = uint16_t((value[2] & 0x07) * 100 + value[3]);
      return true;
    default:
      return true;  // unknown attributes are skipped
  }
}

std::string_view StunPacket::local_ufrag() const {
  std::string_view name = username_;
  return name.substr(0, name.find(':'));
}

bool StunPacket::check_integrity(std::string_view key) const {
  if (integrity_offset_ == 0) return false;
  std::vector<uint8_t> covered(raw_.begin(), raw_.begin() + long(integrity_offset_));
  set_length(covered, integrity_offset_ - 20 + 24);
  auto mac = hmac_sha1(key, covered.data(), covered.size());
  return CRYPTO_memcmp(mac.data(), integrity_.data(), mac.size()) == 0;
}

bool StunPacket::check_fingerprint() const {
  if (fingerprint_offset_ == 0) return false;
  std::vector<uint8_t> covered(raw_.begin(), raw_.begin() + long(fingerprint_offset_));
  set_length(covered, fingerprint_offset_ - 20 + 8);
  return (crc32(covered) ^ kFingerprintXor) == fingerprint_;
}

std::vector<uint8_t> StunPacket::binding_success(const StunPacket& request,
                                                 const boost::asio::ip::udp::endpoint& mapped,
                                                 std::string_view key) {
  auto out = header(message_type(kBinding, Class::success), request.transaction_id_);
  auto address = xor_address(mapped, request.transaction_id_);
  append_attribute(out, kXorMappedAddress, address.data(), address.size());
  finish(out, key);
  return out;
}

std::vector<uint8_t> StunPacket::binding_error(const StunPacket& request, uint16_t code,
                                               std::string_view reason, std::string_view key) {
  auto out = header(message_type(kBinding, Class::error), request.transaction_id_);
  std::vector<uint8_t> value{0, 0, uint8_t(code / 100), uint8_t(code % 100)};
  value.insert(value.end(), reason.begin(), reason.end());
  append_attribute(out, kErrorCode, value.data(), value.size());
  finish(out, key);
  return out;
}

std::vector<uint8_t> StunPacket::binding_request(const std::array<uint8_t, 12>& transaction_id,
                                                 std::string_view username, std::string_view key,
                                                 uint32_t priority, bool use_candidate) {
  auto out = header(message_type(kBinding, Class::request), transaction_id);
  append_attribute(out, kUsername, reinterpret_cast<const uint8_t*>(username.data()),
                   username.size());
  uint8_t value[8];
  write32(value, priority);
  append_attribute(out, kPriority, value, 4);
  std::memset(value, 0x5A, 8);
  append_attribute(out, kIceControlling, value, 8);
  if (use_candidate) append_attribute(out, kUseCandidate, nullptr, 0);
  finish(out, key);
  return out;
}

}  // namespace media
