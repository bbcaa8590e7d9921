// The lapse rule of the instance heartbeats: an instance is presumed dead only after its key was
// seen missing for longer than the TTL without the Redis connection being re-established in
// between, so a Redis restart (every key gone, live instances rewriting theirs) removes nobody.
#include <gtest/gtest.h>

#include "cluster/instances.h"

namespace {

using cluster::LapseTracker;
using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

const LapseTracker::Clock::time_point kT0{std::chrono::hours(1)};

TEST(ClusterInstances, MissingForLongerThanTheTtlIsLapsed) {
  LapseTracker lapses(10s);
  EXPECT_EQ(lapses.observe({"a", "b"}, {false, true}, kT0), Strings{});
  EXPECT_EQ(lapses.observe({"a", "b"}, {false, true}, kT0 + 10s), Strings{});  // not longer yet
  EXPECT_EQ(lapses.observe({"a", "b"}, {false, true}, kT0 + 11s), Strings{"a"});
  EXPECT_EQ(lapses.observe({"a", "b"}, {false, false}, kT0 + 12s), Strings{"a"});  // b just began
}

TEST(ClusterInstances, AKeyThatComesBackClearsTheMark) {
  LapseTracker lapses(10s);
  lapses.observe({"a"}, {false}, kT0);
  lapses.observe({"a"}, {true}, kT0 + 5s);
  EXPECT_EQ(lapses.observe({"a"}, {false}, kT0 + 12s), Strings{});
  EXPECT_EQ(lapses.observe({"a"}, {false}, kT0 + 23s), Strings{"a"});
}

TEST(ClusterInstances, AReconnectForgetsWhatWasSeenMissing) {
  LapseTracker lapses(10s);
  lapses.observe({"a"}, {false}, kT0);
  lapses.forget();  // Redis restarted: every key was gone, live instances rewrite theirs
  EXPECT_EQ(lapses.observe({"a"}, {false}, kT0 + 15s), Strings{});
  EXPECT_EQ(lapses.observe({"a"}, {true}, kT0 + 16s), Strings{});  // a was alive after all
  EXPECT_EQ(lapses.observe({"a"}, {false}, kT0 + 40s), Strings{});
}

TEST(ClusterInstances, ObservationsWithoutAnswersChangeNothing) {
  LapseTracker lapses(10s);
  EXPECT_EQ(lapses.observe({"a", "b"}, {}, kT0), Strings{});
  EXPECT_EQ(lapses.observe({"a", "b"}, {}, kT0 + 60s), Strings{});
}

}  // namespace
