#include "auth/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace auth {

std::optional<std::string> hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  const unsigned char* result = HMAC(EVP_sha256(), key.data(), int(key.size()),
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     data.size(), digest, &digest_length);
  if (result == nullptr || digest_length != kHmacSha256Bytes) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(digest), digest_length);
}

}  // namespace auth
