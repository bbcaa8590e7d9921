// REST routes of public rooms for anonymous users (seed 002): creating an anonymous user bound
// to the caller's IP hash, the list of public rooms, and joining and leaving one with the
// user's id as the credential. Joins and leaves go through the RoomService like those of
// registered users, so capacity, one room per user, session logs, versions and broadcasts are
// the same.
#include "rooms/fields.h"
#include "rooms/public_access.h"
#include "rooms/rest_api.h"
#include "rooms/views.h"

namespace rooms {

namespace json = boost::json;

void RestApi::add_public_routes() {
  using http::Verb;
  route(Verb::post, "/api/public/users", Access::anyone,
        [this](const ApiRequestPtr& request) { create_anonymous_user(request); });
  // The same list as GET /api/rooms, which holds public rooms only.
  route(Verb::get, "/api/public/rooms", Access::anyone,
        [this](const ApiRequestPtr& request) { list_rooms(request); });
  route(Verb::post, "/api/public/rooms/:id/join", Access::anyone,
        [this](const ApiRequestPtr& request) {
          as_anonymous_user(request, [this, request](const Actor& actor) {
            rooms_.join(actor, request->param("id"), std::nullopt, request->replier());
          });
        });
  route(Verb::post, "/api/public/rooms/:id/leave", Access::anyone,
        [this](const ApiRequestPtr& request) {
          as_anonymous_user(request, [this, request](const Actor& actor) {
            rooms_.leave(actor, request->param("id"), "left", request->replier());
          });
        });
}

void RestApi::create_anonymous_user(const ApiRequestPtr& request) {
  auto body = request->json_body();
  if (!body) return;
  Fields fields(*body);
  auto name = fields.string("name", {.min = 1, .max = 100});
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  store::NewUser user;
  user.name = *name;
  user.is_anonymous = true;  // no email (stored as NULL) and no password
  user.ip_hash = ip_hash(request->client_ip());
  auto* store = &rooms_.store();
  pool_.run(
      [store, user] { return store->create_user(user); },
      [this, request](Outcome<std::optional<store::User>> created) {
        if (!created.ok()) return request->fail(failure_from(created.error()));
        if (!created.value()) {
          // Without an email there is no unique field a new user could collide on.
          Failure failure;
          failure.internal = "create_user refused an anonymous user";
          return request->fail(failure);
        }
        metrics_.counter("carrel_anonymous_users_total", "Anonymous users created").inc();
        request->reply(http::Status::created, json::object{{"user", user_json(*created.value())}});
      });
}

void RestApi::as_anonymous_user(const ApiRequestPtr& request,
                                std::function<void(const Actor&)> then) {
  auto body = request->json_body();
  if (!body) return;
  Fields fields(*body);
  auto user_id = fields.uuid("user_id", true);
  if (!fields.ok()) return request->fail(validation_failure(fields.errors()));
  const auto& room_id = request->param("id");
  auto* store = &rooms_.store();
  pool_.run([store, user_id = *user_id, hash = ip_hash(request->client_ip()),
             room_id] { return require_public_access(*store, user_id, hash, room_id); },
            [request, then = std::move(then)](Outcome<store::User> user) {
              if (!user.ok()) return request->fail(failure_from(user.error()));
              then(Actor{user.value().id, user.value().name, false});
            });
}

}  // namespace rooms
