#include "rooms/public_namespace.h"

#include <unordered_set>

#include "rooms/fields.h"
#include "rooms/health_ping.h"
#include "rooms/public_access.h"
#include "rooms/room_namespace.h"

namespace rooms {

namespace json = boost::json;

namespace {

using Clock = std::chrono::steady_clock;

sio::ConnectError refusal(std::string code, std::string message) {
  return {message, json::object{{"code", code}, {"message", message}}};
}

const std::unordered_set<std::string_view> kClientEvents = {"join-room", "leave-room", "pong"};

// One socket's health check: its schedule and the timer that acts on it. The socket's event
// handlers own it, so it ends with the socket and its timer is cancelled then.
struct HealthWatch {
  HealthWatch(const PublicNamespaceOptions& options, const boost::asio::any_io_executor& executor)
      : schedule(options.ping_interval, options.max_missed, Clock::now()), timer(executor) {}
  PingSchedule schedule;
  boost::asio::steady_timer timer;
};

void arm(const std::shared_ptr<HealthWatch>& watch, const std::weak_ptr<sio::Socket>& weak,
         Clock::time_point at) {
  watch->timer.expires_at(at);
  watch->timer.async_wait([held = std::weak_ptr(watch), weak](boost::system::error_code ec) {
    auto watch = held.lock();
    auto socket = weak.lock();
    if (ec || !watch || !socket || !socket->connected()) return;
    auto step = watch->schedule.due(Clock::now());
    switch (step.action) {
      case PingSchedule::Action::wait:
        return arm(watch, weak, step.next);
      case PingSchedule::Action::ping:
        socket->emit_args("ping");
        return arm(watch, weak, step.next);
      case PingSchedule::Action::time_out:
        socket->emit("error",
                     json::object{{"code", "CONNECTION_TIMEOUT"},
                                  {"message", "No answer to the server's pings; disconnected"}});
        // A namespace disconnect: the client does not reconnect by itself, and other namespaces
        // sharing its connection (the lobby) stay.
        socket->disconnect();
        return;
    }
  });
}

}  // namespace

PublicNamespace::PublicNamespace(sio::Server& realtime, RoomService& rooms,
                                 PublicNamespaceOptions options)
    : rooms_(rooms), options_(options), connections_(options.max_conns_per_ip) {
  auto& parent = realtime.of_pattern("/public-room/:roomId");
  parent.use([this](const SocketPtr& socket, sio::Next next) { admit(socket, std::move(next)); });
  parent.on_connection([this](const SocketPtr& socket) { on_connection(socket); });
}

void PublicNamespace::admit(const SocketPtr& socket, const sio::Next& next) {
  const auto& handshake = socket->handshake();
  auto hash = ip_hash(
      client_address(handshake.header("X-Forwarded-For"), handshake.address, options_.trust_proxy));
  if (!connections_.try_add(hash, socket->id(), Clock::now()))
    return next(refusal("TOO_MANY_CONNECTIONS", "At most " + std::to_string(connections_.limit()) +
                                                    " public-room connections per IP address"));
  // The slot is taken now, so that connections checked at the same time cannot all pass; it is
  // given back unless the socket ends up connected (then its disconnect gives it back).
  const auto* cluster = rooms_.cluster();
  auto settle = [this, cluster, socket, hash, next](std::optional<sio::ConnectError> error) {
    next(std::move(error));
    if (socket->connected()) return;
    connections_.remove(hash, socket->id());
    if (cluster) cluster->connection_remove(hash, socket->id());
  };
  // In a cluster the limit holds over every instance: the shared table must take it too.
  if (!cluster) return check_user(socket, hash, settle);
  cluster->connection_add(
      hash, socket->id(), connections_.limit(), [this, socket, hash, settle](bool added) {
        if (!added)
          return settle(
              refusal("TOO_MANY_CONNECTIONS", "At most " + std::to_string(connections_.limit()) +
                                                  " public-room connections per IP address"));
        check_user(socket, hash, settle);
      });
}

void PublicNamespace::check_user(const SocketPtr& socket, const std::string& hash,
                                 const Settle& settle) {
  const auto& handshake = socket->handshake();
  socket->data()["ip_hash"] = hash;
  const auto* given = handshake.auth.if_contains("user_id");
  std::string user_id = given && given->is_string() ? std::string(given->get_string()) : "";
  auto room_id = socket_room_id(*socket);
  if (!is_uuid(user_id)) return settle(refusal("INVALID_USER", invalid_user().message));
  if (!is_uuid(room_id)) return settle(refusal("ROOM_NOT_FOUND", "No such public room"));
  auto* store = &rooms_.store();
  rooms_.in_room(
      room_id,
      [settle](std::optional<Failure> failure, const json::value&) {
        settle(refusal(failure->code, failure->message));
      },
      [store, user_id, hash, room_id] {
        return require_public_access(*store, user_id, hash, room_id);
      },
      [socket, settle](store::User& user, Reply&) {
        socket->data()["user_id"] = user.id;
        socket->data()["user_name"] = user.name;
        settle(std::nullopt);
      });
}

void PublicNamespace::on_connection(const SocketPtr& socket) {
  const auto actor = socket_actor(*socket);
  const auto room_id = socket_room_id(*socket);
  const std::string hash(socket->data().at("ip_hash").as_string());
  socket->join("user:" + actor.user_id);
  rooms_.socket_connected(room_id, actor.user_id);
  socket->on_disconnect([this, room_id, actor, hash](const SocketPtr& socket, std::string_view) {
    connections_.remove(hash, socket->id());
    if (const auto* cluster = rooms_.cluster()) cluster->connection_remove(hash, socket->id());
    rooms_.socket_disconnected(room_id, actor);
  });
  watch_health(socket);
  guard_events(socket, flood_limit_, kClientEvents);
  socket->on("join-room",
             [this](const SocketPtr& socket, sio::Event& event) { on_join_room(socket, event); });
  socket->on("leave-room", [this](const SocketPtr& socket, sio::Event& event) {
    rooms_.leave(socket_actor(*socket), socket_room_id(*socket), "left",
                 event_reply(socket, event));
  });
  // Its arrival is what counts (see watch_health); an ack, if asked for, is empty.
  socket->on("pong", [](const SocketPtr& socket, sio::Event& event) {
    event_reply(socket, event)(std::nullopt, json::object{});
  });
}

void PublicNamespace::watch_health(const SocketPtr& socket) {
  auto watch = std::make_shared<HealthWatch>(options_, socket->nsp().server().executor());
  // Registered before the other handlers: every event, known or not, shows the client alive.
  socket->on_any(
      [watch](const SocketPtr&, sio::Event&) { watch->schedule.activity(Clock::now()); });
  arm(watch, socket, watch->schedule.due(Clock::now()).next);
}

void PublicNamespace::on_join_room(const SocketPtr& socket, sio::Event& event) {
  answer_join_room(rooms_, socket, event);
}

}  // namespace rooms
