// SqlStore, part two: joining and leaving rooms, participants, moderation and media state.
//
// Every write transaction that touches a room locks the room's row first (SELECT ... FOR UPDATE
// on PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers), and only then touches
// participants. One lock order for all of them means join, leave, set_status and set_media on
// the same room queue up instead of deadlocking, and capacity checks see the committed count.
#include <string>

#include "store/ids.h"
#include "store/rows.h"
#include "store/sql_store.h"

namespace store {

using sql::in_transaction;
using sql::Session;
using sql::TxMode;

namespace {

std::optional<Room> lock_room(Session& s, sql::Engine& e, const std::string& room_id) {
  auto rs = s.query(std::string("SELECT ") + rows::kRoomColumns + " FROM rooms WHERE id = $1" +
                        std::string(e.lock_rows()),
                    {room_id});
  if (rs.empty()) return std::nullopt;
  return rows::room_from(rs.front());
}

Room bump_room(Session& s, const std::string& room_id, int occupancy_delta) {
  auto rs = s.query(std::string("UPDATE rooms SET current_occupancy = current_occupancy + $2, "
                                "version = version + 1 WHERE id = $1 RETURNING ") +
                        rows::kRoomColumns,
                    {room_id, int64_t{occupancy_delta}});
  return rows::room_from(rs.at(0));
}

std::optional<Participant> select_participant(Session& s, const char* where,
                                              const sql::Params& params) {
  auto rs = s.query(std::string("SELECT ") + rows::kParticipantColumns + rows::kParticipantFrom +
                        " WHERE " + where,
                    params);
  if (rs.empty()) return std::nullopt;
  return rows::participant_from(rs.front());
}

JoinResult join_locked(Session& s, sql::Engine& e, const std::string& room_id,
                       const std::string& user_id, const std::optional<std::string>& study,
                       Millis now) {
  JoinResult out;
  auto room = lock_room(s, e, room_id);
  if (!room) return out;  // room_not_found
  out.room = *room;
  auto current = s.query("SELECT room_id FROM participants WHERE user_id = $1", {user_id});
  if (!current.empty()) {
    out.outcome = JoinOutcome::already_in_room;
    out.other_room_id = current.front().text(0);
    return out;
  }
  if (room->current_occupancy >= room->capacity) {
    out.outcome = JoinOutcome::room_full;
    return out;
  }
  std::string id = new_uuid();
  s.query(
      "INSERT INTO participants (id, user_id, room_id, joined_at, status, mic, cam, screen, "
      "study_session_id) VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6, $7, $8)",
      {id, user_id, room_id, now, sql::flag(false), sql::flag(true), sql::flag(false),
       sql::opt(study)});
  out.room = bump_room(s, room_id, +1);
  out.participant = *select_participant(s, "p.id = $1", {id});
  out.outcome = JoinOutcome::joined;
  return out;
}

}  // namespace

JoinResult SqlStore::join(const std::string& room_id, const std::string& user_id,
                          const std::optional<std::string>& study_session_id, Millis now) {
  if (!sql::storable(room_id)) return {};  // room_not_found
  try {
    return in_transaction(*engine_, TxMode::write, [&](Session& s) {
      return join_locked(s, *engine_, room_id, user_id, study_session_id, now);
    });
  } catch (const sql::ConstraintError& e) {
    // The same user joined another room concurrently (participants.user_id is unique): that
    // join won, this one reports where the user now is.
    if (!e.is_unique("participants", "user_id")) throw;
  }
  JoinResult out;
  out.outcome = JoinOutcome::already_in_room;
  if (auto r = room(room_id)) out.room = *r;
  if (auto p = participant_of_user(user_id)) out.other_room_id = p->room_id;
  return out;
}

LeaveResult SqlStore::leave(const std::string& room_id, const std::string& user_id, Millis now) {
  if (!sql::storable(room_id) || !sql::storable(user_id)) return {};  // not_participant
  return in_transaction(*engine_, TxMode::write, [&](Session& s) {
    LeaveResult out;
    auto room = lock_room(s, *engine_, room_id);
    if (!room) return out;  // not_participant, and no room to report
    out.room = *room;
    auto gone = s.query(
        "DELETE FROM participants WHERE room_id = $1 AND user_id = $2 "
        "RETURNING joined_at, study_session_id",
        {room_id, user_id});
    if (gone.empty()) return out;
    out.room = bump_room(s, room_id, -1);
    SessionLog& log = out.log;
    log.id = new_uuid();
    log.room_id = room_id;
    log.user_id = user_id;
    // Rounded to the nearest second; a clock that stepped back yields 0, never negative.
    int64_t ms = now - gone.front().integer(0);
    log.duration = ms > 0 ? (ms + 500) / 1000 : 0;
    log.created_at = now;
    log.study_session_id = gone.front().opt_text(1);
    log.kind = "visit";
    s.query(
        "INSERT INTO session_logs (id, room_id, user_id, duration, created_at, "
        "study_session_id, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {log.id, log.room_id, log.user_id, log.duration, log.created_at,
         sql::opt(log.study_session_id), log.kind});
    out.outcome = LeaveOutcome::left;
    return out;
  });
}

std::vector<Participant> SqlStore::participants(const std::string& room_id) {
  if (!sql::storable(room_id)) return {};
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<Participant> out;
    auto rs = s.query(std::string("SELECT ") + rows::kParticipantColumns + rows::kParticipantFrom +
                          " WHERE p.room_id = $1 ORDER BY p.joined_at, p.id",
                      {room_id});
    for (const auto& r : rs) out.push_back(rows::participant_from(r));
    return out;
  });
}

std::optional<Participant> SqlStore::participant_of_user(const std::string& user_id) {
  if (!sql::storable(user_id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    return select_participant(s, "p.user_id = $1", {user_id});
  });
}

std::vector<Participant> SqlStore::all_participants() {
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<Participant> out;
    auto rs = s.query(std::string("SELECT ") + rows::kParticipantColumns + rows::kParticipantFrom +
                      " ORDER BY p.room_id, p.joined_at, p.id");
    for (const auto& r : rs) out.push_back(rows::participant_from(r));
    return out;
  });
}

bool SqlStore::set_participant_instance(const std::string& room_id, const std::string& user_id,
                                        const std::string& instance_id) {
  if (!sql::storable(room_id) || !sql::storable(user_id) || !sql::storable(instance_id))
    return false;
  return in_transaction(*engine_, TxMode::write, [&](Session& s) {
    return !s.query("UPDATE participants SET instance_id = $3 WHERE room_id = $1 AND user_id = $2 "
                    "RETURNING id",
                    {room_id, user_id, instance_id})
                .empty();
  });
}

std::optional<int64_t> SqlStore::set_status(const std::string& room_id, const std::string& user_id,
                                            const std::string& status) {
  if (!sql::storable(room_id) || !sql::storable(user_id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::write, [&](Session& s) -> std::optional<int64_t> {
    if (!lock_room(s, *engine_, room_id)) return std::nullopt;
    auto hit = s.query(
        "UPDATE participants SET status = $3 WHERE room_id = $1 AND user_id = $2 RETURNING id",
        {room_id, user_id, status});
    if (hit.empty()) return std::nullopt;
    return bump_room(s, room_id, 0).version;
  });
}

std::optional<Participant> SqlStore::set_media(const std::string& room_id,
                                               const std::string& user_id,
                                               const MediaChange& change, int64_t* version) {
  if (!sql::storable(room_id) || !sql::storable(user_id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::write, [&](Session& s) -> std::optional<Participant> {
    if (!lock_room(s, *engine_, room_id)) return std::nullopt;
    auto hit = s.query(
        "UPDATE participants SET mic = COALESCE($3, mic), cam = COALESCE($4, cam), "
        "screen = COALESCE($5, screen) WHERE room_id = $1 AND user_id = $2 RETURNING id",
        {room_id, user_id, sql::opt(change.mic), sql::opt(change.cam), sql::opt(change.screen)});
    if (hit.empty()) return std::nullopt;
    int64_t v = bump_room(s, room_id, 0).version;
    if (version) *version = v;
    return select_participant(s, "p.id = $1", {hit.front().text(0)});
  });
}

}  // namespace store
