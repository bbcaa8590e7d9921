// STUN messages (RFC 5389) as ICE-lite needs them (RFC 8445): parsing a Binding request with
// its USERNAME, PRIORITY, ICE-CONTROLLING/CONTROLLED and USE-CANDIDATE attributes, checking
// MESSAGE-INTEGRITY (HMAC-SHA1 keyed with the ICE password) and FINGERPRINT (CRC-32 xor
// 0x5354554e), and writing Binding success and error responses. Parsing never trusts a length:
// every attribute must fit the message, and anything malformed yields std::nullopt.
#pragma once

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace media {

class StunPacket {
 public:
  enum class Class : uint8_t { request = 0, indication = 1, success = 2, error = 3 };
  static constexpr uint16_t kBinding = 1;
  static constexpr uint32_t kMagicCookie = 0x2112A442;

  // True when the datagram looks like STUN (RFC 7983: first byte 0..3, magic cookie).
  static bool looks_like_stun(std::span<const uint8_t> data);
  static std::optional<StunPacket> parse(std::span<const uint8_t> data);

  uint16_t method() const { return method_; }
  Class message_class() const { return class_; }
  const std::array<uint8_t, 12>& transaction_id() const { return transaction_id_; }
  const std::string& username() const { return username_; }
  // The part of USERNAME before ':' (the receiver's ufrag in an ICE check).
  std::string_view local_ufrag() const;
  std::optional<uint32_t> priority() const { return priority_; }
  bool use_candidate() const { return use_candidate_; }
  bool ice_controlling() const { return ice_controlling_; }
  bool ice_controlled() const { return ice_controlled_; }
  bool has_integrity() const { return integrity_offset_ != 0; }
  bool has_fingerprint() const { return fingerprint_offset_ != 0; }
  std::optional<boost::asio::ip::udp::endpoint> xor_mapped_address() const { return mapped_; }
  std::optional<uint16_t> error_code() const { return error_code_; }

  // MESSAGE-INTEGRITY over the message up to that attribute, keyed with `key`.
  bool check_integrity(std::string_view key) const;
  bool check_fingerprint() const;

  // A Binding success response to `request` with XOR-MAPPED-ADDRESS `mapped`,
  // MESSAGE-INTEGRITY keyed with `key` and FINGERPRINT.
  static std::vector<uint8_t> binding_success(const StunPacket& request,
                                              const boost::asio::ip::udp::endpoint& mapped,
                                              std::string_view key);
  // A Binding error response (e.g. 400 Bad Request, 401 Unauthorized, 487 Role Conflict) with
  // FINGERPRINT, and MESSAGE-INTEGRITY when `key` is not empty.
  static std::vector<uint8_t> binding_error(const StunPacket& request, uint16_t code,
                                            std::string_view reason, std::string_view key = {});
  // A Binding request as an ICE agent sends it (for tests and benchmarks).
  static std::vector<uint8_t> binding_request(const std::array<uint8_t, 12>& transaction_id,
                                              std::string_view username, std::string_view key,
                                              uint32_t priority, bool use_candidate);

 private:
  bool parse_attribute(uint16_t type, std::span<const uint8_t> value, size_t offset);

  std::vector<uint8_t> raw_;
  uint16_t method_ = 0;
  Class class_ = Class::request;
  std::array<uint8_t, 12> transaction_id_{};
  std::string username_;
  std::optional<uint32_t> priority_;
  bool use_candidate_ = false;
  bool ice_controlling_ = false;
  bool ice_controlled_ = false;
  size_t integrity_offset_ = 0;    // where the MESSAGE-INTEGRITY attribute starts, 0 if none
  size_t fingerprint_offset_ = 0;  // where the FINGERPRINT attribute starts, 0 if none
  std::array<uint8_t, 20> integrity_{};
  uint32_t fingerprint_ = 0;
  std::optional<boost::asio::ip::udp::endpoint> mapped_;
  std::optional<uint16_t> error_code_;
};

// CRC-32 (ISO 3309, as zlib), used by the STUN FINGERPRINT.
uint32_t crc32(std::span<const uint8_t> data);

}  // namespace media
