// TURN REST credentials as coturn's use-auth-secret expects them.
#include <gtest/gtest.h>

#include "auth/turn_credentials.h"

namespace {

TEST(TurnCredentials, UsernameCarriesExpiryAndUser) {
  auto credentials = auth::turn_credentials("s3cret", "user-1", 1'800'000'000);
  EXPECT_EQ(credentials.username, "1800000000:user-1");
}

TEST(TurnCredentials, PasswordIsBase64HmacSha1OfTheUsername) {
  // Computed independently: printf '1800000000:user-1' | openssl dgst -sha1 -hmac s3cret -binary |
  // base64
  auto credentials = auth::turn_credentials("s3cret", "user-1", 1'800'000'000);
  EXPECT_EQ(credentials.password, "+i5QQmeKITadn1bR5jJZkC/HoUY=");
}

TEST(TurnCredentials, DependOnTheSecret) {
  EXPECT_NE(auth::turn_credentials("a", "u", 1).password,
            auth::turn_credentials("b", "u", 1).password);
}

}  // namespace
