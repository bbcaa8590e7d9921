// SqlStore, part one: users, rooms, liveness (participation and history are in
// sql_store_participation.cpp and sql_store_history.cpp). Every value is a bound parameter;
// SQL text is only ever assembled from the fixed fragments in rows.h.
//
// Lookups first check that the key is storable text (sql::storable): a key that could never
// have been written cannot match, and answering "not found" keeps both engines alike
// (PostgreSQL would otherwise reject invalid UTF-8 with an error).
#include "store/sql_store.h"

#include <string>

#include "store/ids.h"
#include "store/migrations.h"
#include "store/rows.h"

namespace store {

using sql::in_transaction;
using sql::Params;
using sql::Session;
using sql::TxMode;

namespace {

std::string select_users(const char* where) {
  return std::string("SELECT ") + rows::kUserColumns + " FROM users WHERE " + where;
}

std::string select_rooms(const char* rest) {
  return std::string("SELECT ") + rows::kRoomColumns + " FROM rooms " + rest;
}

std::optional<User> first_user(const sql::Rows& rs) {
  if (rs.empty()) return std::nullopt;
  return rows::user_from(rs.front());
}

std::optional<Room> first_room(const sql::Rows& rs) {
  if (rs.empty()) return std::nullopt;
  return rows::room_from(rs.front());
}

}  // namespace

SqlStore::SqlStore(std::unique_ptr<sql::Engine> engine) : engine_(std::move(engine)) {
  run_migrations(*engine_);
}

std::optional<User> SqlStore::create_user(const NewUser& in) {
  User u;
  u.id = new_uuid();
  u.name = in.name;
  u.email = in.is_anonymous ? "" : lower_ascii(in.email);
  u.password_hash = in.password_hash;
  u.is_admin = in.is_admin;
  u.is_anonymous = in.is_anonymous;
  u.ip_hash = in.ip_hash;
  u.created_at = now_millis();
  // An empty email is stored as NULL so that any number of users may have none.
  sql::Value email = u.email.empty() ? sql::Value{nullptr} : sql::Value{u.email};
  try {
    in_transaction(*engine_, TxMode::write, [&](Session& s) {
      s.query(
          "INSERT INTO users (id, name, email, password_hash, is_admin, is_anonymous, ip_hash, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          {u.id, u.name, email, u.password_hash, sql::flag(u.is_admin), sql::flag(u.is_anonymous),
           u.ip_hash, u.created_at});
    });
  } catch (const sql::ConstraintError& e) {
    if (e.is_unique("users", "email")) return std::nullopt;
    throw;
  }
  return u;
}

std::optional<User> SqlStore::user_by_id(const std::string& id) {
  if (!sql::storable(id)) return std::nullopt;  // so never stored, cannot match
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    return first_user(s.query(select_users("id = $1"), {id}));
  });
}

std::optional<User> SqlStore::user_by_email(const std::string& email) {
  if (email.empty() || !sql::storable(email)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    return first_user(s.query(select_users("email = $1"), {lower_ascii(email)}));
  });
}

void SqlStore::set_admin(const std::string& user_id, bool is_admin) {
  if (!sql::storable(user_id)) return;
  in_transaction(*engine_, TxMode::write, [&](Session& s) {
    s.query("UPDATE users SET is_admin = $2 WHERE id = $1", {user_id, sql::flag(is_admin)});
  });
}

void SqlStore::set_password_hash(const std::string& user_id, const std::string& hash) {
  if (!sql::storable(user_id)) return;
  in_transaction(*engine_, TxMode::write, [&](Session& s) {
    s.query("UPDATE users SET password_hash = $2 WHERE id = $1", {user_id, hash});
  });
}

std::vector<Room> SqlStore::list_rooms() {
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<Room> out;
    for (const auto& r : s.query(select_rooms("ORDER BY created_at, name")))
      out.push_back(rows::room_from(r));
    return out;
  });
}

std::optional<Room> SqlStore::room(const std::string& id) {
  if (!sql::storable(id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    return first_room(s.query(select_rooms("WHERE id = $1"), {id}));
  });
}

std::optional<Room> SqlStore::room_by_join_code(const std::string& code) {
  if (!sql::storable(code)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    return first_room(s.query(select_rooms("WHERE join_code = $1"), {code}));
  });
}

std::optional<Room> SqlStore::create_room(const NewRoom& in) {
  Room r;
  r.id = new_uuid();
  r.name = in.name;
  r.capacity = in.capacity;
  r.owner_id = in.owner_id;
  r.is_public = in.is_public;
  r.media_topology = in.media_topology;
  r.created_at = now_millis();
  // A fresh join code collides with an existing one with probability rooms / 32^6; a handful of
  // draws makes a failure practically impossible.
  for (int attempt = 0; attempt < 8; ++attempt) {
    r.join_code = new_join_code();
    try {
      in_transaction(*engine_, TxMode::write, [&](Session& s) {
        s.query(
            "INSERT INTO rooms (id, name, capacity, current_occupancy, join_code, owner_id, "
            "is_public, media_topology, version, created_at) "
            "VALUES ($1, $2, $3, 0, $4, $5, $6, $7, 0, $8)",
            {r.id, r.name, int64_t{r.capacity}, r.join_code, sql::opt(r.owner_id),
             sql::flag(r.is_public), r.media_topology, r.created_at});
      });
      return r;
    } catch (const sql::ConstraintError& e) {
      if (e.is_unique("rooms", "name")) return std::nullopt;
      if (!e.is_unique("rooms", "join_code")) throw;
    }
  }
  throw Unavailable("could not draw an unused join code");
}

std::optional<int64_t> SqlStore::bump_version(const std::string& room_id) {
  if (!sql::storable(room_id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::write, [&](Session& s) -> std::optional<int64_t> {
    auto rs = s.query("UPDATE rooms SET version = version + 1 WHERE id = $1 RETURNING version",
                      {room_id});
    if (rs.empty()) return std::nullopt;
    return rs.front().integer(0);
  });
}

bool SqlStore::ping() {
  try {
    return in_transaction(*engine_, TxMode::read,
                          [](Session& s) { return !s.query("SELECT 1").empty(); });
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace store
