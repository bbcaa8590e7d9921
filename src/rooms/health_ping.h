// The application-level health check of public-room sockets (seed 002): after `interval`
// without any event from the client the server sends `ping`; every further `interval` without
// an answer it pings again, and once `max_missed` pings went unanswered the connection times
// out. Any event from the client (its `pong` or anything else) proves it alive and starts the
// idle time afresh. This is the decision logic only; the namespace runs it on a timer.
#pragma once

#include <chrono>

namespace rooms {

class PingSchedule {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Action { wait, ping, time_out };
  struct Step {
    Action action;
    Clock::time_point next;  // when to ask again (unused after time_out)
  };

  PingSchedule(Clock::duration interval, int max_missed, Clock::time_point now);

  // The client sent something.
  void activity(Clock::time_point now);
  // What to do at `now`; a ping counts as missed until the next activity.
  Step due(Clock::time_point now);
  int missed() const { return missed_; }

 private:
  Clock::duration interval_;
  int max_missed_;
  int missed_ = 0;
  Clock::time_point deadline_;
};

}  // namespace rooms
