#include "rooms/participation.h"

#include "rooms/failure.h"

namespace rooms {

store::Participant require_participant(store::Store& store, const std::string& room_id,
                                       const std::string& user_id) {
  auto participant = store.participant_of_user(user_id);
  if (participant && participant->room_id == room_id) return *participant;
  if (!store.room(room_id)) throw Refused{room_not_found()};
  throw Refused{not_participant_here()};
}

}  // namespace rooms
