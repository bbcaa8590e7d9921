// SqlStore, part three: chat messages and session logs, both read newest first.
//
// Messages carry a per-room sequence number taken in the inserting transaction, so they list in
// the order they were stored even within one millisecond. Paging is keyset paging on (seq, id):
// `before` names a message and the page holds the messages of the same room stored before it,
// so walking page by page never skips or repeats a message. An unknown `before` matches nothing.
#include <algorithm>
#include <string>

#include "store/ids.h"
#include "store/rows.h"
#include "store/sql_store.h"

namespace store {

using sql::in_transaction;
using sql::Session;
using sql::TxMode;

Message SqlStore::add_message(const std::string& room_id, const std::string& user_id,
                              const std::string& content, const std::string& type, Millis now) {
  Message m;
  m.id = new_uuid();
  m.room_id = room_id;
  m.user_id = user_id;
  m.content = content;
  m.type = type;
  m.timestamp = now;
  m.user_name = in_transaction(*engine_, TxMode::write, [&](Session& s) {
    // The foreign keys refuse an unknown room or user (ConstraintViolation).
    s.query(
        "INSERT INTO messages (id, room_id, user_id, content, type, timestamp, seq) "
        "SELECT $1, $2, $3, $4, $5, $6, COALESCE(MAX(seq), 0) + 1 FROM messages "
        "WHERE room_id = $2",
        {m.id, m.room_id, m.user_id, m.content, m.type, m.timestamp});
    return s.query("SELECT name FROM users WHERE id = $1", {user_id}).at(0).text(0);
  });
  return m;
}

std::vector<Message> SqlStore::messages(const std::string& room_id,
                                        const std::optional<std::string>& before, int limit) {
  if (!sql::storable(room_id) || (before && !sql::storable(*before))) return {};
  const int64_t n = std::clamp(limit, 1, 100);
  std::string q = std::string("SELECT ") + rows::kMessageColumns +
                  " FROM messages m JOIN users u ON u.id = m.user_id";
  sql::Params params;
  params.reserve(3);
  params.emplace_back(room_id);
  if (before) {
    q += " JOIN messages b ON b.id = $2 AND b.room_id = m.room_id WHERE m.room_id = $1 AND "
         "(m.seq < b.seq OR (m.seq = b.seq AND m.id < b.id))"
         " ORDER BY m.seq DESC, m.id DESC LIMIT $3";
    params.emplace_back(*before);
    params.emplace_back(n);
  } else {
    q += " WHERE m.room_id = $1 ORDER BY m.seq DESC, m.id DESC LIMIT $2";
    params.emplace_back(n);
  }
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<Message> out;
    for (const auto& r : s.query(q, params)) out.push_back(rows::message_from(r));
    return out;
  });
}

SessionLog SqlStore::add_session_log(const SessionLog& in) {
  SessionLog log = in;
  log.id = new_uuid();
  if (log.created_at == 0) log.created_at = now_millis();
  if (log.kind.empty()) log.kind = "visit";
  in_transaction(*engine_, TxMode::write, [&](Session& s) {
    s.query(
        "INSERT INTO session_logs (id, room_id, user_id, duration, created_at, "
        "study_session_id, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {log.id, log.room_id, log.user_id, log.duration, log.created_at,
         sql::opt(log.study_session_id), log.kind});
  });
  return log;
}

std::vector<SessionLog> SqlStore::session_logs(const SessionLogFilter& f) {
  if ((f.user_id && !sql::storable(*f.user_id)) || (f.room_id && !sql::storable(*f.room_id)))
    return {};
  // Only the conditions asked for appear, each with its own placeholder: no "$n IS NULL OR"
  // tricks, which PostgreSQL cannot type and which defeat the indexes.
  std::string q = std::string("SELECT ") + rows::kSessionLogColumns + " FROM session_logs";
  sql::Params params;
  params.reserve(5);
  auto where = [&](const char* condition, const auto& v) {
    q += params.empty() ? " WHERE " : " AND ";
    params.emplace_back(v);
    q += condition + std::to_string(params.size());
  };
  if (f.user_id) where("user_id = $", *f.user_id);
  if (f.room_id) where("room_id = $", *f.room_id);
  if (f.from) where("created_at >= $", *f.from);
  if (f.to) where("created_at <= $", *f.to);
  params.emplace_back(int64_t{std::clamp(f.limit, 1, 10000)});
  q += " ORDER BY created_at DESC, id DESC LIMIT $" + std::to_string(params.size());
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<SessionLog> out;
    for (const auto& r : s.query(q, params)) out.push_back(rows::session_log_from(r));
    return out;
  });
}

}  // namespace store
