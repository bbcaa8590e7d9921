#include "rooms/room_service.h"

#include "rooms/clock.h"
#include "rooms/fields.h"
#include "rooms/participation.h"
#include "rooms/sanitize.h"
#include "rooms/views.h"

namespace rooms {

namespace json = boost::json;

namespace {

std::string presence_key(const std::string& room_id, const std::string& user_id) {
  return room_id + "/" + user_id;
}

}  // namespace

json::object ack_failure(const Failure& failure) {
  json::object error{{"code", failure.code}, {"message", failure.message}};
  if (!failure.details.is_null()) error["details"] = failure.details;
  return {{"ok", false}, {"error", std::move(error)}};
}

RoomService::RoomService(sio::Server& realtime, store::Store& store, WorkerPool& pool,
                         RoomLimits limits, http::Metrics& metrics, http::Logger& log,
                         RoomServiceOptions options)
    : realtime_(realtime),
      store_(store),
      pool_(pool),
      limits_(std::move(limits)),
      metrics_(metrics),
      log_(log),
      options_(options) {}

RoomService::~RoomService() = default;

int64_t RoomService::known_version(const std::string& room_id) const {
  auto it = versions_.find(room_id);
  return it == versions_.end() ? 0 : it->second;
}

void RoomService::note_version(const std::string& room_id, int64_t version) {
  auto& known = versions_[room_id];
  known = std::max(known, version);
}

void RoomService::note_occupancy(const store::Room& room) {
  auto [entry, added] = occupancy_.try_emplace(room.id, room.name, room.current_occupancy);
  const bool changed = added || entry->second.second != room.current_occupancy;
  entry->second.second = room.current_occupancy;
  note_version(room.id, room.version);
  if (changed && options_.cluster) options_.cluster->cache_drop(kRoomListCacheKey);
  if (changed) schedule_lobby_update();
  if (changed && listener_) listener_->occupancy_changed(room.id, room.current_occupancy);
}

// The lobby learns of occupancy changes at most every lobby_interval, in one rooms-updated
// with the whole list, however many joins and leaves happened meanwhile.
void RoomService::schedule_lobby_update() {
  if (lobby_timer_) return;
  lobby_timer_ =
      std::make_unique<boost::asio::steady_timer>(realtime_.executor(), options_.lobby_interval);
  lobby_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    lobby_timer_.reset();
    auto* lobby = realtime_.find("/");
    // In a cluster the lobbies of the other instances need the update too.
    if (!lobby || (lobby->sockets().empty() && !options_.cluster)) return;
    auto* store = &store_;
    pool_.run([store] { return store->list_rooms(); },
              [this](Outcome<std::vector<store::Room>> rooms) {
                auto* lobby = realtime_.find("/");
                if (!rooms.ok() || !lobby) return;
                json::array list;
                for (const auto& room : rooms.value())
                  if (room.is_public) list.push_back(room_summary(room));
                lobby->emit("rooms-updated", json::object{{"rooms", std::move(list)}});
              });
  });
}

std::map<std::string, double> RoomService::occupancy() const {
  std::map<std::string, double> by_name;
  for (const auto& [id, entry] : occupancy_) by_name[entry.first] = entry.second;
  return by_name;
}

std::vector<sio::Namespace*> RoomService::room_namespaces(const std::string& room_id) {
  std::vector<sio::Namespace*> found;
  // In a cluster both exist everywhere, so events reach the sockets other instances hold.
  for (const char* prefix : {"/room/", "/public-room/"})
    if (auto* nsp =
            options_.cluster ? &realtime_.of(prefix + room_id) : realtime_.find(prefix + room_id))
      found.push_back(nsp);
  return found;
}

void RoomService::broadcast(const std::string& room_id, std::string_view event,
                            json::object payload) {
  payload["version"] = known_version(room_id);
  for (auto* nsp : room_namespaces(room_id)) nsp->emit(event, payload);
}

void RoomService::emit_to_user(const std::string& room_id, const std::string& user_id,
                               std::string_view event, const json::object& payload) {
  for (auto* nsp : room_namespaces(room_id)) nsp->to("user:" + user_id).emit(event, payload);
}

void RoomService::join(const Actor& actor, const std::string& room_id,
                       const std::optional<std::string>& study_session_id, Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  // In a cluster the verdict waits for the count over every instance.
  limits_.join.hit_async(actor.user_id, [this, actor, room_id, study_session_id,
                                         reply](std::optional<std::chrono::seconds> wait) {
    if (wait) return reply(rate_limited(int(wait->count())), nullptr);
    join_admitted(actor, room_id, study_session_id, reply);
  });
}

void RoomService::join_admitted(const Actor& actor, const std::string& room_id,
                                const std::optional<std::string>& study_session_id, Reply reply) {
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id, study_session_id] {
        return store->join(room_id, user_id, study_session_id, now_millis());
      },
      [this](store::JoinResult& joined, Reply& reply) {
        switch (joined.outcome) {
          case store::JoinOutcome::room_not_found:
            return reply(room_not_found(), nullptr);
          case store::JoinOutcome::room_full:
            return reply(Failure{http::Status::too_many_requests, "ROOM_FULL", "The room is full",
                                 json::object{{"capacity", joined.room.capacity}}},
                         nullptr);
          case store::JoinOutcome::already_in_room:
            return reply(Failure{http::Status::conflict, "ALREADY_IN_ROOM",
                                 "You are already in a room; leave it first",
                                 json::object{{"room_id", joined.other_room_id}}},
                         nullptr);
          case store::JoinOutcome::joined:
            break;
        }
        announce_join(joined);
        if (options_.cluster) claim_participant(joined.room.id, joined.participant.user_id);
        reply(std::nullopt,
              json::object{
                  {"success", true},
                  {"participant_id", joined.participant.id},
                  {"participant", participant_json(joined.participant)},
                  {"room", json::object{{"id", joined.room.id},
                                        {"name", joined.room.name},
                                        {"current_occupancy", joined.room.current_occupancy}}}});
      });
}

void RoomService::announce_join(const store::JoinResult& joined) {
  note_occupancy(joined.room);
  if (listener_) listener_->participant_joined(joined.room.id, joined.participant.user_id);
  metrics_.counter("carrel_joins_total", "Participants admitted to a room").inc();
  log_.info("joined", {{"user_id", joined.participant.user_id},
                       {"room_id", joined.room.id},
                       {"current_occupancy", joined.room.current_occupancy}});
  const auto& participant = joined.participant;
  broadcast(joined.room.id, "user-joined",
            {{"user_id", participant.user_id},
             {"user_name", participant.user_name},
             {"joined_at", format_iso8601(participant.joined_at)},
             {"current_occupancy", joined.room.current_occupancy},
             {"participant", participant_json(participant)}});
}

void RoomService::leave(const Actor& actor, const std::string& room_id, const std::string& reason,
                        Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id] {
        auto left = store->leave(room_id, user_id, now_millis());
        if (left.outcome == store::LeaveOutcome::not_participant && !store->room(room_id))
          throw Refused{room_not_found()};
        return left;
      },
      [this, user_id = actor.user_id, reason](store::LeaveResult& left, Reply& reply) {
        if (left.outcome == store::LeaveOutcome::not_participant)
          return reply(not_found("NOT_PARTICIPANT", "You are not a participant of this room"),
                       nullptr);
        announce_leave(left, user_id, reason);
        reply(
            std::nullopt,
            json::object{{"success", true},
                         {"room", json::object{{"id", left.room.id},
                                               {"name", left.room.name},
                                               {"current_occupancy", left.room.current_occupancy}}},
                         {"session_log", session_log_json(left.log)}});
      });
}

void RoomService::announce_leave(const store::LeaveResult& left, const std::string& user_id,
                                 const std::string& reason) {
  note_occupancy(left.room);
  if (listener_) listener_->participant_left(left.room.id, user_id);
  metrics_.counter("carrel_leaves_total", "Participations ended", "reason", reason).inc();
  log_.info("left", {{"user_id", user_id},
                     {"room_id", left.room.id},
                     {"reason", reason},
                     {"duration", left.log.duration}});
  broadcast(left.room.id, "user-left",
            {{"user_id", user_id},
             {"current_occupancy", left.room.current_occupancy},
             {"reason", reason}});
}

void RoomService::send_message(const Actor& actor, const std::string& room_id,
                               const json::value& body, Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  Fields fields(body);
  auto content = fields.string("content", {.min = 1, .max = 1000});
  auto type = fields.one_of("type", {"TEXT", "EMOJI", "POLL"}, false).value_or("TEXT");
  auto client_id = fields.string("client_message_id", {.required = false, .min = 1, .max = 64})
                       .value_or("");
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto clean = sanitize_message(*content);
  limits_.chat.hit_async(actor.user_id,
                         [this, actor, room_id, message = OutgoingMessage{clean, type, client_id},
                          reply](std::optional<std::chrono::seconds> wait) {
                           if (wait) return reply(rate_limited(int(wait->count())), nullptr);
                           store_message(actor, room_id, message, reply);
                         });
}

void RoomService::store_message(const Actor& actor, const std::string& room_id,
                                const OutgoingMessage& outgoing, Reply reply) {
  struct Stored {
    store::Message message;
    bool repeated = false;  // a retry of a message already stored and broadcast
  };
  auto* store = &store_;
  auto* recent = &recent_messages_;
  in_room(
      room_id, std::move(reply),
      [store, recent, room_id, actor, outgoing] {
        require_participant(*store, room_id, actor.user_id);
        const auto& tag = outgoing.client_message_id;
        if (!tag.empty())
          if (auto earlier = recent->find(room_id, actor.user_id, tag)) return Stored{*earlier, true};
        auto message =
            store->add_message(room_id, actor.user_id, outgoing.content, outgoing.type, now_millis());
        if (message.user_name.empty()) message.user_name = actor.name;
        if (!tag.empty()) recent->remember(tag, message);
        return Stored{std::move(message)};
      },
      [this, room_id](Stored& stored, Reply& reply) {
        auto payload = message_json(stored.message);
        if (!stored.repeated) {
          metrics_.counter("carrel_messages_total", "Chat messages stored and broadcast").inc();
          broadcast(room_id, "new-message", payload);
        }
        reply(std::nullopt, json::object{{"success", true}, {"message", std::move(payload)}});
      });
}

void RoomService::update_timer(const Actor& actor, const std::string& room_id,
                               const json::value& body, Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  Fields fields(body);
  auto action = fields.one_of("action", {"start", "pause", "resume", "complete"}, true);
  auto duration = fields.integer("duration", false, 1, 86400);
  auto start_text = fields.string("start_time", {.required = false, .min = 10, .max = 40});
  std::optional<store::Millis> start_time;
  if (start_text && !(start_time = parse_iso8601(*start_text)))
    fields.fail("start_time", "must be an ISO 8601 date and time");
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id, action = *action] {
        require_participant(*store, room_id, user_id);
        auto version = store->bump_version(room_id);
        store::SessionLog log;
        log.room_id = room_id;
        log.user_id = user_id;
        log.created_at = now_millis();
        log.kind = "timer-" + action;
        store->add_session_log(log);
        return version.value_or(0);
      },
      [this, room_id, actor, action = *action, duration, start_time](int64_t& version,
                                                                     Reply& reply) {
        note_version(room_id, version);
        auto& timer = timers_[room_id];
        auto now = now_millis();
        if (action == "start")
          timer.start(duration.value_or(1500), start_time.value_or(now), actor.user_id);
        if (action == "pause") timer.pause(now, actor.user_id);
        if (action == "resume") timer.resume(now, actor.user_id);
        if (action == "complete") timer.complete(now, actor.user_id);
        json::object payload{{"action", action}, {"synced_by", actor.user_id}};
        if (auto state = timer.to_json(now); state.is_object()) {
          payload["duration"] = state.at("duration");
          payload["start_time"] = state.at("start_time");
          payload["remaining"] = state.at("remaining");
          payload["timer"] = state;
        }
        broadcast(room_id, "timer-synced", payload);
        reply(std::nullopt, json::object{{"success", true}, {"timer", timer.to_json(now)}});
      });
}

void RoomService::update_media(const Actor& actor, const std::string& room_id,
                               const json::value& body, Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  Fields fields(body);
  store::MediaChange change{fields.boolean("mic"), fields.boolean("cam"), fields.boolean("screen")};
  if (fields.ok() && !change.mic && !change.cam && !change.screen)
    fields.fail("mic", "one of mic, cam or screen is required");
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id, change] {
        auto participant = require_participant(*store, room_id, user_id);
        if (change.mic.value_or(false) && participant.status == "MUTED")
          throw Refused{{http::Status::forbidden, "MUTED",
                         "A moderator muted you; your microphone stays off"}};
        int64_t version = 0;
        auto updated = store->set_media(room_id, user_id, change, &version);
        if (!updated) throw Refused{not_participant_here()};
        return std::make_pair(*updated, version);
      },
      [this, room_id](std::pair<store::Participant, int64_t>& result, Reply& reply) {
        note_version(room_id, result.second);
        const auto& participant = result.first;
        json::object payload{{"user_id", participant.user_id},
                             {"mic", participant.mic},
                             {"cam", participant.cam},
                             {"screen", participant.screen}};
        broadcast(room_id, "media-state-changed", payload);
        payload["ok"] = true;
        reply(std::nullopt, std::move(payload));
      });
}

void RoomService::room_state(const std::string& room_id, Reply reply) {
  if (!is_uuid(room_id)) return reply(room_not_found(), nullptr);
  reply = with_files(room_id, std::move(reply));
  load_whiteboard(room_id);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id] {
        auto room = store->room(room_id);
        if (!room) throw Refused{room_not_found()};
        return std::make_pair(*room, store->participants(room_id));
      },
      [this, room_id](std::pair<store::Room, std::vector<store::Participant>>& found,
                      Reply& reply) {
        auto& [room, participants] = found;
        note_occupancy(room);
        json::array people;
        for (const auto& participant : participants)
          people.push_back(participant_json(participant));
        auto timer = timers_.find(room_id);
        auto whiteboard = whiteboard_state(room_id);
        if (!whiteboard)
          return reply(Failure{http::Status::service_unavailable, "SERVICE_UNAVAILABLE",
                               "The whiteboard could not be loaded; try again shortly"},
                       nullptr);
        json::object room_json{{"id", room.id},
                               {"name", room.name},
                               {"capacity", room.capacity},
                               {"current_occupancy", room.current_occupancy},
                               {"media_topology", room.media_topology},
                               {"join_code", room.join_code}};
        reply(std::nullopt,
              json::object{{"room", std::move(room_json)},
                           {"version", known_version(room_id)},
                           {"participants", std::move(people)},
                           {"timer", timer == timers_.end() ? json::value(nullptr)
                                                            : timer->second.to_json(now_millis())},
                           {"whiteboard", std::move(*whiteboard)}});
      });
}

void RoomService::socket_connected(const std::string& room_id, const std::string& user_id) {
  auto& presence = presence_[presence_key(room_id, user_id)];
  ++presence.sockets;
  presence.cleanup.reset();
  if (options_.cluster) claim_participant(room_id, user_id);
}

void RoomService::socket_disconnected(const std::string& room_id, const Actor& actor) {
  auto it = presence_.find(presence_key(room_id, actor.user_id));
  if (it == presence_.end() || --it->second.sockets > 0) return;
  schedule_cleanup(room_id, actor, options_.disconnect_grace);
}

void RoomService::schedule_cleanup(const std::string& room_id, const Actor& actor,
                                   std::chrono::milliseconds delay) {
  auto key = presence_key(room_id, actor.user_id);
  auto timer = std::make_unique<boost::asio::steady_timer>(realtime_.executor(), delay);
  timer->async_wait([this, key, room_id, actor](boost::system::error_code ec) {
    if (ec) return;
    auto it = presence_.find(key);
    if (it == presence_.end() || it->second.sockets > 0) return;
    presence_.erase(it);
    auto leave_now = [this, room_id, actor] {
      leave(actor, room_id, "disconnected",
            [](const std::optional<Failure>&, const json::value&) {});
    };
    if (!options_.cluster) return leave_now();
    // The user may have reconnected to another instance meanwhile.
    count_user_sockets(*options_.cluster, room_id, actor.user_id,
                       [this, key, leave_now](size_t sockets) {
                         if (sockets == 0 && !presence_.contains(key)) leave_now();
                       });
  });
  presence_[key].cleanup = std::move(timer);
}

void RoomService::expire_stale_participants(std::chrono::milliseconds grace) {
  auto* store = &store_;
  pool_.run([store] { return store->all_participants(); },
            [this, grace](Outcome<std::vector<store::Participant>> found) {
              if (!found.ok()) return;
              for (const auto& participant : found.value()) {
                if (presence_.contains(presence_key(participant.room_id, participant.user_id)))
                  continue;
                schedule_cleanup(participant.room_id,
                                 Actor{participant.user_id, participant.user_name, false}, grace);
              }
              if (!found.value().empty())
                log_.info("participants of a previous run expire unless they reconnect",
                          {{"count", found.value().size()}, {"grace_ms", grace.count()}});
            });
}

}  // namespace rooms
