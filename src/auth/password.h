// Password hashing with argon2id (libsodium's crypto_pwhash_str, interactive limits). Hashing
// is deliberately slow: call it on the worker pool, never on an I/O thread.
#pragma once

#include <string>
#include <string_view>

namespace auth {

// Throws std::runtime_error when libsodium cannot allocate the memory the hash needs.
std::string hash_password(std::string_view password);
// Constant time in the password; false for a malformed hash.
bool verify_password(std::string_view password, const std::string& hash);

}  // namespace auth
