// The per-IP connection table of the public-room namespaces: the limit, giving slots back on
// disconnect, and the one-hour expiry of entries whose end was never seen (seed 002).
#include <gtest/gtest.h>

#include "rooms/public_connections.h"

namespace {

using rooms::ConnectionTable;
using std::chrono::hours;
using std::chrono::minutes;

const ConnectionTable::Clock::time_point t0{};

TEST(ConnectionTable, AdmitsUpToTheLimitPerKey) {
  ConnectionTable table(2);
  EXPECT_TRUE(table.try_add("ip-a", "s1", t0));
  EXPECT_TRUE(table.try_add("ip-a", "s2", t0));
  EXPECT_FALSE(table.try_add("ip-a", "s3", t0));
  // Another address has its own allowance.
  EXPECT_TRUE(table.try_add("ip-b", "s4", t0));
  EXPECT_EQ(table.count("ip-a", t0), 2u);
  EXPECT_EQ(table.count("ip-b", t0), 1u);
}

TEST(ConnectionTable, RemovingGivesTheSlotBack) {
  ConnectionTable table(2);
  table.try_add("ip-a", "s1", t0);
  table.try_add("ip-a", "s2", t0);
  table.remove("ip-a", "s1");
  EXPECT_EQ(table.count("ip-a", t0), 1u);
  EXPECT_TRUE(table.try_add("ip-a", "s3", t0));
  EXPECT_FALSE(table.try_add("ip-a", "s4", t0));
}

TEST(ConnectionTable, RemovingTwiceOrUnknownIsHarmless) {
  ConnectionTable table(1);
  table.try_add("ip-a", "s1", t0);
  table.remove("ip-a", "s1");
  table.remove("ip-a", "s1");
  table.remove("ip-a", "never");
  table.remove("ip-z", "s1");
  EXPECT_EQ(table.count("ip-a", t0), 0u);
  EXPECT_TRUE(table.try_add("ip-a", "s2", t0));
}

TEST(ConnectionTable, StaleEntriesExpireAfterAnHour) {
  ConnectionTable table(2);
  table.try_add("ip-a", "old", t0);
  table.try_add("ip-a", "newer", t0 + minutes(30));
  EXPECT_FALSE(table.try_add("ip-a", "x", t0 + minutes(59)));
  // At one hour the first entry no longer counts; the second still does.
  EXPECT_EQ(table.count("ip-a", t0 + hours(1)), 1u);
  EXPECT_TRUE(table.try_add("ip-a", "x", t0 + hours(1)));
  EXPECT_FALSE(table.try_add("ip-a", "y", t0 + hours(1)));
  EXPECT_EQ(table.count("ip-a", t0 + hours(3)), 0u);
}

TEST(ConnectionTable, ZeroLimitAdmitsNobody) {
  ConnectionTable table(0);
  EXPECT_FALSE(table.try_add("ip-a", "s1", t0));
}

}  // namespace
