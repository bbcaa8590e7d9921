// TURN REST API credentials (draft-uberti-behave-turn-rest, as coturn's `use-auth-secret`
// checks them): the username is "<expiry unix time>:<user id>" and the password is
// base64(HMAC-SHA1(shared secret, username)). The TURN server recomputes the password from the
// username and refuses it after the expiry, so no per-user state is shared.
#pragma once

#include <cstdint>
#include <string>

namespace auth {

struct TurnCredentials {
  std::string username;
  std::string password;
};

TurnCredentials turn_credentials(const std::string& secret, const std::string& user_id,
                                 int64_t expires_at_seconds);

}  // namespace auth
