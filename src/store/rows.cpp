// Row-to-struct mapping (see rows.h); indexes follow the column lists there.
#include "store/rows.h"

namespace store::rows {

User user_from(const sql::Row& r) {
  User u;
  u.id = r.text(0);
  u.name = r.text(1);
  u.email = r.text(2);  // NULL (anonymous) reads as ""
  u.password_hash = r.text(3);
  u.is_admin = r.boolean(4);
  u.is_anonymous = r.boolean(5);
  u.ip_hash = r.text(6);
  u.created_at = r.integer(7);
  return u;
}

Room room_from(const sql::Row& r) {
  Room room;
  room.id = r.text(0);
  room.name = r.text(1);
  room.capacity = static_cast<int>(r.integer(2));
  room.current_occupancy = static_cast<int>(r.integer(3));
  room.join_code = r.text(4);
  room.owner_id = r.opt_text(5);
  room.is_public = r.boolean(6);
  room.media_topology = r.text(7);
  room.version = r.integer(8);
  room.created_at = r.integer(9);
  return room;
}

Participant participant_from(const sql::Row& r) {
  Participant p;
  p.id = r.text(0);
  p.user_id = r.text(1);
  p.user_name = r.text(2);
  p.room_id = r.text(3);
  p.joined_at = r.integer(4);
  p.status = r.text(5);
  p.mic = r.boolean(6);
  p.cam = r.boolean(7);
  p.screen = r.boolean(8);
  p.study_session_id = r.opt_text(9);
  p.instance_id = r.opt_text(10);
  return p;
}

Message message_from(const sql::Row& r) {
  Message m;
  m.id = r.text(0);
  m.room_id = r.text(1);
  m.user_id = r.text(2);
  m.user_name = r.text(3);
  m.content = r.text(4);
  m.type = r.text(5);
  m.timestamp = r.integer(6);
  return m;
}

SessionLog session_log_from(const sql::Row& r) {
  SessionLog l;
  l.id = r.text(0);
  l.room_id = r.text(1);
  l.user_id = r.text(2);
  l.duration = r.integer(3);
  l.created_at = r.integer(4);
  l.study_session_id = r.opt_text(5);
  l.kind = r.text(6);
  return l;
}

}  // namespace store::rows
