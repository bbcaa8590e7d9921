// Pacer (see pacer.h): one steady_timer re-armed for the next due tick.
#include "pacer.h"

#include "proc_stats.h"

namespace carrel_load {

void Pacer::run(boost::asio::io_context& ioc, double rate, uint64_t count, int64_t end_ns,
                Tick tick, std::function<void()> done, bench::LogHistogram* lag) {
  auto p = std::make_shared<Pacer>(ioc, rate, count, end_ns, std::move(tick), std::move(done), lag);
  p->wait();
}

Pacer::Pacer(boost::asio::io_context& ioc, double rate, uint64_t count, int64_t end_ns, Tick tick,
             std::function<void()> done, bench::LogHistogram* lag)
    : timer_(ioc),
      interval_ns_(1e9 / rate),
      count_(count),
      start_ns_(bench::now_ns()),
      end_ns_(end_ns),
      tick_(std::move(tick)),
      done_(std::move(done)),
      lag_(lag) {}

void Pacer::wait() {
  int64_t due = start_ns_ + static_cast<int64_t>(static_cast<double>(next_) * interval_ns_);
  if (next_ >= count_ || due >= end_ns_) {
    auto done = std::move(done_);
    return done();
  }
  timer_.expires_at(bench::to_time_point(due));
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->fire();
  });
}

void Pacer::fire() {
  int64_t now = bench::now_ns();
  for (int burst = 0; burst < 64 && next_ < count_; ++burst) {
    int64_t due = start_ns_ + static_cast<int64_t>(static_cast<double>(next_) * interval_ns_);
    if (due > now || due >= end_ns_) break;
    if (lag_) lag_->record(now - due);
    tick_(next_++);
  }
  wait();
}

}  // namespace carrel_load
