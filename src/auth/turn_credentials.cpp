#include "auth/turn_credentials.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace auth {

TurnCredentials turn_credentials(const std::string& secret, const std::string& user_id,
                                 int64_t expires_at_seconds) {
  TurnCredentials credentials;
  credentials.username = std::to_string(expires_at_seconds) + ":" + user_id;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), int(secret.size()),
       reinterpret_cast<const unsigned char*>(credentials.username.data()),
       credentials.username.size(), digest, &length);
  std::string encoded(4 * ((length + 2) / 3), '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest, int(length));
  encoded.resize(size_t(written));
  credentials.password = std::move(encoded);
  return credentials;
}

}  // namespace auth
