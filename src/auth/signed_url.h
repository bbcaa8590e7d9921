// Signed URLs for downloads that carry no bearer token (a link in a chat, an <img src>): the
// URL names a resource and an expiry, and a signature over both proves the server issued it.
//
// The signature is base64url(HMAC-SHA256(key, "<resource>:<expires_at>")). The key is derived
// from the JWT secret as HMAC-SHA256(jwt_secret, "carrel-file-urls"), so the secret that signs
// tokens never signs anything else and a URL signature can never pass as a token signature.
// Verification decodes strictly (base64url.h) and compares in constant time; an expiry is
// only believed once the signature over it checks out.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace auth {

struct UrlSignature {
  int64_t expires_at = 0;  // seconds since the epoch
  std::string signature;   // base64url, 43 characters
};

enum class UrlCheck { valid, expired, invalid_signature };

class UrlSigner {
 public:
  // Throws std::invalid_argument for an empty secret.
  explicit UrlSigner(std::string_view jwt_secret,
                     std::chrono::seconds lifetime = std::chrono::hours(1));

  // A signature for `resource` valid until now + lifetime.
  UrlSignature sign(std::string_view resource, int64_t now_seconds) const;
  std::string signature(std::string_view resource, int64_t expires_at) const;
  // `expires` and `signature` as they came in the URL's query. A malformed expiry or signature
  // is invalid_signature; a correct signature whose expiry lies before now is expired.
  UrlCheck verify(std::string_view resource, std::string_view expires, std::string_view signature,
                  int64_t now_seconds) const;
  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  std::string key_;
  std::chrono::seconds lifetime_;
};

// Seconds since the epoch, from the system clock.
int64_t unix_seconds();

}  // namespace auth
