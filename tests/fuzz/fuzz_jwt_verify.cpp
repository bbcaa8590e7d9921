// Fuzzes JWT verification. Arbitrary bytes go to JwtSigner::verify as a token, which must not
// crash and practically never verifies. Because a random input never carries a valid
// signature, the part before the input's last '.' is also signed with the fuzzer's secret and
// verified, so header and payload parsing are reached too; whatever verifies then must be
// unexpired and must survive being signed again with its claims unchanged.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/base64url.h"
#include "auth/jwt.h"
#include "fuzz_check.h"

namespace {

// The corpus seeds are tokens signed with this secret at kNow (see corpus/fuzz_jwt_verify/).
constexpr std::string_view kSecret = "carrel-fuzz-secret";
constexpr int64_t kNow = 1'700'000'000;

std::string sign_with_secret(std::string_view signing_input) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), kSecret.data(), int(kSecret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), digest,
       &length);
  return std::string(signing_input) + "." +
         auth::encode_base64url(std::string_view(reinterpret_cast<char*>(digest), length));
}

void check_accepted_claims(const auth::JwtSigner& signer, const auth::Claims& claims) {
  FUZZ_CHECK(claims.expires_at > kNow);
  const std::optional<auth::Claims> again = signer.verify(signer.sign(claims, kNow), kNow);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->user_id == claims.user_id);
  FUZZ_CHECK(again->name == claims.name);
  FUZZ_CHECK(again->is_admin == claims.is_admin);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auth::JwtSigner signer{std::string(kSecret)};
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (const auto claims = signer.verify(input, kNow)) check_accepted_claims(signer, *claims);

  const std::string_view signing_input = input.substr(0, input.rfind('.'));
  if (const auto claims = signer.verify(sign_with_secret(signing_input), kNow)) {
    check_accepted_claims(signer, *claims);
  }
  return 0;
}
