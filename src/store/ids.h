// Identifiers made by the store: UUID v4 strings for every row and 6-character room join codes,
// both from OpenSSL's CSPRNG (join codes are guessable capabilities, so not std::rand).
#pragma once

#include <cstdint>
#include <string>

namespace store {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lower-case hex, RFC 4122 version 4 variant 1.
std::string new_uuid();

// Six characters of ABCDEFGHJKLMNPQRSTUVWXYZ23456789 (no 0/O, 1/I look-alikes).
std::string new_join_code();

// ASCII lower-casing for emails: the comparison rule is byte-wise, not locale-dependent.
std::string lower_ascii(std::string s);

// Milliseconds since the Unix epoch, from the system clock.
int64_t now_millis();

}  // namespace store
