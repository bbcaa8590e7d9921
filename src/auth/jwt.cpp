// HS256 JSON Web Tokens: base64url(header) "." base64url(payload) "." base64url(HMAC-SHA256 of
// the first two parts). Verification is strict in a fixed order: exactly three canonical
// base64url parts, a header naming only HS256, a signature matching in constant time, then a
// JSON object payload with well-typed claims and an `exp` still in the future.
#include "auth/jwt.h"

#include <openssl/crypto.h>

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>
#include <utility>

#include "auth/base64url.h"
#include "auth/hmac.h"

namespace auth {
namespace {

namespace json = boost::json;

constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";
constexpr size_t kSignatureBytes = kHmacSha256Bytes;

struct TokenParts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // header "." payload, exactly as received
};

std::optional<TokenParts> split_token(std::string_view token) {
  const size_t first_dot = token.find('.');
  if (first_dot == std::string_view::npos) return std::nullopt;
  const size_t second_dot = token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos) return std::nullopt;
  if (token.find('.', second_dot + 1) != std::string_view::npos) return std::nullopt;
  return TokenParts{
      .header = token.substr(0, first_dot),
      .payload = token.substr(first_dot + 1, second_dot - first_dot - 1),
      .signature = token.substr(second_dot + 1),
      .signing_input = token.substr(0, second_dot),
  };
}

// The JSON object encoded in one base64url part.
std::optional<json::object> decode_json_object(std::string_view part) {
  const std::optional<std::string> text = decode_base64url(part);
  if (!text) return std::nullopt;
  boost::system::error_code error;
  json::value value = json::parse(*text, error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

// Only {"alg":"HS256"} with an optional "typ":"JWT". Anything else ("none", other algorithms,
// "crit", key hints) is refused rather than interpreted: this server issues every token itself.
bool is_hs256_header(const json::object& header) {
  const json::value* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->get_string() != "HS256") return false;
  const json::value* typ = header.if_contains("typ");
  if (typ != nullptr && (!typ->is_string() || typ->get_string() != "JWT")) return false;
  return header.size() == (typ != nullptr ? 2u : 1u);
}

bool has_valid_signature(const TokenParts& parts, std::string_view secret) {
  const std::optional<std::string> received = decode_base64url(parts.signature);
  if (!received || received->size() != kSignatureBytes) return false;
  const std::optional<std::string> expected = hmac_sha256(secret, parts.signing_input);
  if (!expected) return false;
  return CRYPTO_memcmp(received->data(), expected->data(), kSignatureBytes) == 0;
}

// A NumericDate: any JSON number that is exactly a 64-bit integer (1700000000.0 included).
std::optional<int64_t> seconds_value(const json::value& value) {
  boost::system::error_code error;
  const auto seconds = value.to_number<int64_t>(error);
  if (error) return std::nullopt;
  return seconds;
}

// The claims of a payload whose required members are present and whose optional members, when
// present, have the right type. Expiry is checked by the caller.
std::optional<Claims> claims_from_payload(const json::object& payload) {
  Claims claims;
  const json::value* sub = payload.if_contains("sub");
  if (sub == nullptr || !sub->is_string()) return std::nullopt;
  claims.user_id = sub->get_string();

  const json::value* exp = payload.if_contains("exp");
  if (exp == nullptr) return std::nullopt;
  const std::optional<int64_t> expires_at = seconds_value(*exp);
  if (!expires_at) return std::nullopt;
  claims.expires_at = *expires_at;

  if (const json::value* name = payload.if_contains("name")) {
    if (!name->is_string()) return std::nullopt;
    claims.name = name->get_string();
  }
  if (const json::value* admin = payload.if_contains("admin")) {
    if (!admin->is_bool()) return std::nullopt;
    claims.is_admin = admin->get_bool();
  }
  if (const json::value* iat = payload.if_contains("iat")) {
    const std::optional<int64_t> issued_at = seconds_value(*iat);
    if (!issued_at) return std::nullopt;
    claims.issued_at = *issued_at;
  }
  return claims;
}

int64_t current_unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

JwtSigner::JwtSigner(std::string secret, std::chrono::seconds lifetime)
    : secret_(std::move(secret)), lifetime_(lifetime) {
  // With an empty key anyone could mint tokens that verify.
  if (secret_.empty()) throw std::invalid_argument("JWT secret must not be empty");
}

std::string JwtSigner::sign(Claims claims, int64_t now_seconds) const {
  claims.issued_at = now_seconds;
  claims.expires_at = now_seconds + lifetime_.count();
  const json::object payload{
      {"sub", claims.user_id},   {"name", claims.name},      {"admin", claims.is_admin},
      {"iat", claims.issued_at}, {"exp", claims.expires_at},
  };
  std::string token = encode_base64url(kHeaderJson);
  token += '.';
  token += encode_base64url(json::serialize(payload));
  const std::optional<std::string> signature = hmac_sha256(secret_, token);
  if (!signature) throw std::runtime_error("HMAC-SHA256 failed");
  token += '.';
  token += encode_base64url(*signature);
  return token;
}

std::string JwtSigner::sign(Claims claims) const {
  return sign(std::move(claims), current_unix_seconds());
}

std::optional<Claims> JwtSigner::verify(std::string_view token, int64_t now_seconds) const {
  const std::optional<TokenParts> parts = split_token(token);
  if (!parts) return std::nullopt;
  const std::optional<json::object> header = decode_json_object(parts->header);
  if (!header || !is_hs256_header(*header)) return std::nullopt;
  // The payload is only parsed once it is known to come from us.
  if (!has_valid_signature(*parts, secret_)) return std::nullopt;
  const std::optional<json::object> payload = decode_json_object(parts->payload);
  if (!payload) return std::nullopt;
  std::optional<Claims> claims = claims_from_payload(*payload);
  if (!claims || claims->expires_at <= now_seconds) return std::nullopt;
  return claims;
}

std::optional<Claims> JwtSigner::verify(std::string_view token) const {
  return verify(token, current_unix_seconds());
}

}  // namespace auth
