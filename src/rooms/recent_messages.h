// Remembers the chat messages a client tagged with its own `client_message_id`, so that a send
// retried after a lost acknowledgement (a dropped connection) returns the message already stored
// instead of storing and broadcasting it twice. Bounded per room: the newest `per_room` tags are
// kept, which covers any retry a client makes within its reconnection window.
//
// Thread-safe: rooms' lanes run on several worker threads.
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/store.h"

namespace rooms {

class RecentMessages {
 public:
  explicit RecentMessages(size_t per_room = 512) : per_room_(per_room) {}

  std::optional<store::Message> find(const std::string& room_id, const std::string& user_id,
                                     const std::string& client_message_id) const;
  void remember(const std::string& client_message_id, const store::Message& message);
  void forget_room(const std::string& room_id);

 private:
  struct Room {
    std::unordered_map<std::string, store::Message> by_key;  // "<user_id> <client id>"
    std::deque<std::string> order;                           // oldest first
  };
  static std::string key(const std::string& user_id, const std::string& client_message_id);

  size_t per_room_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Room> rooms_;
};

}  // namespace rooms
