// The per-IP limit of the /public-room namespaces (--public-max-conns-per-ip over all public
// rooms, seed 002). Each admitted connection is an entry under its IP hash; the namespace
// removes it when the socket disconnects. An entry older than `max_age` no longer counts and is
// dropped on the next look at that IP, so a leak (a connection whose end was never seen) cannot
// lock an address out for good. Pure bookkeeping on the I/O thread; the caller passes the time.
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

namespace rooms {

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionTable(int limit, Clock::duration max_age = std::chrono::hours(1));

  // Records `connection` under `key` unless `key` has `limit` live entries already.
  bool try_add(const std::string& key, const std::string& connection, Clock::time_point now);
  // Forgets the entry; nothing happens if it is unknown or expired already.
  void remove(const std::string& key, const std::string& connection);
  // Live entries under `key`.
  size_t count(const std::string& key, Clock::time_point now);
  int limit() const { return limit_; }

 private:
  struct Entry {
    std::string connection;
    Clock::time_point added;
  };
  void expire(const std::string& key, Clock::time_point now);

  int limit_;
  Clock::duration max_age_;
  std::unordered_map<std::string, std::vector<Entry>> entries_;
};

}  // namespace rooms
