// The shared Pomodoro timer of a room. Every participant sees the same remaining time because
// the server keeps one state per room and announces it with an effective start time: the
// moment the timer would have started had it never been paused, so that
// remaining = duration - (now - start_time) while it runs.
//
//   start {duration, start_time?}  a new countdown (running)
//   pause                          running -> paused (remaining frozen)
//   resume                         paused -> running
//   complete                       -> completed (remaining 0)
// An action that does not apply (pause while paused, resume while running) leaves the state
// as it is; the action is still announced, so clients converge on the server's state.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "store/store.h"

namespace rooms {

class RoomTimer {
 public:
  enum class Status { idle, running, paused, completed };

  void start(int64_t duration_seconds, store::Millis start_time, const std::string& by);
  void pause(store::Millis now, const std::string& by);
  void resume(store::Millis now, const std::string& by);
  void complete(store::Millis now, const std::string& by);

  Status status() const { return status_; }
  // Milliseconds left at `now`, never negative.
  int64_t remaining_ms(store::Millis now) const;
  // {status, duration, start_time, remaining, synced_by}, or null when idle.
  boost::json::value to_json(store::Millis now) const;

 private:
  Status status_ = Status::idle;
  int64_t duration_ms_ = 0;
  store::Millis running_since_ = 0;  // while running
  int64_t elapsed_ms_ = 0;           // run time before running_since_
  std::string synced_by_;
};

const char* to_string(RoomTimer::Status status);

}  // namespace rooms
