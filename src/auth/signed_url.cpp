#include "auth/signed_url.h"

#include <openssl/crypto.h>

#include <stdexcept>

#include "auth/base64url.h"
#include "auth/hmac.h"

namespace auth {

namespace {

constexpr std::string_view kKeyPurpose = "carrel-file-urls";

// Plain decimal seconds, at most 12 digits: no sign, spaces or leading zeros, so one expiry has
// one spelling.
bool parse_expiry(std::string_view text, int64_t& out) {
  if (text.empty() || text.size() > 12 || (text.size() > 1 && text[0] == '0')) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

UrlSigner::UrlSigner(std::string_view jwt_secret, std::chrono::seconds lifetime)
    : lifetime_(lifetime) {
  if (jwt_secret.empty()) throw std::invalid_argument("empty secret for signed URLs");
  key_ = hmac_sha256(jwt_secret, kKeyPurpose).value();
}

std::string UrlSigner::signature(std::string_view resource, int64_t expires_at) const {
  std::string message(resource);
  message += ':';
  message += std::to_string(expires_at);
  return encode_base64url(hmac_sha256(key_, message).value());
}

UrlSignature UrlSigner::sign(std::string_view resource, int64_t now_seconds) const {
  const int64_t expires_at = now_seconds + lifetime_.count();
  return {expires_at, signature(resource, expires_at)};
}

UrlCheck UrlSigner::verify(std::string_view resource, std::string_view expires,
                           std::string_view given, int64_t now_seconds) const {
  int64_t expires_at = 0;
  if (!parse_expiry(expires, expires_at)) return UrlCheck::invalid_signature;
  auto decoded = decode_base64url(given);
  if (!decoded || decoded->size() != kHmacSha256Bytes) return UrlCheck::invalid_signature;
  auto expected = hmac_sha256(key_, std::string(resource) + ":" + std::to_string(expires_at));
  if (!expected || CRYPTO_memcmp(decoded->data(), expected->data(), kHmacSha256Bytes) != 0)
    return UrlCheck::invalid_signature;
  return expires_at < now_seconds ? UrlCheck::expired : UrlCheck::valid;
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace auth
