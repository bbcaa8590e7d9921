// Base64url (RFC 4648 section 5) without padding, as JWTs use it. Decoding is strict and
// canonical: only the url-safe alphabet, no padding or whitespace, and the unused low bits of
// the last character must be zero, so every byte string has exactly one accepted encoding and
// any change to an encoded token changes what it decodes to (or makes it invalid).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auth {

std::string encode_base64url(std::string_view bytes);

// nullopt for any character outside the alphabet, an impossible length or non-zero unused bits.
std::optional<std::string> decode_base64url(std::string_view text);

}  // namespace auth
