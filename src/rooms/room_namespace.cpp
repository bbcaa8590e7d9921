#include "rooms/room_namespace.h"

#include <unordered_set>

#include "rooms/fields.h"
#include "rooms/media_signaling.h"

namespace rooms {

namespace json = boost::json;

namespace {

sio::ConnectError refusal(std::string code, std::string message) {
  return {message, json::object{{"code", code}, {"message", message}}};
}

const std::unordered_set<std::string_view> kClientEvents = {
    "join-room",       "leave-room",    "send-message",
    "typing",          "timer-update",  "media-state",
    "webrtc-offer",    "webrtc-answer", "webrtc-ice-candidate",
    "ready",           "sync-state",    "whiteboard-draw",
    "whiteboard-clear"};

std::string string_of(const json::object& data, std::string_view key) {
  const auto* value = data.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

Actor socket_actor(const sio::Socket& socket) {
  auto& data = const_cast<sio::Socket&>(socket).data();
  const auto* admin = data.if_contains("is_admin");
  return {string_of(data, "user_id"), string_of(data, "user_name"),
          admin && admin->is_bool() && admin->get_bool()};
}

std::string socket_room_id(const sio::Socket& socket) {
  auto it = socket.params().find("roomId");
  return it == socket.params().end() ? std::string() : it->second;
}

RoomNamespace::RoomNamespace(sio::Server& realtime, RoomService& rooms,
                             const auth::JwtSigner& tokens, MediaSignaling* media)
    : rooms_(rooms), tokens_(tokens), media_(media), known_events_(kClientEvents) {
  if (media_)
    known_events_.insert(MediaSignaling::events().begin(), MediaSignaling::events().end());
  auto& parent = realtime.of_pattern("/room/:roomId");
  parent.use([this](const SocketPtr& socket, sio::Next next) { admit(socket, std::move(next)); });
  parent.on_connection([this](const SocketPtr& socket) { on_connection(socket); });
}

void RoomNamespace::admit(const SocketPtr& socket, const sio::Next& next) {
  const auto* token = socket->handshake().auth.if_contains("token");
  auto claims = token && token->is_string() ? tokens_.verify(token->get_string()) : std::nullopt;
  if (!claims) return next(refusal("UNAUTHORIZED", "A valid token is required"));
  auto room_id = socket_room_id(*socket);
  if (!is_uuid(room_id)) return next(refusal("ROOM_NOT_FOUND", "No such room"));
  auto& data = socket->data();
  data["user_id"] = claims->user_id;
  data["user_name"] = claims->name;
  data["is_admin"] = claims->is_admin;
  auto* store = &rooms_.store();
  rooms_.in_room(
      room_id,
      [next](std::optional<Failure> failure, const json::value&) {
        next(refusal(failure->code, failure->message));
      },
      [store, room_id, user_id = claims->user_id] {
        auto participant = store->participant_of_user(user_id);
        if (participant && participant->room_id == room_id) return true;
        if (!store->room(room_id)) throw Refused{not_found("ROOM_NOT_FOUND", "No such room")};
        return false;
      },
      [next](bool& participant, Reply&) {
        if (!participant)
          return next(refusal("NOT_PARTICIPANT", "Join the room over REST before connecting"));
        next(std::nullopt);
      });
}

Reply event_reply(const std::shared_ptr<sio::Socket>& socket, sio::Event& event) {
  auto pending = std::make_shared<sio::Event>(event);
  std::weak_ptr<sio::Socket> weak = socket;
  return [pending, weak](std::optional<Failure> failure, json::value payload) {
    if (failure) {
      if (pending->wants_ack()) return pending->ack_value(ack_failure(*failure));
      if (auto socket = weak.lock())
        socket->emit("error", json::object{{"code", failure->code}, {"message", failure->message}});
      return;
    }
    if (!pending->wants_ack()) return;
    json::object body{{"ok", true}};
    if (payload.is_object())
      for (auto& field : payload.get_object())
        if (field.key() != "success") body[field.key()] = field.value();
    pending->ack_value(std::move(body));
  };
}

void RoomNamespace::on_connection(const SocketPtr& socket) {
  const auto actor = socket_actor(*socket);
  const auto room_id = socket_room_id(*socket);
  socket->join("user:" + actor.user_id);
  rooms_.socket_connected(room_id, actor.user_id);
  socket->on_disconnect([this, room_id, actor](const SocketPtr& socket, std::string_view) {
    rooms_.socket_disconnected(room_id, actor);
  });
  guard_events(socket, flood_limit_, known_events_);
  if (media_) media_->attach(socket);
  auto on = [this, socket](const std::string& name, auto method) {
    socket->on(std::move(name), [this, method](const SocketPtr& socket, sio::Event& event) {
      (this->*method)(socket, event);
    });
  };
  on("join-room", &RoomNamespace::on_join_room);
  on("sync-state", &RoomNamespace::on_sync_state);
  on("typing", &RoomNamespace::on_typing);
  on("whiteboard-draw", &RoomNamespace::on_whiteboard_draw);
  on("whiteboard-clear", &RoomNamespace::on_whiteboard_clear);
  for (const char* relay : {"webrtc-offer", "webrtc-answer", "webrtc-ice-candidate"})
    on(relay, &RoomNamespace::on_relay);

  socket->on("leave-room", [this](const SocketPtr& socket, sio::Event& event) {
    rooms_.leave(socket_actor(*socket), socket_room_id(*socket), "left", answer(socket, event));
  });
  socket->on("send-message", [this](const SocketPtr& socket, sio::Event& event) {
    rooms_.send_message(socket_actor(*socket), socket_room_id(*socket), event.payload(),
                        answer(socket, event));
  });
  socket->on("timer-update", [this](const SocketPtr& socket, sio::Event& event) {
    rooms_.update_timer(socket_actor(*socket), socket_room_id(*socket), event.payload(),
                        answer(socket, event));
  });
  socket->on("media-state", [this](const SocketPtr& socket, sio::Event& event) {
    rooms_.update_media(socket_actor(*socket), socket_room_id(*socket), event.payload(),
                        answer(socket, event));
  });
  socket->on("ready", [this](const SocketPtr& socket, sio::Event& event) {
    auto room_id = socket_room_id(*socket);
    rooms_.broadcast(room_id, "participant-ready", {{"user_id", socket_actor(*socket).user_id}});
    answer(socket, event)(std::nullopt, json::object{});
  });
}

void guard_events(const std::shared_ptr<sio::Socket>& socket, http::RateLimiter& flood_limit,
                  const std::unordered_set<std::string_view>& known) {
  socket->on_any(
      [&flood_limit, &known](const std::shared_ptr<sio::Socket>& socket, sio::Event& event) {
        if (flood_limit.hit(socket->id())) {
          socket->emit("error", json::object{{"code", "RATE_LIMITED"},
                                             {"message", "Too many events; disconnected"}});
          return socket->disconnect();
        }
        if (known.contains(event.name())) return;
        event_reply(socket, event)(Failure{http::Status::not_found, "UNKNOWN_EVENT",
                                           "Unknown event " + event.name().substr(0, 64)},
                                   nullptr);
      });
}

void answer_join_room(RoomService& rooms, const std::shared_ptr<sio::Socket>& socket,
                      sio::Event& event) {
  auto reply = event_reply(socket, event);
  const auto actor = socket_actor(*socket);
  const auto room_id = socket_room_id(*socket);
  std::weak_ptr<sio::Socket> weak = socket;
  auto send_state = [&rooms, room_id, reply, weak](std::optional<Failure> failure,
                                                   const json::value&) {
    if (failure) return reply(std::move(failure), nullptr);
    rooms.room_state(room_id, [reply, weak](std::optional<Failure> failure, json::value state) {
      if (failure) return reply(std::move(failure), nullptr);
      if (auto socket = weak.lock()) socket->emit("room-state", state);
      reply(std::nullopt, json::object{{"state", std::move(state)}});
    });
  };
  auto* store = &rooms.store();
  rooms.in_room(
      room_id, reply,
      [store, user_id = actor.user_id, room_id] {
        auto participant = store->participant_of_user(user_id);
        return participant && participant->room_id == room_id;
      },
      [&rooms, actor, room_id, send_state](bool& participant, Reply&) {
        if (participant) return send_state(std::nullopt, nullptr);
        rooms.join(actor, room_id, std::nullopt, send_state);
      });
}

void RoomNamespace::on_join_room(const SocketPtr& socket, sio::Event& event) {
  answer_join_room(rooms_, socket, event);
}

void RoomNamespace::on_sync_state(const SocketPtr& socket, sio::Event& event) {
  auto reply = answer(socket, event);
  Fields fields(event.payload());
  auto version = fields.integer("version", false, 0, INT64_MAX).value_or(-1);
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  rooms_.room_state(socket_room_id(*socket),
                    [reply, version](std::optional<Failure> failure, json::value state) {
                      if (failure) return reply(std::move(failure), nullptr);
                      int64_t current = state.at("version").as_int64();
                      json::object body{{"version", current}, {"in_sync", current == version}};
                      if (current != version) body["state"] = std::move(state);
                      reply(std::nullopt, std::move(body));
                    });
}

void RoomNamespace::on_typing(const SocketPtr& socket, sio::Event& event) {
  auto reply = answer(socket, event);
  Fields fields(event.payload());
  auto is_typing = fields.boolean("is_typing", true);
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto actor = socket_actor(*socket);
  rooms_.broadcast(
      socket_room_id(*socket), "typing",
      {{"user_id", actor.user_id}, {"user_name", actor.name}, {"is_typing", *is_typing}});
  reply(std::nullopt, json::object{});
}

void RoomNamespace::on_relay(const SocketPtr& socket, sio::Event& event) {
  auto reply = answer(socket, event);
  Fields fields(event.payload());
  auto target = fields.uuid("target_user_id", true);
  const bool candidate = event.name() == "webrtc-ice-candidate";
  const char* key = candidate ? "candidate" : "sdp";
  const auto* body = event.payload().if_object();
  const auto* value = body ? body->if_contains(key) : nullptr;
  if (!value || !(value->is_string() || value->is_object()))
    fields.fail(key, "is required (a string or an object)");
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto room_id = socket_room_id(*socket);
  auto& nsp = socket->nsp();
  if (nsp.adapter().sockets({"user:" + *target}).empty())
    return reply(Failure{http::Status::not_found, "NOT_PARTICIPANT",
                         "That user is not connected to this room"},
                 nullptr);
  json::object relayed{{"from_user_id", socket_actor(*socket).user_id}, {key, *value}};
  rooms_.emit_to_user(room_id, *target, event.name(), std::move(relayed));
  reply(std::nullopt, json::object{});
}

}  // namespace rooms
