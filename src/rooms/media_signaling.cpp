// SFU signaling: see media_signaling.h. Every handler reads its request body, calls the room's
// Router and returns the ack payload; a media::MediaError becomes {ok: false, error} with its
// code (404 for unknown objects, 409 for AUDIO_ONLY, 400 otherwise).
#include "rooms/media_signaling.h"

#include "media/media_error.h"
#include "rooms/room_namespace.h"

namespace rooms {

namespace json = boost::json;

namespace {

std::string text(const json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (!value || !value->is_string() || value->get_string().empty() ||
      value->get_string().size() > 200)
    throw media::MediaError("VALIDATION_ERROR", std::string(key) + " is required (a string)");
  return std::string(value->get_string());
}

const json::value& member(const json::object& body, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (!value || !value->is_object())
    throw media::MediaError("VALIDATION_ERROR", std::string(key) + " is required (an object)");
  return *value;
}

http::Status status_for(const std::string& code) {
  if (code.ends_with("_NOT_FOUND")) return http::Status::not_found;
  if (code == "AUDIO_ONLY") return http::Status::conflict;
  if (code == "NOT_PARTICIPANT") return http::Status::forbidden;
  return http::Status::bad_request;
}

}  // namespace

MediaSignaling::MediaSignaling(RoomService& rooms, media::MediaServer& media,
                               MediaSignalingOptions options)
    : rooms_(rooms), media_(media), options_(options) {}

const std::unordered_set<std::string_view>& MediaSignaling::events() {
  static const std::unordered_set<std::string_view> names = {"sfu-get-rtp-capabilities",
                                                             "sfu-create-transport",
                                                             "sfu-connect-transport",
                                                             "sfu-produce",
                                                             "sfu-consume",
                                                             "sfu-resume-consumer",
                                                             "sfu-pause-consumer",
                                                             "sfu-pause-producer",
                                                             "sfu-resume-producer",
                                                             "sfu-close-producer"};
  return names;
}

void MediaSignaling::attach(const SocketPtr& socket) {
  on(socket, "sfu-get-rtp-capabilities", &MediaSignaling::get_rtp_capabilities);
  on(socket, "sfu-create-transport", &MediaSignaling::create_transport);
  on(socket, "sfu-connect-transport", &MediaSignaling::connect_transport);
  on(socket, "sfu-produce", &MediaSignaling::produce);
  on(socket, "sfu-consume", &MediaSignaling::consume);
  on(socket, "sfu-resume-consumer", &MediaSignaling::resume_consumer);
  on(socket, "sfu-pause-consumer", &MediaSignaling::pause_consumer);
  on(socket, "sfu-pause-producer", &MediaSignaling::pause_producer);
  on(socket, "sfu-resume-producer", &MediaSignaling::resume_producer);
  on(socket, "sfu-close-producer", &MediaSignaling::close_producer);
  const auto room_id = socket_room_id(*socket);
  socket->on_disconnect([this, room_id](const SocketPtr& socket, std::string_view) {
    close_socket_media(room_id, socket->id());
  });
  if (audio_only(room_id)) socket->emit("media-mode", json::object{{"mode", "audio-only"}});
}

void MediaSignaling::on(const SocketPtr& socket, const std::string& event, Handler handler) {
  socket->on(event, [this, handler](const SocketPtr& socket, sio::Event& event) {
    auto reply = event_reply(socket, event);
    static const json::object empty;
    const auto* body = event.payload().if_object();
    try {
      const auto actor = socket_actor(*socket);
      if (left_.contains(socket_room_id(*socket) + "/" + actor.user_id))
        throw media::MediaError("NOT_PARTICIPANT", "Join the room before using media");
      reply(std::nullopt, (this->*handler)(socket, body ? *body : empty));
    } catch (const media::MediaError& error) {
      reply(Failure{status_for(error.code), error.code, error.what()}, nullptr);
    } catch (const std::exception& error) {
      reply(Failure{.internal = error.what()}, nullptr);
    }
  });
}

media::Router& MediaSignaling::router_of(const SocketPtr& socket) {
  const auto room_id = socket_room_id(*socket);
  auto& router = media_.router(room_id, *this);
  if (router.video_held() != audio_only(room_id)) router.set_video_held(audio_only(room_id));
  return router;
}

bool MediaSignaling::audio_only(const std::string& room_id) const {
  return audio_only_.contains(room_id);
}

json::object MediaSignaling::get_rtp_capabilities(const SocketPtr& socket, const json::object&) {
  const auto room_id = socket_room_id(*socket);
  json::array producers;
  if (auto* router = media_.find_router(room_id)) {
    router->for_each_producer([&producers](const media::Producer& producer) {
      const auto& data = producer.app_data().as_object();
      producers.push_back(json::object{{"producer_id", producer.id()},
                                       {"user_id", data.at("user_id")},
                                       {"kind", media::kind_name(producer.kind())}});
    });
  }
  return {{"rtpCapabilities", media::Router::rtp_capabilities()},
          {"producers", std::move(producers)},
          {"media_mode", audio_only(room_id) ? "audio-only" : "video"}};
}

json::object MediaSignaling::create_transport(const SocketPtr& socket, const json::object& body) {
  const auto direction = text(body, "direction");
  if (direction != "send" && direction != "recv")
    throw media::MediaError("VALIDATION_ERROR", "direction must be send or recv");
  auto& transport = router_of(socket).create_transport(socket->id());
  sockets_[socket_room_id(*socket)][socket->id()] = socket_actor(*socket).user_id;
  return {{"id", transport.id()},
          {"direction", direction},
          {"iceParameters", transport.ice_parameters()},
          {"iceCandidates", transport.ice_candidates()},
          {"dtlsParameters", transport.dtls_parameters()}};
}

json::object MediaSignaling::connect_transport(const SocketPtr& socket, const json::object& body) {
  router_of(socket).connect_transport(socket->id(), text(body, "transport_id"),
                                      member(body, "dtlsParameters"));
  return {};
}

json::object MediaSignaling::produce(const SocketPtr& socket, const json::object& body) {
  const auto room_id = socket_room_id(*socket);
  const auto kind = media::parse_kind(body.contains("kind") ? body.at("kind") : json::value());
  if (kind == media::MediaKind::video && audio_only(room_id))
    throw media::MediaError("AUDIO_ONLY", "The room is audio-only while it is this full");
  const auto user_id = socket_actor(*socket).user_id;
  json::object app_data;
  if (const auto* given = body.if_contains("appData"); given && given->is_object())
    app_data = given->get_object();
  app_data["user_id"] = user_id;
  auto& producer = router_of(socket).produce(socket->id(), text(body, "transport_id"), kind,
                                             member(body, "rtpParameters"), app_data);
  rooms_.broadcast(
      room_id, "sfu-new-producer",
      {{"producer_id", producer.id()}, {"user_id", user_id}, {"kind", media::kind_name(kind)}});
  return {{"id", producer.id()}};
}

json::object MediaSignaling::consume(const SocketPtr& socket, const json::object& body) {
  auto& consumer =
      router_of(socket).consume(socket->id(), text(body, "transport_id"), text(body, "producer_id"),
                                member(body, "rtpCapabilities"));
  auto& producer = consumer.producer();
  return {{"id", consumer.id()},
          {"producerId", producer.id()},
          {"kind", media::kind_name(producer.kind())},
          {"rtpParameters", consumer.parameters().rtp_parameters},
          {"type", "simple"},
          {"producerPaused", producer.paused()},
          {"user_id", producer.app_data().as_object().at("user_id")}};
}

json::object MediaSignaling::resume_consumer(const SocketPtr& socket, const json::object& body) {
  router_of(socket).resume_consumer(socket->id(), text(body, "consumer_id"));
  return {};
}

json::object MediaSignaling::pause_consumer(const SocketPtr& socket, const json::object& body) {
  router_of(socket).pause_consumer(socket->id(), text(body, "consumer_id"));
  return {};
}

json::object MediaSignaling::pause_producer(const SocketPtr& socket, const json::object& body) {
  router_of(socket).set_producer_paused(socket->id(), text(body, "producer_id"), true);
  return {};
}

json::object MediaSignaling::resume_producer(const SocketPtr& socket, const json::object& body) {
  router_of(socket).set_producer_paused(socket->id(), text(body, "producer_id"), false);
  return {};
}

json::object MediaSignaling::close_producer(const SocketPtr& socket, const json::object& body) {
  const auto id = text(body, "producer_id");
  router_of(socket).close_producer(socket->id(), id);
  announce_closed(socket_room_id(*socket), {id});
  return {};
}

void MediaSignaling::announce_closed(const std::string& room_id,
                                     const std::vector<std::string>& producers) {
  for (const auto& id : producers)
    rooms_.broadcast(room_id, "sfu-producer-closed", {{"producer_id", id}});
}

void MediaSignaling::close_socket_media(const std::string& room_id, const std::string& socket_id) {
  auto room = sockets_.find(room_id);
  if (room == sockets_.end() || !room->second.erase(socket_id)) return;
  if (room->second.empty()) sockets_.erase(room);
  if (auto* router = media_.find_router(room_id))
    announce_closed(room_id, router->close_owner(socket_id));
}

void MediaSignaling::participant_joined(const std::string& room_id, const std::string& user_id) {
  left_.erase(room_id + "/" + user_id);
}

void MediaSignaling::participant_left(const std::string& room_id, const std::string& user_id) {
  std::vector<std::string> closing;
  if (auto room = sockets_.find(room_id); room != sockets_.end())
    for (const auto& [socket_id, user] : room->second)
      if (user == user_id) closing.push_back(socket_id);
  for (const auto& socket_id : closing) close_socket_media(room_id, socket_id);
  // A socket that stays connected after leaving may not make media until it joins again.
  left_.insert(room_id + "/" + user_id);
}

void MediaSignaling::occupancy_changed(const std::string& room_id, int occupancy) {
  if (occupancy <= 0) {
    media_.close_router(room_id);
    sockets_.erase(room_id);
    std::erase_if(left_, [&](const std::string& key) { return key.starts_with(room_id + "/"); });
  }
  const int threshold = options_.audio_only_threshold;
  if (!audio_only(room_id) && occupancy > threshold) set_mode(room_id, true);
  if (audio_only(room_id) && occupancy <= threshold - 1) set_mode(room_id, false);
}

void MediaSignaling::set_mode(const std::string& room_id, bool audio_only) {
  if (audio_only)
    audio_only_.insert(room_id);
  else
    audio_only_.erase(room_id);
  if (auto* router = media_.find_router(room_id)) router->set_video_held(audio_only);
  rooms_.broadcast(room_id, "media-mode", {{"mode", audio_only ? "audio-only" : "video"}});
}

void MediaSignaling::producer_closed(media::Router& router, const std::string& producer_id,
                                     const std::string& owner) {
  announce_closed(router.id(), {producer_id});
}

}  // namespace rooms
