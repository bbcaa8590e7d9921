// A RateLimiter shared by several instances (RateLimiter::share, fed by the cluster's Redis
// counters): hit_async() counts each locally allowed hit with the shared counter and refuses it
// when the total over every instance exceeds the limit; a local refusal is not counted again,
// and a counter that cannot count (total 0) leaves the local window to decide.
#include <gtest/gtest.h>

#include "http/rate_limiter.h"

namespace {

using namespace std::chrono_literals;
using Verdict = std::optional<std::chrono::seconds>;

struct FakeCounter {
  std::vector<std::function<void(uint64_t)>> answers;
  std::vector<std::string> keys;
  std::vector<std::chrono::seconds> windows;
  http::RateLimiter::SharedCounter function() {
    return [this](const std::string& key, std::chrono::seconds window,
                  std::function<void(uint64_t)> done) {
      keys.push_back(key);
      windows.push_back(window);
      answers.push_back(std::move(done));
    };
  }
};

// Runs hit_async and returns its verdict once given (nullopt inside: allowed).
struct Outcome {
  bool given = false;
  Verdict verdict;
};
std::shared_ptr<Outcome> ask(http::RateLimiter& limiter, const std::string& key) {
  auto outcome = std::make_shared<Outcome>();
  limiter.hit_async(key, [outcome](Verdict verdict) {
    outcome->given = true;
    outcome->verdict = verdict;
  });
  return outcome;
}

TEST(ClusterSharedLimit, WithoutSharingTheVerdictIsImmediate) {
  http::RateLimiter limiter(1, 60s);
  auto first = ask(limiter, "k");
  ASSERT_TRUE(first->given);
  EXPECT_FALSE(first->verdict);
  auto second = ask(limiter, "k");
  ASSERT_TRUE(second->given);
  EXPECT_TRUE(second->verdict);
}

TEST(ClusterSharedLimit, TheTotalOverEveryInstanceDecides) {
  FakeCounter counter;
  http::RateLimiter limiter(3, 60s);
  limiter.share(counter.function());
  auto first = ask(limiter, "user");
  EXPECT_FALSE(first->given);  // waits for the shared count
  ASSERT_EQ(counter.keys, std::vector<std::string>{"user"});
  EXPECT_EQ(counter.windows[0], 60s);
  counter.answers[0](3);  // two hits elsewhere plus this one: at the limit, allowed
  ASSERT_TRUE(first->given);
  EXPECT_FALSE(first->verdict);
  auto second = ask(limiter, "user");
  counter.answers[1](4);  // over the limit although this instance saw only two
  ASSERT_TRUE(second->given);
  ASSERT_TRUE(second->verdict);
  EXPECT_GE(second->verdict->count(), 1);
  EXPECT_LE(second->verdict->count(), 60);
}

TEST(ClusterSharedLimit, ALocalRefusalIsNotCountedAgain) {
  FakeCounter counter;
  http::RateLimiter limiter(1, 60s);
  limiter.share(counter.function());
  auto first = ask(limiter, "k");
  counter.answers[0](1);
  EXPECT_FALSE(first->verdict);
  auto second = ask(limiter, "k");
  ASSERT_TRUE(second->given);  // refused locally, at once
  EXPECT_TRUE(second->verdict);
  EXPECT_EQ(counter.keys.size(), 1u);
}

TEST(ClusterSharedLimit, ACounterThatCannotCountLeavesTheLocalWindowToDecide) {
  http::RateLimiter limiter(2, 60s);
  limiter.share([](const std::string&, std::chrono::seconds, std::function<void(uint64_t)> done) {
    done(0);  // Redis unreachable
  });
  EXPECT_FALSE(ask(limiter, "k")->verdict);
  EXPECT_FALSE(ask(limiter, "k")->verdict);
  auto third = ask(limiter, "k");
  ASSERT_TRUE(third->given);
  EXPECT_TRUE(third->verdict);
}

}  // namespace
