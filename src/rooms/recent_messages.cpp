#include "rooms/recent_messages.h"

namespace rooms {

std::string RecentMessages::key(const std::string& user_id, const std::string& client_message_id) {
  return user_id + ' ' + client_message_id;
}

std::optional<store::Message> RecentMessages::find(const std::string& room_id,
                                                   const std::string& user_id,
                                                   const std::string& client_message_id) const {
  std::lock_guard lock(mutex_);
  auto room = rooms_.find(room_id);
  if (room == rooms_.end()) return std::nullopt;
  auto found = room->second.by_key.find(key(user_id, client_message_id));
  if (found == room->second.by_key.end()) return std::nullopt;
  return found->second;
}

void RecentMessages::remember(const std::string& client_message_id, const store::Message& message) {
  std::lock_guard lock(mutex_);
  auto& room = rooms_[message.room_id];
  auto tag = key(message.user_id, client_message_id);
  if (!room.by_key.emplace(tag, message).second) return;
  room.order.push_back(std::move(tag));
  while (room.order.size() > per_room_) {
    room.by_key.erase(room.order.front());
    room.order.pop_front();
  }
}

void RecentMessages::forget_room(const std::string& room_id) {
  std::lock_guard lock(mutex_);
  rooms_.erase(room_id);
}

}  // namespace rooms
