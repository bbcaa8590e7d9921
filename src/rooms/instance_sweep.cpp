// RoomService in a cluster: which instance holds each participant, and the cleanup of the
// participants of an instance that died. An instance records itself on a participant when it
// admits the join and whenever one of the participant's sockets connects to it. Every instance
// sweeps now and then: it lists the instances named by participants, asks the ClusterLink which
// of them lapsed (heartbeat missing for longer than its TTL while Redis was up), and lets each
// participant of a lapsed instance leave with reason "disconnected", unless one of their sockets
// is connected somewhere (then the instance holding it records itself instead). Two survivors
// sweeping at once are harmless: the second leave finds no participant.
#include <set>

#include "rooms/room_service.h"

namespace rooms {

namespace json = boost::json;

void RoomService::claim_participant(const std::string& room_id, const std::string& user_id) {
  auto* store = &store_;
  const auto instance = options_.cluster->instance_id;
  pool_.run_in(
      room_id,
      [store, room_id, user_id, instance] {
        return store->set_participant_instance(room_id, user_id, instance);
      },
      [](Outcome<bool>) {});
}

void RoomService::sweep_lapsed_instances() {
  if (!options_.cluster) return;
  auto* store = &store_;
  pool_.run([store] { return store->all_participants(); },
            [this](Outcome<std::vector<store::Participant>> found) {
              if (!found.ok()) return;
              std::set<std::string> instances;
              for (const auto& p : found.value())
                if (p.instance_id && *p.instance_id != options_.cluster->instance_id)
                  instances.insert(*p.instance_id);
              if (instances.empty()) return;
              auto participants =
                  std::make_shared<std::vector<store::Participant>>(std::move(found.value()));
              options_.cluster->lapsed_instances(
                  {instances.begin(), instances.end()},
                  [this, participants](std::vector<std::string> dead) {
                    if (dead.empty()) return;
                    std::set<std::string> lapsed(dead.begin(), dead.end());
                    log_.warn("instances presumed dead; removing their participants",
                              {{"instances", json::array(dead.begin(), dead.end())}});
                    for (const auto& p : *participants)
                      if (p.instance_id && lapsed.contains(*p.instance_id))
                        remove_if_unconnected(p.room_id, Actor{p.user_id, p.user_name, false});
                  });
            });
}

void RoomService::remove_if_unconnected(const std::string& room_id, const Actor& actor) {
  count_user_sockets(*options_.cluster, room_id, actor.user_id,
                     [this, room_id, actor](size_t sockets) {
                       if (sockets > 0) return claim_or_skip(room_id, actor.user_id);
                       leave(actor, room_id, "disconnected",
                             [](const std::optional<Failure>&, const json::value&) {});
                     });
}

// A participant of a dead instance still connected somewhere: the instance holding the socket
// records itself when the socket connects; if that socket is here, record it now.
void RoomService::claim_or_skip(const std::string& room_id, const std::string& user_id) {
  if (presence_.contains(room_id + "/" + user_id)) claim_participant(room_id, user_id);
}

}  // namespace rooms
