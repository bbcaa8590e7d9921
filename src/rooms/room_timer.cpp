#include "rooms/room_timer.h"

#include <algorithm>

#include "rooms/clock.h"

namespace rooms {

const char* to_string(RoomTimer::Status status) {
  switch (status) {
    case RoomTimer::Status::idle:
      return "idle";
    case RoomTimer::Status::running:
      return "running";
    case RoomTimer::Status::paused:
      return "paused";
    case RoomTimer::Status::completed:
      return "completed";
  }
  return "idle";
}

void RoomTimer::start(int64_t duration_seconds, store::Millis start_time, const std::string& by) {
  status_ = Status::running;
  duration_ms_ = duration_seconds * 1000;
  running_since_ = start_time;
  elapsed_ms_ = 0;
  synced_by_ = by;
}

void RoomTimer::pause(store::Millis now, const std::string& by) {
  synced_by_ = by;
  if (status_ != Status::running) return;
  elapsed_ms_ += std::max<int64_t>(0, now - running_since_);
  status_ = Status::paused;
}

void RoomTimer::resume(store::Millis now, const std::string& by) {
  synced_by_ = by;
  if (status_ != Status::paused) return;
  running_since_ = now;
  status_ = Status::running;
}

void RoomTimer::complete(store::Millis now, const std::string& by) {
  synced_by_ = by;
  if (status_ == Status::idle) return;
  elapsed_ms_ = duration_ms_;
  running_since_ = now;
  status_ = Status::completed;
}

int64_t RoomTimer::remaining_ms(store::Millis now) const {
  int64_t elapsed = elapsed_ms_;
  if (status_ == Status::running) elapsed += std::max<int64_t>(0, now - running_since_);
  if (status_ == Status::completed) return 0;
  return std::max<int64_t>(0, duration_ms_ - elapsed);
}

boost::json::value RoomTimer::to_json(store::Millis now) const {
  if (status_ == Status::idle) return nullptr;
  const int64_t remaining = remaining_ms(now);
  const store::Millis effective_start = now - (duration_ms_ - remaining);
  return boost::json::object{{"status", to_string(status_)},
                             {"duration", duration_ms_ / 1000},
                             {"start_time", format_iso8601(effective_start)},
                             {"remaining", (remaining + 999) / 1000},
                             {"synced_by", synced_by_}};
}

}  // namespace rooms
