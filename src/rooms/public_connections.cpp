#include "rooms/public_connections.h"

#include <algorithm>

namespace rooms {

ConnectionTable::ConnectionTable(int limit, Clock::duration max_age)
    : limit_(limit), max_age_(max_age) {}

void ConnectionTable::expire(const std::string& key, Clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  std::erase_if(it->second, [&](const Entry& entry) { return now - entry.added >= max_age_; });
  if (it->second.empty()) entries_.erase(it);
}

bool ConnectionTable::try_add(const std::string& key, const std::string& connection,
                              Clock::time_point now) {
  if (count(key, now) >= size_t(std::max(limit_, 0))) return false;
  entries_[key].push_back({connection, now});
  return true;
}

void ConnectionTable::remove(const std::string& key, const std::string& connection) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  std::erase_if(it->second, [&](const Entry& entry) { return entry.connection == connection; });
  if (it->second.empty()) entries_.erase(it);
}

size_t ConnectionTable::count(const std::string& key, Clock::time_point now) {
  expire(key, now);
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.size();
}

}  // namespace rooms
