#include "rooms/public_access.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "rooms/fields.h"

namespace rooms {

std::string ip_hash(std::string_view ip) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(ip.data(), ip.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string client_address(std::string_view forwarded_for, std::string peer, bool trust_proxy) {
  if (trust_proxy && !forwarded_for.empty()) {
    auto first = trim(forwarded_for.substr(0, forwarded_for.find(',')));
    if (!first.empty()) return first;
  }
  return peer;
}

Failure invalid_user() {
  return {http::Status::forbidden, "INVALID_USER",
          "Unknown anonymous user, or one created from another IP address"};
}

store::User require_public_access(store::Store& store, const std::string& user_id,
                                  const std::string& caller_ip_hash, const std::string& room_id) {
  auto user = is_uuid(user_id) ? store.user_by_id(user_id) : std::nullopt;
  if (!user || !user->is_anonymous || user->ip_hash.empty() || user->ip_hash != caller_ip_hash)
    throw Refused{invalid_user()};
  // Private rooms are reached by join code and account only: to the public door they do not
  // exist.
  auto room = is_uuid(room_id) ? store.room(room_id) : std::nullopt;
  if (!room || !room->is_public) throw Refused{not_found("ROOM_NOT_FOUND", "No such public room")};
  return *user;
}

}  // namespace rooms
