// The shared Pomodoro timer: start, pause, resume, complete, and the same remaining time for
// everyone (seed 000 property 19).
#include <gtest/gtest.h>

#include "rooms/room_timer.h"

namespace {

using rooms::RoomTimer;

TEST(RoomTimer, CountsDownWhileRunning) {
  RoomTimer timer;
  timer.start(1500, 10'000, "u1");
  EXPECT_EQ(timer.status(), RoomTimer::Status::running);
  EXPECT_EQ(timer.remaining_ms(10'000), 1'500'000);
  EXPECT_EQ(timer.remaining_ms(70'000), 1'440'000);
}

TEST(RoomTimer, PauseFreezesAndResumeContinues) {
  RoomTimer timer;
  timer.start(60, 0, "u1");
  timer.pause(20'000, "u2");
  EXPECT_EQ(timer.remaining_ms(50'000), 40'000);
  timer.resume(100'000, "u1");
  EXPECT_EQ(timer.remaining_ms(110'000), 30'000);
  auto json = timer.to_json(110'000).as_object();
  EXPECT_EQ(json.at("status"), "running");
  EXPECT_EQ(json.at("remaining"), 30);
  // The effective start makes duration - (now - start_time) the remaining time.
  EXPECT_EQ(json.at("start_time"), "1970-01-01T00:01:20.000Z");
}

TEST(RoomTimer, CompleteEndsIt) {
  RoomTimer timer;
  timer.start(60, 0, "u1");
  timer.complete(5'000, "u1");
  EXPECT_EQ(timer.remaining_ms(6'000), 0);
  EXPECT_EQ(timer.to_json(6'000).as_object().at("status"), "completed");
}

TEST(RoomTimer, ActionsThatDoNotApplyLeaveTheState) {
  RoomTimer timer;
  EXPECT_TRUE(timer.to_json(0).is_null());
  timer.pause(0, "u1");
  timer.resume(0, "u1");
  EXPECT_EQ(timer.status(), RoomTimer::Status::idle);
  timer.start(60, 0, "u1");
  timer.resume(10'000, "u1");
  EXPECT_EQ(timer.remaining_ms(10'000), 50'000);
}

TEST(RoomTimer, NeverNegative) {
  RoomTimer timer;
  timer.start(1, 0, "u1");
  EXPECT_EQ(timer.remaining_ms(1'000'000), 0);
}

}  // namespace
