// Liveness of Carrel instances through Redis. Each instance keeps the key
// <prefix>:instance:<uid> (its announced details as JSON) alive with a TTL, rewriting it every
// `renew` and at once after every reconnect. Another instance is presumed dead only when its key
// has been missing for longer than a TTL, measured while this instance's Redis connection stayed
// up: a Redis restart empties every key, but each live instance writes its key again as soon as
// it reconnects, so only one that is really gone stays missing. Losing the connection forgets
// every "missing since" mark, so nothing is believed across a Redis outage.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cluster/cluster.h"

namespace cluster {

// The lapse rule alone, without I/O: an id is lapsed once it has been seen missing, in
// observations without a forget() between them, for longer than `ttl`.
class LapseTracker {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LapseTracker(Clock::duration ttl) : ttl_(ttl) {}

  // Forgets every mark (the Redis connection was re-established).
  void forget() { missing_since_.clear(); }
  // `present[i]` tells whether the key of `uids[i]` exists now; returns the lapsed ids.
  std::vector<std::string> observe(const std::vector<std::string>& uids,
                                   const std::vector<bool>& present, Clock::time_point now);

 private:
  Clock::duration ttl_;
  std::map<std::string, Clock::time_point> missing_since_;
};

struct InstanceOptions {
  std::chrono::milliseconds ttl{10'000};
  std::chrono::milliseconds renew{3'000};
};

class InstanceRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  InstanceRegistry(Cluster& cluster, boost::json::object details, InstanceOptions options = {});
  ~InstanceRegistry();

  void start();
  void stop();
  std::string key(const std::string& uid) const;

  // Hands `done` those of `uids` presumed dead now (see above); never this instance.
  void lapsed(const std::vector<std::string>& uids,
              std::function<void(std::vector<std::string>)> done);

 private:
  void renew();
  void schedule();
  void forget_marks();

  Cluster& cluster_;
  std::string value_;
  InstanceOptions options_;
  boost::asio::steady_timer timer_;
  bool running_ = false;
  uint64_t epoch_ = 0;  // bumped when the Redis connection is (re)established
  LapseTracker lapses_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cluster
