// HMAC-SHA256 (OpenSSL), the keyed digest behind JWT signatures and signed download URLs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace auth {

constexpr size_t kHmacSha256Bytes = 32;

// The raw 32-byte digest of `data` under `key`; nullopt only if OpenSSL fails internally.
std::optional<std::string> hmac_sha256(std::string_view key, std::string_view data);

}  // namespace auth
