// State Carrel instances share through Redis when they run as a cluster, all without blocking:
//
// - a text cache with a TTL (the room list, seed 000 property 38), under <prefix>:cache:<key>;
// - rate-limit counters in fixed windows aligned to the wall clock, so every instance counts
//   the same window: <prefix>:rate:<name>:<key>:<window index>, INCR with an expiry;
// - the public-room connections per IP: a sorted set <prefix>:conns:<ip hash> whose members are
//   "<instance>/<socket id>" scored by an expiry time. Adding is one Lua script (drop expired
//   members, refuse at the limit, add), so concurrent admissions on several instances cannot
//   overshoot. This instance re-scores its live members every 20 s and they expire after 60 s,
//   so the connections of an instance that died stop counting by themselves.
//
// When Redis is unreachable the answers fall back to "nothing shared": a cache miss, no shared
// count, admission by the local table alone.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "cluster/cluster.h"

namespace cluster {

class SharedState {
 public:
  explicit SharedState(Cluster& cluster);
  ~SharedState();

  void start();
  void stop();

  void cache_get(const std::string& key, std::function<void(std::optional<std::string>)> done);
  void cache_put(const std::string& key, const std::string& value, std::chrono::milliseconds ttl);
  void cache_drop(const std::string& key);

  // Counts one hit in the current window of `window` for (name, key) and hands `done` the
  // window's total over all instances (0 when Redis cannot be asked).
  void count_hit(const std::string& name, const std::string& key, std::chrono::seconds window,
                 std::function<void(uint64_t)> done);

  void connection_add(const std::string& ip_hash, const std::string& connection, int limit,
                      std::function<void(bool)> done);
  void connection_remove(const std::string& ip_hash, const std::string& connection);

 private:
  std::string key(std::string_view kind, const std::string& rest) const;
  std::string member(const std::string& connection) const;
  void refresh_connections();
  void schedule_refresh();

  Cluster& cluster_;
  boost::asio::steady_timer refresh_timer_;
  bool running_ = false;
  std::map<std::string, std::set<std::string>> connections_;  // ip hash -> local connections
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace cluster
