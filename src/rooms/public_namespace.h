// The /public-room/:roomId Socket.IO namespace for anonymous users (seed 002, DESIGN.md
// section 4). Its middleware admits a socket with `auth: {user_id}` of an anonymous user
// created from the same IP, in a public room, while that IP holds fewer than
// --public-max-conns-per-ip connections over all public rooms; refusals are connect_error
// {code, message}. Admitted sockets join "user:<id>" like those of /room/:roomId, and the
// RoomService broadcasts into both namespaces, so registered and anonymous participants of a
// room see the same events.
//
// Every socket carries a PingSchedule on a timer: an idle socket is sent `ping`, and one that
// leaves --health-max-missed pings unanswered gets `error {code: CONNECTION_TIMEOUT}` and is
// disconnected.
#pragma once

#include <chrono>

#include "http/rate_limiter.h"
#include "rooms/public_connections.h"
#include "rooms/room_service.h"
#include "sio/server.h"

namespace rooms {

struct PublicNamespaceOptions {
  int max_conns_per_ip = 2;
  std::chrono::milliseconds ping_interval{300'000};
  int max_missed = 3;
  bool trust_proxy = false;  // client IP from X-Forwarded-For, as for REST
};

class PublicNamespace {
 public:
  PublicNamespace(sio::Server& realtime, RoomService& rooms, PublicNamespaceOptions options = {});

 private:
  using SocketPtr = std::shared_ptr<sio::Socket>;

  using Settle = std::function<void(std::optional<sio::ConnectError>)>;
  void admit(const SocketPtr& socket, const sio::Next& next);
  // The rest of admission once the IP has a slot: the anonymous user and the room.
  void check_user(const SocketPtr& socket, const std::string& hash, const Settle& settle);
  void on_connection(const SocketPtr& socket);
  void watch_health(const SocketPtr& socket);
  void on_join_room(const SocketPtr& socket, sio::Event& event);

  RoomService& rooms_;
  PublicNamespaceOptions options_;
  ConnectionTable connections_;  // by IP hash, entries by socket id
  http::RateLimiter flood_limit_{200, std::chrono::seconds(1)};
};

}  // namespace rooms
