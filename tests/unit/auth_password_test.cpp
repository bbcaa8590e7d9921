// Unit tests for argon2id password hashing: hashes verify only their own password, carry the
// argon2id identifier and a fresh salt, and malformed hashes are refused instead of throwing.
#include <gtest/gtest.h>

#include <string>

#include "auth/password.h"

namespace {

using auth::hash_password;
using auth::verify_password;

TEST(Password, HashVerifiesTheSamePassword) {
  const std::string hash = hash_password("correct horse battery staple");
  EXPECT_TRUE(verify_password("correct horse battery staple", hash));
}

TEST(Password, HashRejectsAnotherPassword) {
  const std::string hash = hash_password("correct horse battery staple");
  EXPECT_FALSE(verify_password("correct horse battery stapl", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(Password, HashIsArgon2id) {
  const std::string hash = hash_password("hunter2");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
  const std::string first = hash_password("hunter2");
  const std::string second = hash_password("hunter2");
  EXPECT_NE(first, second);
  EXPECT_TRUE(verify_password("hunter2", first));
  EXPECT_TRUE(verify_password("hunter2", second));
}

TEST(Password, EmptyAndBinaryPasswordsRoundTrip) {
  EXPECT_TRUE(verify_password("", hash_password("")));
  const std::string with_nul("a\0b", 3);
  const std::string hash = hash_password(with_nul);
  EXPECT_TRUE(verify_password(with_nul, hash));
  EXPECT_FALSE(verify_password("a", hash));
}

TEST(Password, MalformedHashIsRejected) {
  EXPECT_FALSE(verify_password("hunter2", ""));
  EXPECT_FALSE(verify_password("hunter2", "hunter2"));
  EXPECT_FALSE(verify_password("hunter2", "$argon2id$"));
  EXPECT_FALSE(verify_password("hunter2", "$argon2id$v=19$m=65536,t=2,p=1$garbage"));
  EXPECT_FALSE(verify_password("hunter2", std::string(1000, 'x')));
}

TEST(Password, TruncatedOrExtendedHashIsRejected) {
  const std::string hash = hash_password("hunter2");
  EXPECT_FALSE(verify_password("hunter2", hash.substr(0, hash.size() - 1)));
  // libsodium reads a C string; what follows an embedded NUL must not be ignored.
  EXPECT_FALSE(verify_password("hunter2", hash + std::string("\0x", 2)));
}

}  // namespace
