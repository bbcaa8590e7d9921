// Column lists and row-to-struct mapping for the store's tables. Each *_COLUMNS constant names the
// columns in the order its *_from() reads them, so queries and mapping cannot drift apart.
#pragma once

#include "store/sql.h"
#include "store/store.h"

namespace store::rows {

// users, unqualified.
inline constexpr const char* kUserColumns =
    "id, name, email, password_hash, is_admin, is_anonymous, ip_hash, created_at";
// rooms, unqualified (also usable in UPDATE ... RETURNING).
inline constexpr const char* kRoomColumns =
    "id, name, capacity, current_occupancy, join_code, owner_id, is_public, media_topology, "
    "version, created_at";
// participants p joined with users u (for the user's name).
inline constexpr const char* kParticipantColumns =
    "p.id, p.user_id, u.name, p.room_id, p.joined_at, p.status, p.mic, p.cam, p.screen, "
    "p.study_session_id, p.instance_id";
inline constexpr const char* kParticipantFrom =
    " FROM participants p JOIN users u ON u.id = p.user_id";
// messages m joined with users u.
inline constexpr const char* kMessageColumns =
    "m.id, m.room_id, m.user_id, u.name, m.content, m.type, m.timestamp";
// session_logs, unqualified.
inline constexpr const char* kSessionLogColumns =
    "id, room_id, user_id, duration, created_at, study_session_id, kind";

User user_from(const sql::Row& r);
Room room_from(const sql::Row& r);
Participant participant_from(const sql::Row& r);
Message message_from(const sql::Row& r);
SessionLog session_log_from(const sql::Row& r);

}  // namespace store::rows
