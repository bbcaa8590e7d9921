// The check every participant action makes on the worker pool before it acts: the user must be
// a participant of that room. Refuses with ROOM_NOT_FOUND (404) when the room does not exist and
// NOT_PARTICIPANT (403) when the user is not in it, by throwing Refused.
#pragma once

#include <string>

#include "store/store.h"

namespace rooms {

store::Participant require_participant(store::Store& store, const std::string& room_id,
                                       const std::string& user_id);

}  // namespace rooms
