// Signed download URLs: the signature scheme, expiry, and that any change to what was signed
// (resource, expiry, signature, secret) is refused.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/base64url.h"
#include "auth/signed_url.h"

namespace {

using auth::UrlCheck;
using auth::UrlSigner;

constexpr int64_t kNow = 1'800'000'000;

TEST(SignedUrl, SignatureIsHmacSha256WithAKeyDerivedFromTheSecret) {
  // Computed independently:
  //   key=$(printf carrel-file-urls | openssl dgst -sha256 -hmac s3cret -binary | xxd -p -c 64)
  //   printf f1:1800000000 | openssl dgst -sha256 -mac HMAC -macopt hexkey:$key -binary | base64url
  UrlSigner signer("s3cret");
  EXPECT_EQ(signer.signature("f1", 1'800'000'000), "SICfne4BWN_JWBzvahMSyWhW7MudvHesjF6eZGSi4xU");
}

TEST(SignedUrl, SignExpiresAfterTheLifetime) {
  UrlSigner signer("s3cret", std::chrono::seconds(3600));
  auto signed_url = signer.sign("f1", kNow);
  EXPECT_EQ(signed_url.expires_at, kNow + 3600);
  EXPECT_EQ(signed_url.signature, signer.signature("f1", kNow + 3600));
  EXPECT_EQ(signed_url.signature.size(), 43u);
}

TEST(SignedUrl, VerifyAcceptsUntilTheExpiryAndThenSaysExpired) {
  UrlSigner signer("s3cret", std::chrono::seconds(60));
  auto s = signer.sign("f1", kNow);
  auto exp = std::to_string(s.expires_at);
  EXPECT_EQ(signer.verify("f1", exp, s.signature, kNow), UrlCheck::valid);
  EXPECT_EQ(signer.verify("f1", exp, s.signature, kNow + 60), UrlCheck::valid);
  EXPECT_EQ(signer.verify("f1", exp, s.signature, kNow + 61), UrlCheck::expired);
}

TEST(SignedUrl, AnyChangeIsAnInvalidSignature) {
  UrlSigner signer("s3cret");
  auto s = signer.sign("f1", kNow);
  auto exp = std::to_string(s.expires_at);
  EXPECT_EQ(signer.verify("f2", exp, s.signature, kNow), UrlCheck::invalid_signature);
  EXPECT_EQ(signer.verify("f1", std::to_string(s.expires_at + 1), s.signature, kNow),
            UrlCheck::invalid_signature);
  auto tampered = s.signature;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(signer.verify("f1", exp, tampered, kNow), UrlCheck::invalid_signature);
  EXPECT_EQ(UrlSigner("other").verify("f1", exp, s.signature, kNow), UrlCheck::invalid_signature);
  // An expired link with a forged signature is refused as forged, not as expired.
  EXPECT_EQ(signer.verify("f1", "1", s.signature, kNow), UrlCheck::invalid_signature);
}

TEST(SignedUrl, MalformedInputsAreInvalid) {
  UrlSigner signer("s3cret");
  auto s = signer.sign("f1", kNow);
  auto exp = std::to_string(s.expires_at);
  for (const char* bad_exp : {"", "-1", "+1800003600", " 1800003600", "01800003600", "18e8",
                              "1800003600x", "9999999999999"})
    EXPECT_EQ(signer.verify("f1", bad_exp, s.signature, kNow), UrlCheck::invalid_signature)
        << bad_exp;
  for (std::string bad_sig : {std::string(), s.signature + "=", s.signature.substr(0, 42),
                              s.signature + "A", std::string(43, '*')})
    EXPECT_EQ(signer.verify("f1", exp, bad_sig, kNow), UrlCheck::invalid_signature) << bad_sig;
}

TEST(SignedUrl, ASignatureMadeWithTheJwtSecretItselfIsRefused) {
  UrlSigner signer("s3cret");
  const std::string message = "f1:" + std::to_string(kNow + 60);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), "s3cret", 6, reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest, &length);
  auto direct = auth::encode_base64url(std::string(reinterpret_cast<char*>(digest), length));
  EXPECT_EQ(signer.verify("f1", std::to_string(kNow + 60), direct, kNow),
            UrlCheck::invalid_signature);
  EXPECT_THROW(UrlSigner(""), std::invalid_argument);
}

}  // namespace
