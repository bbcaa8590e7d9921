// UUID v4 and join-code generation on OpenSSL RAND_bytes (see ids.h).
#include "store/ids.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <stdexcept>
#include <string_view>

namespace store {
namespace {

template <size_t N>
std::array<unsigned char, N> random_bytes() {
  std::array<unsigned char, N> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(N)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  return bytes;
}

}  // namespace

std::string new_uuid() {
  auto b = random_bytes<16>();
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0x0f]);
  }
  return out;
}

std::string new_join_code() {
  static constexpr std::string_view alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  static_assert(alphabet.size() == 32);  // 256 is a multiple of 32: masking is unbiased
  auto b = random_bytes<6>();
  std::string code;
  for (unsigned char c : b) code.push_back(alphabet[c & 31]);
  return code;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace store
