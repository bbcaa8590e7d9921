#include "rooms/health_ping.h"

namespace rooms {

PingSchedule::PingSchedule(Clock::duration interval, int max_missed, Clock::time_point now)
    : interval_(interval), max_missed_(max_missed), deadline_(now + interval) {}

void PingSchedule::activity(Clock::time_point now) {
  missed_ = 0;
  deadline_ = now + interval_;
}

PingSchedule::Step PingSchedule::due(Clock::time_point now) {
  if (now < deadline_) return {Action::wait, deadline_};
  // The last ping had a whole interval to be answered.
  if (missed_ >= max_missed_) return {Action::time_out, now};
  ++missed_;
  deadline_ = now + interval_;
  return {Action::ping, deadline_};
}

}  // namespace rooms
