// argon2id password hashes in libsodium's self-describing string format ("$argon2id$v=19$m=...").
// The salt and parameters live in the string, so verification needs nothing else.
#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

namespace auth {
namespace {

// sodium_init must run before any other libsodium call; a function-local static makes the
// first caller run it exactly once even when several threads race here.
void ensure_sodium_initialized() {
  static const int init_result = sodium_init();
  if (init_result < 0) throw std::runtime_error("libsodium could not be initialized");
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium_initialized();
  char hash[crypto_pwhash_STRBYTES];
  // The algorithm is named explicitly rather than relying on libsodium's default.
  if (crypto_pwhash_str_alg(
          hash, password.data(), password.size(), crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
          crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return hash;
}

bool verify_password(std::string_view password, const std::string& hash) {
  ensure_sodium_initialized();
  // libsodium reads a C string: a hash with an embedded NUL would be checked only up to it, and
  // one as long as the buffer cannot be a hash it produced.
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string::npos) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace auth
