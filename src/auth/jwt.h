// JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, RFC 7515). Only alg HS256 is accepted:
// tokens with any other alg (including "none"), a bad signature (compared in constant time),
// malformed parts or an expired `exp` are rejected.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auth {

struct Claims {
  std::string user_id;     // "sub"
  std::string name;        // "name"
  bool is_admin = false;   // "admin"
  int64_t issued_at = 0;   // "iat", seconds since the epoch
  int64_t expires_at = 0;  // "exp", seconds since the epoch
};

class JwtSigner {
 public:
  // Throws std::invalid_argument for an empty secret.
  explicit JwtSigner(std::string secret,
                     std::chrono::seconds lifetime = std::chrono::hours(24 * 7));

  // A token for `claims`; iat and exp are set from `now` and the lifetime.
  std::string sign(Claims claims, int64_t now_seconds) const;
  std::string sign(Claims claims) const;
  // The claims of a valid, unexpired token; nullopt otherwise.
  std::optional<Claims> verify(std::string_view token, int64_t now_seconds) const;
  std::optional<Claims> verify(std::string_view token) const;

 private:
  std::string secret_;
  std::chrono::seconds lifetime_;
};

// The secret kept in `<data_dir>/jwt-secret` (mode 0600), created with 32 random bytes
// (hex-encoded) when missing. Throws std::runtime_error when the directory is not writable.
std::string load_or_create_secret(const std::string& data_dir);

}  // namespace auth
