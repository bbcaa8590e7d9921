// Per-key request limits in fixed windows: at most `limit` hits per `window` for each key
// (a user id, or a client address before login). Used on the I/O thread only, so it needs no
// lock. Windows of keys not seen for a while are dropped by prune(), which hit() calls now
// and then, so memory stays bounded by the number of active keys.
#pragma once

#include <chrono>
#include <cstdint>
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
};

}  // namespace http
