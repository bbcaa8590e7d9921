// What the rooms domain asks of the other Carrel instances when it runs as several of them
// (--redis-url). The app fills it from src/cluster; without one, RoomService acts on this
// process alone. Everything here runs on the I/O thread and never blocks.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rooms {

// The shared cache entry of GET /api/rooms, kept for 5 s and dropped whenever a room changes.
inline constexpr const char* kRoomListCacheKey = "rooms";
inline constexpr std::chrono::seconds kRoomListCacheTtl{5};

struct ClusterLink {
  // This instance's id, as recorded with the participants it holds.
  std::string instance_id;
  // Hands `done` the number of sockets in `room` of namespace `nsp` on every instance.
  std::function<void(const std::string& nsp, const std::string& room,
                     std::function<void(size_t)> done)>
      count_sockets;
  // Disconnects the sockets in `room` of namespace `nsp` on the other instances.
  std::function<void(const std::string& nsp, const std::string& room)> disconnect_remote;
  // Hands `done` those of `instances` presumed dead: their heartbeat lapsed.
  std::function<void(const std::vector<std::string>& instances,
                     std::function<void(std::vector<std::string>)> done)>
      lapsed_instances;
  // A text cache shared by the instances (the room list).
  std::function<void(const std::string& key, std::function<void(std::optional<std::string>)>)>
      cache_get;
  std::function<void(const std::string& key, const std::string& value,
                     std::chrono::milliseconds ttl)>
      cache_put;
  std::function<void(const std::string& key)> cache_drop;
  // The public-room connections per IP over every instance: `done(false)` when `ip_hash` holds
  // `limit` connections already.
  std::function<void(const std::string& ip_hash, const std::string& connection, int limit,
                     std::function<void(bool)> done)>
      connection_add;
  std::function<void(const std::string& ip_hash, const std::string& connection)> connection_remove;
};

// The sockets of `user_id` in the room's two namespaces (/room/ and /public-room/), summed over
// every instance.
inline void count_user_sockets(const ClusterLink& link, const std::string& room_id,
                               const std::string& user_id, std::function<void(size_t)> done) {
  const std::string room = "user:" + user_id;
  link.count_sockets(
      "/room/" + room_id, room, [&link, room_id, room, done = std::move(done)](size_t registered) {
        link.count_sockets("/public-room/" + room_id, room,
                           [registered, done](size_t anonymous) { done(registered + anonymous); });
      });
}

}  // namespace rooms
