#include "http/rate_limiter.h"

namespace http {

std::optional<std::chrono::seconds> RateLimiter::hit(const std::string& key,
                                                     Clock::time_point now) {
  if (now - last_prune_ > window_) prune(now);
  auto& window = windows_[key];
  if (window.count == 0 || now - window.start >= window_) {
    window.start = now;
    window.count = 0;
  }
  if (window.count >= limit_) {
    auto left = std::chrono::ceil<std::chrono::seconds>(window.start + window_ - now);
    return std::max(left, std::chrono::seconds(1));
  }
  ++window.count;
  return std::nullopt;
}

void RateLimiter::hit_async(const std::string& key, Verdict done) {
  auto wait = hit(key);
  if (wait || !shared_) return done(wait);
  using namespace std::chrono;
  const auto window_ms = duration_cast<milliseconds>(window_).count();
  const auto now_ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const auto left =
      std::max(ceil<seconds>(milliseconds(window_ms - now_ms % window_ms)), seconds(1));
  shared_(key, window_, [limit = limit_, left, done = std::move(done)](uint64_t total) {
    if (total > limit) return done(left);
    done(std::nullopt);
  });
}

void RateLimiter::prune(Clock::time_point now) {
  last_prune_ = now;
  std::erase_if(windows_, [&](const auto& entry) { return now - entry.second.start >= window_; });
}

}  // namespace http
