// Fixed-window per-key limits (seed 000 property 28).
#include <gtest/gtest.h>

#include "http/rate_limiter.h"

namespace {

using http::RateLimiter;
using namespace std::chrono_literals;

TEST(RateLimiter, AllowsUpToTheLimitThenTellsHowLongToWait) {
  RateLimiter limiter(3, 60s);
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.hit("a", t0), std::nullopt);
  EXPECT_EQ(limiter.hit("a", t0 + 10s), std::optional(50s));
  EXPECT_EQ(limiter.hit("b", t0 + 10s), std::nullopt) << "keys are independent";
}

TEST(RateLimiter, WindowResets) {
  RateLimiter limiter(1, 60s);
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  EXPECT_EQ(limiter.hit("a", t0), std::nullopt);
  EXPECT_TRUE(limiter.hit("a", t0 + 59s).has_value());
  EXPECT_EQ(limiter.hit("a", t0 + 60s), std::nullopt);
}

TEST(RateLimiter, RetryAfterIsAtLeastOneSecond) {
  RateLimiter limiter(1, 1s);
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  limiter.hit("a", t0);
  EXPECT_EQ(limiter.hit("a", t0 + 999ms), std::optional(1s));
}

TEST(RateLimiter, ForgetsIdleKeys) {
  RateLimiter limiter(5, 10s);
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 100; ++i) limiter.hit("k" + std::to_string(i), t0);
  limiter.hit("late", t0 + 30s);
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

}  // namespace
