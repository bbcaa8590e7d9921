// Open-loop pacing for carrel-load: calls tick(i) at start + i / rate on the io thread,
// whatever the server does, until `count` ticks are done or the end time passes, then done().
// When the generator falls behind it catches up in bursts of at most 64 ticks per wake-up,
// so reads still run; how late each tick was goes into a histogram.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "histogram.h"

namespace carrel_load {

class Pacer : public std::enable_shared_from_this<Pacer> {
 public:
  using Tick = std::function<void(uint64_t)>;

  static void run(boost::asio::io_context& ioc, double rate, uint64_t count, int64_t end_ns,
                  Tick tick, std::function<void()> done, bench::LogHistogram* lag = nullptr);

  Pacer(boost::asio::io_context& ioc, double rate, uint64_t count, int64_t end_ns, Tick tick,
        std::function<void()> done, bench::LogHistogram* lag);

 private:
  void wait();
  void fire();

  boost::asio::steady_timer timer_;
  double interval_ns_;
  uint64_t count_, next_ = 0;
  int64_t start_ns_, end_ns_;
  Tick tick_;
  std::function<void()> done_;
  bench::LogHistogram* lag_;
};

}  // namespace carrel_load
