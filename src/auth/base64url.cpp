// Base64url codec for JWT parts: bits are accumulated six at a time (decoding) or eight at a
// time (encoding) in a small buffer; see base64url.h for the canonical-form rules.
#include "auth/base64url.h"

#include <cstdint>

namespace auth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of an alphabet character, or -1.
int sextet_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

std::string encode_base64url(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t buffer = 0;
  int pending_bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    pending_bits += 8;
    while (pending_bits >= 6) {
      pending_bits -= 6;
      text += kAlphabet[(buffer >> pending_bits) & 0x3F];
    }
  }
  // The last character carries the remaining bits in its high end, zero-filled.
  if (pending_bits > 0) text += kAlphabet[(buffer << (6 - pending_bits)) & 0x3F];
  return text;
}

std::optional<std::string> decode_base64url(std::string_view text) {
  // One leftover character would hold only 6 bits: not a whole byte, so never produced.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int pending_bits = 0;
  for (char c : text) {
    const int value = sextet_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | uint32_t(value);
    pending_bits += 6;
    if (pending_bits >= 8) {
      pending_bits -= 8;
      bytes += char((buffer >> pending_bits) & 0xFF);
    }
  }
  // Leftover bits (2 or 4) that an encoder would have written as zero: anything else is a
  // second spelling of the same bytes.
  const uint32_t unused_mask = (uint32_t(1) << pending_bits) - 1;
  if ((buffer & unused_mask) != 0) return std::nullopt;
  return bytes;
}

}  // namespace auth
