// The health ping of public-room sockets: a ping after an idle interval, another every interval
// while unanswered, a timeout once max_missed went unanswered, and any client event resetting
// it (seed 002).
#include <gtest/gtest.h>

#include "rooms/health_ping.h"

namespace {

using rooms::PingSchedule;
using Action = PingSchedule::Action;
using std::chrono::seconds;

const PingSchedule::Clock::time_point t0{};

TEST(PingSchedule, WaitsForAnIdleInterval) {
  PingSchedule schedule(seconds(300), 3, t0);
  auto step = schedule.due(t0 + seconds(10));
  EXPECT_EQ(step.action, Action::wait);
  EXPECT_EQ(step.next, t0 + seconds(300));
}

TEST(PingSchedule, TimesOutAfterMaxMissedUnansweredPings) {
  // The seed's timeline: pings at 5, 10 and 15 minutes go unanswered; at 20 it ends.
  PingSchedule schedule(seconds(300), 3, t0);
  for (int i = 1; i <= 3; ++i) {
    auto step = schedule.due(t0 + seconds(300 * i));
    EXPECT_EQ(step.action, Action::ping) << i;
    EXPECT_EQ(step.next, t0 + seconds(300 * (i + 1))) << i;
    EXPECT_EQ(schedule.missed(), i);
  }
  EXPECT_EQ(schedule.due(t0 + seconds(1000)).action, Action::wait);
  EXPECT_EQ(schedule.due(t0 + seconds(1200)).action, Action::time_out);
}

TEST(PingSchedule, AnyActivityResetsTheCount) {
  PingSchedule schedule(seconds(60), 2, t0);
  EXPECT_EQ(schedule.due(t0 + seconds(60)).action, Action::ping);
  schedule.activity(t0 + seconds(61));  // the pong
  EXPECT_EQ(schedule.missed(), 0);
  auto step = schedule.due(t0 + seconds(120));
  EXPECT_EQ(step.action, Action::wait);
  EXPECT_EQ(step.next, t0 + seconds(121));
  EXPECT_EQ(schedule.due(t0 + seconds(121)).action, Action::ping);
  EXPECT_EQ(schedule.due(t0 + seconds(181)).action, Action::ping);
  EXPECT_EQ(schedule.due(t0 + seconds(241)).action, Action::time_out);
}

TEST(PingSchedule, ABusyClientIsNeverPinged) {
  PingSchedule schedule(seconds(60), 1, t0);
  for (int s = 0; s < 600; s += 30) {
    schedule.activity(t0 + seconds(s));
    EXPECT_EQ(schedule.due(t0 + seconds(s + 29)).action, Action::wait);
  }
}

}  // namespace
