// Unit and property tests for HS256 JWTs and the persisted signing secret. Forged tokens are
// built by hand (base64url parts, HMAC-SHA256 with the real secret where the attack needs it) to
// show that only an exact HS256 header, a matching signature, well-typed claims and a future
// `exp` get through, and that changing any single byte of a token makes it invalid.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <rapidcheck.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/base64url.h"
#include "auth/jwt.h"

namespace {

namespace fs = std::filesystem;
using auth::Claims;
using auth::decode_base64url;
using auth::encode_base64url;
using auth::JwtSigner;

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr int64_t kNow = 1'700'000'000;
constexpr std::string_view kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

Claims sample_claims() {
  return Claims{.user_id = "u-42", .name = "Ada Lovelace", .is_admin = true};
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// A token with arbitrary header and payload JSON, correctly HS256-signed with `secret`.
std::string forge_signed(std::string_view header_json, std::string_view payload_json,
                         std::string_view secret = kSecret) {
  const std::string signing_input =
      encode_base64url(header_json) + "." + encode_base64url(payload_json);
  return signing_input + "." + encode_base64url(hmac_sha256(secret, signing_input));
}

std::string payload_expiring_at(int64_t exp) {
  return R"({"sub":"u-42","name":"Ada","admin":false,"iat":1,"exp":)" + std::to_string(exp) + "}";
}

const std::string kValidPayload = payload_expiring_at(kNow + 3600);

class Jwt : public ::testing::Test {
 protected:
  JwtSigner signer_{std::string(kSecret), std::chrono::hours(1)};
};

// ---- base64url ----

TEST(Base64url, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(encode_base64url(""), "");
  EXPECT_EQ(encode_base64url("f"), "Zg");
  EXPECT_EQ(encode_base64url("fo"), "Zm8");
  EXPECT_EQ(encode_base64url("foo"), "Zm9v");
  EXPECT_EQ(encode_base64url("foob"), "Zm9vYg");
  EXPECT_EQ(encode_base64url("fooba"), "Zm9vYmE");
  EXPECT_EQ(encode_base64url("foobar"), "Zm9vYmFy");
  EXPECT_EQ(encode_base64url("\xfb\xff"), "-_8");
}

TEST(Base64url, DecodesWhatItEncodes) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += char(i);
  for (size_t length = 0; length <= all_bytes.size(); ++length) {
    const std::string bytes = all_bytes.substr(0, length);
    EXPECT_EQ(decode_base64url(encode_base64url(bytes)), bytes);
  }
}

TEST(Base64url, RejectsNonCanonicalInput) {
  EXPECT_EQ(decode_base64url("Zg=="), std::nullopt);  // padding
  EXPECT_EQ(decode_base64url("Zh"), std::nullopt);    // unused bits set: also "f"
  EXPECT_EQ(decode_base64url("Zm9"), std::nullopt);   // unused bits set: also "fo"
  EXPECT_EQ(decode_base64url("Z"), std::nullopt);     // a lone character is not a byte
  EXPECT_EQ(decode_base64url("+/8"), std::nullopt);   // standard, not url-safe, alphabet
  EXPECT_EQ(decode_base64url("Zm9v "), std::nullopt);
  EXPECT_EQ(decode_base64url(std::string("Zm\0v", 4)), std::nullopt);
}

// ---- signing and verifying ----

TEST_F(Jwt, RoundTripKeepsAllClaims) {
  const std::optional<Claims> claims = signer_.verify(signer_.sign(sample_claims(), kNow), kNow);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, "u-42");
  EXPECT_EQ(claims->name, "Ada Lovelace");
  EXPECT_TRUE(claims->is_admin);
  EXPECT_EQ(claims->issued_at, kNow);
  EXPECT_EQ(claims->expires_at, kNow + 3600);
}

TEST_F(Jwt, RoundTripKeepsNonAdminAndUnicodeName) {
  Claims input{.user_id = "7", .name = "Zoë \"Z\" 学生", .is_admin = false};
  const std::optional<Claims> claims = signer_.verify(signer_.sign(input, kNow), kNow + 1);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->name, input.name);
  EXPECT_FALSE(claims->is_admin);
}

TEST_F(Jwt, SignsWithTheCurrentClockByDefault) {
  const std::optional<Claims> claims = signer_.verify(signer_.sign(sample_claims()));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->expires_at - claims->issued_at, 3600);
}

TEST_F(Jwt, TokenHasTheStandardHs256Header) {
  const std::string token = signer_.sign(sample_claims(), kNow);
  const std::string header = *decode_base64url(token.substr(0, token.find('.')));
  EXPECT_EQ(header, kHs256Header);
}

TEST_F(Jwt, AcceptsHandMadeTokensWithOrWithoutTyp) {
  EXPECT_TRUE(signer_.verify(forge_signed(kHs256Header, kValidPayload), kNow));
  EXPECT_TRUE(signer_.verify(forge_signed(R"({"alg":"HS256"})", kValidPayload), kNow));
}

TEST(JwtSignerConstruction, RejectsAnEmptySecret) {
  EXPECT_THROW(JwtSigner(""), std::invalid_argument);
}

// ---- forged and tampered tokens ----

TEST_F(Jwt, RejectsTamperedPayload) {
  const std::string token = signer_.sign(Claims{.user_id = "u-1", .name = "Eve"}, kNow);
  const size_t first_dot = token.find('.');
  const size_t second_dot = token.find('.', first_dot + 1);
  const std::string admin_payload = encode_base64url(
      R"({"sub":"u-1","name":"Eve","admin":true,"iat":1700000000,"exp":1700003600})");
  const std::string forged =
      token.substr(0, first_dot + 1) + admin_payload + token.substr(second_dot);
  EXPECT_FALSE(signer_.verify(forged, kNow));
}

TEST_F(Jwt, RejectsTamperedSignature) {
  std::string token = signer_.sign(sample_claims(), kNow);
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer_.verify(token, kNow));
}

TEST_F(Jwt, RejectsTruncatedOrMissingSignature) {
  const std::string token = signer_.sign(sample_claims(), kNow);
  EXPECT_FALSE(signer_.verify(token.substr(0, token.size() - 4), kNow));
  EXPECT_FALSE(signer_.verify(token.substr(0, token.rfind('.') + 1), kNow));
}

TEST_F(Jwt, RejectsTokensSignedWithAnotherSecret) {
  const JwtSigner other("another secret", std::chrono::hours(1));
  EXPECT_FALSE(signer_.verify(other.sign(sample_claims(), kNow), kNow));
  EXPECT_FALSE(signer_.verify(forge_signed(kHs256Header, kValidPayload, "another secret"), kNow));
}

TEST_F(Jwt, RejectsAlgNoneWithoutSignature) {
  for (std::string_view alg : {"none", "None", "NONE"}) {
    const std::string header = R"({"alg":")" + std::string(alg) + R"(","typ":"JWT"})";
    const std::string unsigned_token =
        encode_base64url(header) + "." + encode_base64url(kValidPayload) + ".";
    EXPECT_FALSE(signer_.verify(unsigned_token, kNow)) << alg;
  }
}

TEST_F(Jwt, RejectsAlgNoneEvenWithAValidSignature) {
  EXPECT_FALSE(signer_.verify(forge_signed(R"({"alg":"none","typ":"JWT"})", kValidPayload), kNow));
  EXPECT_FALSE(signer_.verify(forge_signed(R"({"alg":"none"})", kValidPayload), kNow));
}

TEST_F(Jwt, RejectsOtherAlgorithmsEvenWhenSignedWithTheSecret) {
  for (std::string_view alg : {"HS512", "HS384", "RS256", "ES256", "hs256", "HS256 ", ""}) {
    const std::string header = R"({"alg":")" + std::string(alg) + R"(","typ":"JWT"})";
    EXPECT_FALSE(signer_.verify(forge_signed(header, kValidPayload), kNow)) << alg;
  }
}

TEST_F(Jwt, RejectsHeadersThatAreNotExactlyHs256) {
  for (std::string_view header : {
           R"({"typ":"JWT"})",
           R"({})",
           R"({"alg":null})",
           R"({"alg":256})",
           R"({"alg":["HS256"]})",
           R"({"alg":"HS256","typ":"JWS"})",
           R"({"alg":"HS256","typ":1})",
           R"({"alg":"HS256","kid":"1"})",
           R"({"alg":"HS256","crit":["exp"]})",
           R"(["HS256"])",
           R"("HS256")",
           R"({"alg":"HS256")",
       }) {
    EXPECT_FALSE(signer_.verify(forge_signed(header, kValidPayload), kNow)) << header;
  }
}

// ---- expiry ----

TEST_F(Jwt, RejectsExpiredTokens) {
  const std::string token = signer_.sign(sample_claims(), kNow);
  EXPECT_TRUE(signer_.verify(token, kNow + 3599));
  EXPECT_FALSE(signer_.verify(token, kNow + 3601));
  EXPECT_FALSE(signer_.verify(token, kNow + 365 * 24 * 3600));
}

TEST_F(Jwt, RejectsTokenExpiringExactlyNow) {
  EXPECT_FALSE(signer_.verify(signer_.sign(sample_claims(), kNow), kNow + 3600));
  EXPECT_FALSE(signer_.verify(forge_signed(kHs256Header, payload_expiring_at(kNow)), kNow));
  EXPECT_TRUE(signer_.verify(forge_signed(kHs256Header, payload_expiring_at(kNow + 1)), kNow));
}

// ---- malformed tokens ----

TEST_F(Jwt, RejectsGarbage) {
  const std::string token = signer_.sign(sample_claims(), kNow);
  const std::vector<std::string> garbage = {
      "",
      ".",
      "..",
      "...",
      "abc",
      "a.b",
      "a.b.c",
      "not a token at all",
      token + ".",
      "." + token,
      token + "." + token.substr(token.rfind('.') + 1),
      token.substr(0, token.find('.')) + ".." + token.substr(token.find('.') + 1),
      " " + token,
      token + " ",
      token + "\n",
      token + "=",
      std::string(token).insert(token.find('.'), "="),
      std::string(token.size(), '\0'),
  };
  for (const std::string& input : garbage) EXPECT_FALSE(signer_.verify(input, kNow)) << input;
}

TEST_F(Jwt, RejectsInvalidBase64url) {
  std::string token = signer_.sign(sample_claims(), kNow);
  for (char bad : {'+', '/', '=', '*', '\x80'}) {
    for (size_t position : {size_t(0), token.find('.') + 1, token.size() - 1}) {
      std::string mutated = token;
      mutated[position] = bad;
      EXPECT_FALSE(signer_.verify(mutated, kNow)) << position << " " << bad;
    }
  }
}

TEST_F(Jwt, RejectsNonCanonicalSignatureEncoding) {
  // 32 signature bytes take 43 characters whose last carries 2 unused bits; setting them
  // would spell the same signature another way.
  const std::string token = signer_.sign(sample_claims(), kNow);
  const std::string signature = *decode_base64url(token.substr(token.rfind('.') + 1));
  std::string encoded = encode_base64url(signature);
  ASSERT_EQ(encoded.size(), 43u);
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  encoded.back() = kAlphabet[kAlphabet.find(encoded.back()) | 1];
  EXPECT_FALSE(signer_.verify(token.substr(0, token.rfind('.') + 1) + encoded, kNow));
}

TEST_F(Jwt, RejectsPayloadsThatAreNotJsonObjects) {
  for (std::string_view payload : {"", "not json", "[1,2]", R"("sub")", "42", "null",
                                   R"({"sub":"u","exp":99999999999)", "\xff\xfe"}) {
    EXPECT_FALSE(signer_.verify(forge_signed(kHs256Header, payload), kNow)) << payload;
  }
}

TEST_F(Jwt, RejectsMissingOrMistypedClaims) {
  for (std::string_view payload : {
           R"({"exp":99999999999})",
           R"({"sub":42,"exp":99999999999})",
           R"({"sub":null,"exp":99999999999})",
           R"({"sub":["u"],"exp":99999999999})",
           R"({"sub":"u"})",
           R"({"sub":"u","exp":"99999999999"})",
           R"({"sub":"u","exp":true})",
           R"({"sub":"u","exp":null})",
           R"({"sub":"u","exp":99999999999.5})",
           R"({"sub":"u","exp":1e300})",
           R"({"sub":"u","exp":99999999999,"name":7})",
           R"({"sub":"u","exp":99999999999,"admin":"true"})",
           R"({"sub":"u","exp":99999999999,"admin":1})",
           R"({"sub":"u","exp":99999999999,"iat":"now"})",
       }) {
    EXPECT_FALSE(signer_.verify(forge_signed(kHs256Header, payload), kNow)) << payload;
  }
}

TEST_F(Jwt, OptionalClaimsDefaultWhenAbsent) {
  const std::optional<Claims> claims =
      signer_.verify(forge_signed(kHs256Header, R"({"sub":"u","exp":99999999999.0})"), kNow);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->user_id, "u");
  EXPECT_EQ(claims->name, "");
  EXPECT_FALSE(claims->is_admin);
  EXPECT_EQ(claims->issued_at, 0);
  EXPECT_EQ(claims->expires_at, 99999999999);
}

// ---- every single-byte change invalidates a token ----

TEST_F(Jwt, EveryByteValueAtEveryPositionInvalidatesTheToken) {
  const std::string token = signer_.sign(sample_claims(), kNow);
  for (size_t position = 0; position < token.size(); ++position) {
    for (int mask = 1; mask < 256; ++mask) {
      std::string mutated = token;
      mutated[position] = char(mutated[position] ^ mask);
      ASSERT_FALSE(signer_.verify(mutated, kNow)) << "position " << position << " mask " << mask;
    }
  }
}

TEST(JwtProperty, FlippingAnyByteOfAValidTokenMakesItInvalid) {
  const auto printable_text = rc::gen::container<std::string>(rc::gen::inRange<char>(32, 127));
  const bool passed = rc::check([&] {
    const auto secret = *rc::gen::nonEmpty(rc::gen::arbitrary<std::string>());
    const JwtSigner signer(secret, std::chrono::seconds(*rc::gen::inRange(1, 1'000'000)));
    const Claims claims{.user_id = *printable_text,
                        .name = *printable_text,
                        .is_admin = *rc::gen::arbitrary<bool>()};
    const auto now = *rc::gen::inRange<int64_t>(0, int64_t(1) << 40);
    const std::string token = signer.sign(claims, now);
    RC_ASSERT(signer.verify(token, now).has_value());

    const auto position = *rc::gen::inRange<size_t>(0, token.size());
    const auto mask = *rc::gen::inRange(1, 256);
    std::string mutated = token;
    mutated[position] = char(mutated[position] ^ mask);
    RC_ASSERT(mutated != token);
    RC_ASSERT_FALSE(signer.verify(mutated, now).has_value());
  });
  EXPECT_TRUE(passed);
}

// ---- the persisted secret ----

class SecretFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "carrel-auth-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write_file(const fs::path& path, const std::string& contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }

  fs::path root_;
};

TEST_F(SecretFile, CreatesA64HexCharacterSecretWithMode0600) {
  const std::string secret = auth::load_or_create_secret(root_.string());
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos) << secret;

  struct stat info {};
  ASSERT_EQ(::stat((root_ / "jwt-secret").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(SecretFile, ReusesTheSecretOnTheSecondCall) {
  const std::string first = auth::load_or_create_secret(root_.string());
  EXPECT_EQ(auth::load_or_create_secret(root_.string()), first);
}

TEST_F(SecretFile, DifferentDirectoriesGetDifferentSecrets) {
  EXPECT_NE(auth::load_or_create_secret((root_ / "a").string()),
            auth::load_or_create_secret((root_ / "b").string()));
}

TEST_F(SecretFile, CreatesMissingDirectoriesAndLeavesNoTemporaryFiles) {
  const fs::path data_dir = root_ / "nested" / "data";
  auth::load_or_create_secret(data_dir.string());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"jwt-secret"});
}

TEST_F(SecretFile, TrimsWhitespaceFromAnExistingSecret) {
  write_file(root_ / "jwt-secret", "  \tkept-secret-value\r\n\n");
  EXPECT_EQ(auth::load_or_create_secret(root_.string()), "kept-secret-value");
}

TEST_F(SecretFile, RefusesAnEmptySecretFile) {
  write_file(root_ / "jwt-secret", " \n");
  EXPECT_THROW(auth::load_or_create_secret(root_.string()), std::runtime_error);
}

TEST_F(SecretFile, ThrowsWhenTheDirectoryCannotBeCreated) {
  write_file(root_ / "plain-file", "x");
  EXPECT_THROW(auth::load_or_create_secret((root_ / "plain-file" / "data").string()),
               std::runtime_error);
}

}  // namespace
