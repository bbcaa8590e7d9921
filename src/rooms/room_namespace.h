// The /room/:roomId Socket.IO namespace (DESIGN.md section 4). Its middleware admits a socket
// only with a valid user token whose user is a participant of that room; each admitted
// socket joins the room "user:<id>" so events can target one person. Client events are
// validated here and carried out by the RoomService, which also broadcasts their outcome.
#pragma once

#include <unordered_set>

#include "auth/jwt.h"
#include "http/rate_limiter.h"
#include "rooms/room_service.h"
#include "sio/server.h"

namespace rooms {

class MediaSignaling;

// The Reply that answers `event` on `socket`: its ack {ok: true, ...} / {ok: false, error}, or
// an `error` event for a failure when the client asked for no ack.
Reply event_reply(const std::shared_ptr<sio::Socket>& socket, sio::Event& event);
// The checks every event on a room's namespace passes first: a socket over `flood_limit` is
// disconnected before its event costs anything; an event not in `known` is answered
// UNKNOWN_EVENT.
void guard_events(const std::shared_ptr<sio::Socket>& socket, http::RateLimiter& flood_limit,
                  const std::unordered_set<std::string_view>& known);
// join-room on a room's namespace: joins through the RoomService unless the user is a
// participant already (after the REST join), then acks {ok, state} and emits room-state.
void answer_join_room(RoomService& rooms, const std::shared_ptr<sio::Socket>& socket,
                      sio::Event& event);

class RoomNamespace {
 public:
  // With `media`, the sfu-* events are answered too (media_signaling.h).
  RoomNamespace(sio::Server& realtime, RoomService& rooms, const auth::JwtSigner& tokens,
                MediaSignaling* media = nullptr);

 private:
  using SocketPtr = std::shared_ptr<sio::Socket>;

  void admit(const SocketPtr& socket, const sio::Next& next);
  void on_connection(const SocketPtr& socket);
  void on_join_room(const SocketPtr& socket, sio::Event& event);
  void on_sync_state(const SocketPtr& socket, sio::Event& event);
  void on_typing(const SocketPtr& socket, sio::Event& event);
  void on_relay(const SocketPtr& socket, sio::Event& event);
  // whiteboard-draw / whiteboard-clear (whiteboard_events.cpp).
  void on_whiteboard_draw(const SocketPtr& socket, sio::Event& event);
  void on_whiteboard_clear(const SocketPtr& socket, sio::Event& event);
  Reply answer(const SocketPtr& socket, sio::Event& event) { return event_reply(socket, event); }

  RoomService& rooms_;
  const auth::JwtSigner& tokens_;
  MediaSignaling* media_;
  std::unordered_set<std::string_view> known_events_;
  // A socket that sends more events than any client would is flooding: it is disconnected
  // before its events cost the room anything.
  http::RateLimiter flood_limit_{200, std::chrono::seconds(1)};
};

// The Actor stored on an admitted socket.
Actor socket_actor(const sio::Socket& socket);
std::string socket_room_id(const sio::Socket& socket);

}  // namespace rooms
