// The JSON forms of the stored records, as the REST API and the room events write them.
#pragma once

#include <boost/json/object.hpp>

#include "store/store.h"

namespace rooms {

// {id, name, capacity, current_occupancy, available_spots, is_public, media_topology}
boost::json::object room_summary(const store::Room& room);
// The summary plus join_code, owner_id, version, created_at.
boost::json::object room_details(const store::Room& room);
boost::json::object participant_json(const store::Participant& participant);
boost::json::object user_json(const store::User& user);
// The fields of the new-message event.
boost::json::object message_json(const store::Message& message);
boost::json::object session_log_json(const store::SessionLog& log);

}  // namespace rooms
