// Base64 (RFC 4648, with padding) for binary Engine.IO packets carried over long-polling,
// where a binary message travels as 'b' followed by the base64 of its bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sio::engine {

void append_base64(std::string& out, std::string_view bytes);
std::string encode_base64(std::string_view bytes);

// Strict decoding: padding required, no whitespace; nullopt on any invalid input.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace sio::engine
