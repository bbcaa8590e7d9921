// The identity of anonymous users: the SHA-256 hex of their IP and the client address taken
// from X-Forwarded-For only behind a trusted proxy (seed 002).
#include <gtest/gtest.h>

#include "rooms/public_access.h"

namespace {

using rooms::client_address;
using rooms::ip_hash;

TEST(PublicAccess, IpHashIsSha256Hex) {
  // sha256("127.0.0.1")
  EXPECT_EQ(ip_hash("127.0.0.1"),
            "12ca17b49af2289436f303e0166030a21e525d266e209267433801a8fd4071a0");
  EXPECT_EQ(ip_hash("").size(), 64u);
  EXPECT_NE(ip_hash("10.0.0.1"), ip_hash("10.0.0.2"));
}

TEST(PublicAccess, ClientAddressIgnoresForwardedForUnlessTrusted) {
  EXPECT_EQ(client_address("10.0.0.9", "127.0.0.1", false), "127.0.0.1");
  EXPECT_EQ(client_address("10.0.0.9", "127.0.0.1", true), "10.0.0.9");
}

TEST(PublicAccess, ClientAddressTakesTheFirstForwardedEntry) {
  EXPECT_EQ(client_address(" 10.0.0.9 , 192.168.1.1", "127.0.0.1", true), "10.0.0.9");
  EXPECT_EQ(client_address("", "127.0.0.1", true), "127.0.0.1");
  EXPECT_EQ(client_address(" ,10.0.0.9", "127.0.0.1", true), "127.0.0.1");
}

}  // namespace
