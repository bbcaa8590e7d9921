#include "rooms/views.h"

#include "rooms/clock.h"

namespace rooms {

namespace {
boost::json::value optional_string(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}
}  // namespace

boost::json::object room_summary(const store::Room& room) {
  return {{"id", room.id},
          {"name", room.name},
          {"capacity", room.capacity},
          {"current_occupancy", room.current_occupancy},
          {"available_spots", room.capacity - room.current_occupancy},
          {"is_public", room.is_public},
          {"media_topology", room.media_topology}};
}

boost::json::object room_details(const store::Room& room) {
  auto json = room_summary(room);
  json["join_code"] = room.join_code;
  json["owner_id"] = optional_string(room.owner_id);
  json["version"] = room.version;
  json["created_at"] = format_iso8601(room.created_at);
  return json;
}

boost::json::object participant_json(const store::Participant& participant) {
  return {{"user_id", participant.user_id},
          {"user_name", participant.user_name},
          {"joined_at", format_iso8601(participant.joined_at)},
          {"status", participant.status},
          {"mic", participant.mic},
          {"cam", participant.cam},
          {"screen", participant.screen},
          {"study_session_id", optional_string(participant.study_session_id)}};
}

boost::json::object user_json(const store::User& user) {
  return {
      {"id", user.id},
      {"name", user.name},
      {"email", user.is_anonymous ? boost::json::value(nullptr) : boost::json::value(user.email)},
      {"is_admin", user.is_admin},
      {"is_anonymous", user.is_anonymous},
      {"created_at", format_iso8601(user.created_at)}};
}

boost::json::object message_json(const store::Message& message) {
  return {{"message_id", message.id},
          {"room_id", message.room_id},
          {"user_id", message.user_id},
          {"user_name", message.user_name},
          {"content", message.content},
          {"type", message.type},
          {"timestamp", format_iso8601(message.timestamp)}};
}

boost::json::object session_log_json(const store::SessionLog& log) {
  return {{"id", log.id},
          {"room_id", log.room_id},
          {"user_id", log.user_id},
          {"duration", log.duration},
          {"created_at", format_iso8601(log.created_at)},
          {"study_session_id", optional_string(log.study_session_id)},
          {"kind", log.kind}};
}

}  // namespace rooms
