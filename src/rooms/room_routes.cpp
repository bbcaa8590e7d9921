// REST routes of rooms: listing, creation, details, joining and leaving, chat and its history,
// the timer, moderation and session logs. Actions that change a room go through the
// RoomService, which broadcasts them to the room's namespace as the socket events do.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "rooms/clock.h"
#include "rooms/fields.h"
#include "rooms/rest_api.h"
#include "rooms/views.h"

namespace rooms {

namespace json = boost::json;

void RestApi::add_room_routes() {
  using http::Verb;
  route(Verb::get, "/api/rooms", Access::anyone,
        [this](const ApiRequestPtr& request) { list_rooms(request); });
  route(Verb::post, "/api/rooms", Access::user,
        [this](const ApiRequestPtr& request) { create_room(request); });
  route(Verb::get, "/api/rooms/join/:join_code", Access::anyone,
        [this](const ApiRequestPtr& request) { join_code(request); });
  route(Verb::get, "/api/rooms/:id", Access::anyone,
        [this](const ApiRequestPtr& request) { room_details(request); });
  route(Verb::get, "/api/rooms/:id/messages", Access::anyone,
        [this](const ApiRequestPtr& request) { messages(request); });
  route(Verb::get, "/api/session-logs", Access::user,
        [this](const ApiRequestPtr& request) { session_logs(request); });

  route(Verb::post, "/api/rooms/:id/join", Access::user, [this](const ApiRequestPtr& request) {
    auto body = request->json_body();
    if (!body) return;
    Fields fields(*body);
    auto study_session =
        fields.string("study_session_id", {.required = false, .min = 1, .max = 100});
    if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
    rooms_.join(request->actor(), request->param("id"), study_session, request->replier());
  });
  route(Verb::post, "/api/rooms/:id/leave", Access::user, [this](const ApiRequestPtr& request) {
    rooms_.leave(request->actor(), request->param("id"), "left", request->replier());
  });
  route(Verb::post, "/api/rooms/:id/chat", Access::user, [this](const ApiRequestPtr& request) {
    if (auto body = request->json_body())
      rooms_.send_message(request->actor(), request->param("id"), *body,
                          request->replier(http::Status::created));
  });
  route(Verb::post, "/api/rooms/:id/timer-sync", Access::user,
        [this](const ApiRequestPtr& request) {
          if (auto body = request->json_body())
            rooms_.update_timer(request->actor(), request->param("id"), *body, request->replier());
        });
  route(Verb::post, "/api/admin/rooms/:id/moderate", Access::user,
        [this](const ApiRequestPtr& request) {
          if (auto body = request->json_body())
            rooms_.moderate(request->actor(), request->param("id"), *body, request->replier());
        });
}

void RestApi::list_rooms(const ApiRequestPtr& request) {
  // In a cluster the list is cached in Redis for 5 s (seed 000 property 38).
  const auto* cluster = rooms_.cluster();
  if (!cluster) return list_rooms_from_store(request);
  cluster->cache_get(kRoomListCacheKey, [this, request](std::optional<std::string> cached) {
    boost::system::error_code ec;
    auto parsed = cached ? json::parse(*cached, ec) : json::value();
    if (cached && !ec && parsed.is_object()) return request->reply(http::Status::ok, parsed);
    list_rooms_from_store(request);
  });
}

void RestApi::list_rooms_from_store(const ApiRequestPtr& request) {
  auto* store = &rooms_.store();
  pool_.run([store] { return store->list_rooms(); },
            [this, request](Outcome<std::vector<store::Room>> rooms) {
              if (!rooms.ok()) return request->fail(failure_from(rooms.error()));
              json::array list;
              for (const auto& room : rooms.value()) {
                rooms_.note_occupancy(room);
                if (room.is_public) list.push_back(room_summary(room));
              }
              json::object body{{"rooms", std::move(list)}};
              if (const auto* cluster = rooms_.cluster())
                cluster->cache_put(kRoomListCacheKey, json::serialize(body), kRoomListCacheTtl);
              request->reply(http::Status::ok, std::move(body));
            });
}

void RestApi::create_room(const ApiRequestPtr& request) {
  auto body = request->json_body();
  if (!body) return;
  Fields fields(*body);
  store::NewRoom room;
  room.name = fields.string("name", {.min = 1, .max = 100}).value_or("");
  room.capacity = int(fields.integer("capacity", false, 2, 50).value_or(50));
  room.is_public = fields.boolean("is_public").value_or(true);
  room.media_topology = fields.one_of("media_topology", {"mesh", "sfu"}, false)
                            .value_or(room.capacity <= 6 ? "mesh" : "sfu");
  room.owner_id = request->actor().user_id;
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  auto* store = &rooms_.store();
  pool_.run([store, room] { return store->create_room(room); },
            [this, request](Outcome<std::optional<store::Room>> created) {
              if (!created.ok()) return request->fail(failure_from(created.error()));
              if (!created.value())
                return request->fail({http::Status::conflict, "ROOM_NAME_TAKEN",
                                      "A room with this name exists already"});
              rooms_.note_occupancy(*created.value());
              auto json = rooms::room_details(*created.value());
              request->reply(http::Status::created,
                             json::object{{"room", json}, {"join_code", json.at("join_code")}});
            });
}

void RestApi::room_details(const ApiRequestPtr& request) {
  const auto& id = request->param("id");
  if (!is_uuid(id)) return request->fail(room_not_found());
  auto* store = &rooms_.store();
  pool_.run(
      [store, id] {
        auto room = store->room(id);
        std::vector<store::Participant> participants;
        if (room) participants = store->participants(id);
        return std::make_pair(room, participants);
      },
      [request](auto found) {
        if (!found.ok()) return request->fail(failure_from(found.error()));
        auto& [room, participants] = found.value();
        if (!room) return request->fail(room_not_found());
        json::array people;
        for (const auto& participant : participants)
          people.push_back(participant_json(participant));
        request->reply(http::Status::ok, json::object{{"room", rooms::room_details(*room)},
                                                      {"participants", std::move(people)}});
      });
}

void RestApi::join_code(const ApiRequestPtr& request) {
  std::string code = request->param("join_code");
  std::transform(code.begin(), code.end(), code.begin(),
                 [](char c) { return std::toupper(static_cast<unsigned char>(c)); });
  if (code.size() != 6) return request->fail(room_not_found());
  auto* store = &rooms_.store();
  pool_.run([store, code] { return store->room_by_join_code(code); },
            [request](Outcome<std::optional<store::Room>> found) {
              if (!found.ok()) return request->fail(failure_from(found.error()));
              if (!found.value()) return request->fail(room_not_found());
              request->reply(http::Status::ok,
                             json::object{{"room", rooms::room_details(*found.value())}});
            });
}

void RestApi::messages(const ApiRequestPtr& request) {
  const auto& id = request->param("id");
  if (!is_uuid(id)) return request->fail(room_not_found());
  json::value query = json::object{};
  for (const char* key : {"before", "limit"})
    if (auto value = request->query(key)) query.as_object()[key] = *value;
  Fields fields(query);
  std::optional<std::string> before =
      fields.string("before", {.required = false, .min = 36, .max = 36});
  if (before && !is_uuid(*before)) fields.fail("before", "must be a message id");
  int limit = 50;
  if (auto text = request->query("limit")) {
    char* end = nullptr;
    long value = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || value < 1 || value > 100)
      fields.fail("limit", "must be an integer between 1 and 100");
    else
      limit = int(value);
  }
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  auto* store = &rooms_.store();
  pool_.run(
      [store, id, before, limit] {
        if (!store->room(id)) throw Refused{room_not_found()};
        return store->messages(id, before, limit + 1);
      },
      [request, limit](Outcome<std::vector<store::Message>> found) {
        if (!found.ok()) return request->fail(failure_from(found.error()));
        auto& list = found.value();
        bool has_more = int(list.size()) > limit;
        if (has_more) list.resize(limit);
        json::array messages;
        for (const auto& message : list) messages.push_back(message_json(message));
        json::object body{{"messages", std::move(messages)}, {"has_more", has_more}};
        body["next_before"] = has_more ? json::value(list.back().id) : json::value(nullptr);
        request->reply(http::Status::ok, body);
      });
}

void RestApi::session_logs(const ApiRequestPtr& request) {
  const auto& actor = request->actor();
  json::value query = json::object{};
  for (const char* key : {"user_id", "room_id", "from", "to"})
    if (auto value = request->query(key)) query.as_object()[key] = *value;
  Fields fields(query);
  store::SessionLogFilter filter;
  filter.user_id = fields.uuid("user_id", false);
  filter.room_id = fields.uuid("room_id", false);
  for (auto [key, slot] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    auto text = fields.string(key, {.required = false, .min = 1, .max = 40});
    if (text && !(*slot = parse_iso8601(*text))) fields.fail(key, "must be an ISO 8601 date");
  }
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  if (!actor.is_admin) {
    if (filter.user_id && *filter.user_id != actor.user_id)
      return request->fail(forbidden("Only admins can read other users' session logs"));
    filter.user_id = actor.user_id;
  }
  auto* store = &rooms_.store();
  pool_.run([store, filter] { return store->session_logs(filter); },
            [request](Outcome<std::vector<store::SessionLog>> logs) {
              if (!logs.ok()) return request->fail(failure_from(logs.error()));
              json::array list;
              for (const auto& log : logs.value()) list.push_back(session_log_json(log));
              request->reply(http::Status::ok, json::object{{"session_logs", std::move(list)}});
            });
}

}  // namespace rooms
