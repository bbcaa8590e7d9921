// Moderation of a room by an admin or the room's owner: mute (status MUTED, microphone off,
// `user-muted`) and kick (participation ended with a session log, `user-kicked` and
// `user-left` to the room, then the target's sockets disconnected).
#include "rooms/clock.h"
#include "rooms/fields.h"
#include "rooms/room_service.h"

namespace rooms {

namespace json = boost::json;

namespace {

struct Moderation {
  std::string action;
  std::string target;
  std::optional<int64_t> version;  // mute
  store::LeaveResult left;         // kick
};

// Who may moderate: admins anywhere; a room's owner in their room, except over admins.
void authorize(store::Store& store, const Actor& actor, const store::Room& room,
               const std::string& target) {
  if (actor.is_admin) return;
  if (!room.owner_id || *room.owner_id != actor.user_id)
    throw Refused{forbidden("Only an admin or the room's owner can moderate this room")};
  auto target_user = store.user_by_id(target);
  if (target_user && target_user->is_admin)
    throw Refused{forbidden("A room owner cannot moderate an admin")};
}

Moderation perform(store::Store& store, const Actor& actor, const std::string& room_id,
                   const std::string& action, const std::string& target) {
  auto room = store.room(room_id);
  if (!room) throw Refused{not_found("ROOM_NOT_FOUND", "No such room")};
  authorize(store, actor, *room, target);
  auto participant = store.participant_of_user(target);
  if (!participant || participant->room_id != room_id)
    throw Refused{not_found("NOT_PARTICIPANT", "That user is not a participant of this room")};
  Moderation done{action, target, std::nullopt, {}};
  if (action == "mute") {
    int64_t version = 0;
    store.set_media(room_id, target, store::MediaChange{false, std::nullopt, std::nullopt},
                    &version);
    done.version = store.set_status(room_id, target, "MUTED");
  } else {
    done.left = store.leave(room_id, target, now_millis());
    if (done.left.outcome != store::LeaveOutcome::left)
      throw Refused{not_found("NOT_PARTICIPANT", "That user is not a participant of this room")};
  }
  return done;
}

}  // namespace

void RoomService::moderate(const Actor& actor, const std::string& room_id, const json::value& body,
                           Reply reply) {
  if (!is_uuid(room_id)) return reply(not_found("ROOM_NOT_FOUND", "No such room"), nullptr);
  Fields fields(body);
  auto action = fields.one_of("action", {"mute", "kick"}, true);
  auto target = fields.uuid("target_user_id", true);
  auto reason = fields.string("reason", {.required = false, .min = 0, .max = 200});
  if (!fields.ok()) return reply(validation_failure(fields.errors()), nullptr);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, actor, room_id, action = *action, target = *target] {
        return perform(*store, actor, room_id, action, target);
      },
      [this, room_id, reason](Moderation& done, Reply& reply) {
        metrics_.counter("carrel_moderations_total", "Moderation actions", "action", done.action)
            .inc();
        if (done.action == "mute") {
          note_version(room_id, done.version.value_or(0));
          broadcast(room_id, "user-muted", {{"user_id", done.target}, {"mic", false}});
        } else {
          note_occupancy(done.left.room);
          broadcast(room_id, "user-kicked",
                    {{"user_id", done.target},
                     {"reason", reason.value_or("Removed by a moderator")},
                     {"current_occupancy", done.left.room.current_occupancy}});
          broadcast(room_id, "user-left",
                    {{"user_id", done.target},
                     {"current_occupancy", done.left.room.current_occupancy},
                     {"reason", "kicked"}});
          disconnect_user(room_id, done.target);
        }
        reply(std::nullopt,
              json::object{
                  {"success", true}, {"action", done.action}, {"target_user_id", done.target}});
      });
}

void RoomService::disconnect_user(const std::string& room_id, const std::string& user_id) {
  presence_.erase(room_id + "/" + user_id);
  for (auto* nsp : room_namespaces(room_id)) {
    for (const auto& id : nsp->adapter().sockets({"user:" + user_id})) {
      if (auto socket = nsp->socket(id)) {
        socket->data()["kicked"] = true;
        socket->disconnect();
      }
    }
    if (options_.cluster) options_.cluster->disconnect_remote(nsp->name(), "user:" + user_id);
  }
}

}  // namespace rooms
