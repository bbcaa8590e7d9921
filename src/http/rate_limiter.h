// Per-key request limits in fixed windows: at most `limit` hits per `window` for each key
// (a user id, or a client address before login). Used on the I/O thread only, so it needs no
// lock. Windows of keys not seen for a while are dropped by prune(), which hit() calls now
// and then, so memory stays bounded by the number of active keys.
//
// Several instances share a limit through share(): hit_async() then also counts the hit with the
// SharedCounter (e.g. an INCR in Redis) in windows aligned to the wall clock, so every instance
// counts the same window, and refuses it when the total over every instance exceeds the limit.
// Without a shared counter, or when it cannot count (total 0), the local window decides alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

namespace http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(uint64_t limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // Counts one hit for `key`. Returns nullopt when allowed, or the whole seconds to wait
  // (at least 1) until the key's window resets.
  std::optional<std::chrono::seconds> hit(const std::string& key,
                                          Clock::time_point now = Clock::now());

  // Counts the hit `key` over every instance and hands `done(total)` the window's count.
  using SharedCounter = std::function<void(const std::string& key, std::chrono::seconds window,
                                           std::function<void(uint64_t total)> done)>;
  void share(SharedCounter counter) { shared_ = std::move(counter); }
  using Verdict = std::function<void(std::optional<std::chrono::seconds>)>;
  // hit() for this instance, then, when shared, the count over every instance; `done` gets
  // nullopt or the seconds to wait, at once when not shared or refused locally.
  void hit_async(const std::string& key, Verdict done);

  uint64_t limit() const { return limit_; }
  size_t tracked_keys() const { return windows_.size(); }

 private:
  struct Window {
    Clock::time_point start;
    uint64_t count = 0;
  };
  void prune(Clock::time_point now);

  uint64_t limit_;
  std::chrono::seconds window_;
  std::unordered_map<std::string, Window> windows_;
  Clock::time_point last_prune_{};
  SharedCounter shared_;
};

}  // namespace http
