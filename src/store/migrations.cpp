// The schema of Carrel (DESIGN.md section 5) as numbered migrations, one logical schema on both
// engines.
//
// Conventions, identical on SQLite and PostgreSQL:
// - ids are TEXT holding UUID v4 strings made in C++ (ids.h). TEXT rather than PostgreSQL's
//   uuid type so that a malformed id in a lookup simply matches nothing instead of failing a
//   cast.
// - times are BIGINT (SQLite: INTEGER, also 64-bit) milliseconds since the Unix epoch (UTC):
//   exact, engine-neutral, and the unit the Store interface already speaks.
// - booleans are BOOLEAN on PostgreSQL and 0/1 INTEGER in SQLite (STRICT tables, so a stray
//   text value is refused there too).
// - every foreign key is ON DELETE CASCADE, except rooms.owner_id which is nullable and becomes
//   NULL when its user goes away (a room outlives its creator).
// - users.email holds the lower-cased address, NULL for anonymous users (several NULLs are
//   allowed under UNIQUE on both engines).
//
// Migration bookkeeping: schema_migrations(version, applied_at). Each migration runs in one
// write transaction that first takes a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
// transaction-scoped advisory lock), then checks whether its version is recorded, so two
// instances starting together apply it exactly once.
#include "store/migrations.h"

#include <string>
#include <vector>

#include "store/ids.h"

namespace store {
namespace {

using sql::Dialect;
using sql::Session;

// DDL is written once with {bool}, {true}, {false}, {bigint} and {strict} standing for the
// dialect's spelling.
std::string dialect_sql(std::string text, Dialect d) {
  auto replace_all = [&](std::string_view token, std::string_view with) {
    for (size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + with.size()))
      text.replace(at, token.size(), with);
  };
  bool pg = d == Dialect::postgres;
  replace_all("{bool}", pg ? "BOOLEAN" : "INTEGER");
  replace_all("{true}", pg ? "TRUE" : "1");
  replace_all("{false}", pg ? "FALSE" : "0");
  replace_all("{bigint}", pg ? "BIGINT" : "INTEGER");
  replace_all("{strict}", pg ? "" : " STRICT");
  return text;
}

const std::vector<std::string> kInitialSchema = {
    R"(CREATE TABLE users (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  is_admin {bool} NOT NULL DEFAULT {false},
  is_anonymous {bool} NOT NULL DEFAULT {false},
  ip_hash TEXT NOT NULL DEFAULT '',
  created_at {bigint} NOT NULL
){strict})",
    R"(CREATE TABLE rooms (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  capacity INTEGER NOT NULL DEFAULT 50 CHECK (capacity >= 1),
  current_occupancy INTEGER NOT NULL DEFAULT 0
    CHECK (current_occupancy >= 0 AND current_occupancy <= capacity),
  join_code TEXT NOT NULL UNIQUE,
  owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  is_public {bool} NOT NULL DEFAULT {true},
  media_topology TEXT NOT NULL DEFAULT 'sfu' CHECK (media_topology IN ('mesh', 'sfu')),
  version {bigint} NOT NULL DEFAULT 0,
  created_at {bigint} NOT NULL
){strict})",
    R"(CREATE TABLE participants (
  id TEXT NOT NULL PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  joined_at {bigint} NOT NULL,
  status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'MUTED')),
  mic {bool} NOT NULL DEFAULT {false},
  cam {bool} NOT NULL DEFAULT {true},
  screen {bool} NOT NULL DEFAULT {false},
  study_session_id TEXT
){strict})",
    "CREATE INDEX participants_room ON participants (room_id)",
    R"(CREATE TABLE messages (
  id TEXT NOT NULL PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  content TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('TEXT', 'EMOJI', 'POLL')),
  timestamp {bigint} NOT NULL
){strict})",
    // Paging walks (timestamp, id) downwards within a room.
    "CREATE INDEX messages_room_time ON messages (room_id, timestamp, id)",
    R"(CREATE TABLE session_logs (
  id TEXT NOT NULL PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  duration {bigint} NOT NULL CHECK (duration >= 0),
  created_at {bigint} NOT NULL,
  study_session_id TEXT,
  kind TEXT NOT NULL DEFAULT 'visit'
){strict})",
    "CREATE INDEX session_logs_user_time ON session_logs (user_id, created_at)",
    "CREATE INDEX session_logs_room_time ON session_logs (room_id, created_at)",
    "CREATE INDEX session_logs_time ON session_logs (created_at)",
    R"(CREATE TABLE whiteboard_snapshots (
  id TEXT NOT NULL PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  seq {bigint} NOT NULL,
  data TEXT NOT NULL,
  created_at {bigint} NOT NULL
){strict})",
    "CREATE INDEX whiteboard_snapshots_room_seq ON whiteboard_snapshots (room_id, seq)",
    R"(CREATE TABLE files (
  id TEXT NOT NULL PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  size {bigint} NOT NULL CHECK (size >= 0),
  content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
  storage_key TEXT NOT NULL UNIQUE,
  created_at {bigint} NOT NULL
){strict})",
    "CREATE INDEX files_room ON files (room_id)",
};

void create_initial_schema(Session& s, Dialect d) {
  for (const auto& ddl : kInitialSchema) s.query(dialect_sql(ddl, d));
}

// The ten public rooms of seed 000. created_at steps by one millisecond so that ordering by
// created_at lists them 1..10 ("Study Room 10" sorts before "Study Room 2" by name), and lies a
// second in the past so that rooms created right after start still list after them.
void seed_study_rooms(Session& s, Dialect) {
  int64_t base = now_millis() - 1000;
  for (int i = 1; i <= 10; ++i) {
    s.query(
        "INSERT INTO rooms (id, name, capacity, current_occupancy, join_code, is_public, "
        "media_topology, version, created_at) VALUES ($1, $2, 50, 0, $3, $4, 'sfu', 0, $5)",
        {new_uuid(), "Study Room " + std::to_string(i), new_join_code(), sql::flag(true),
         base + i});
  }
}

// Messages sent within one millisecond still list in the order they were stored: each gets
// the next number of its room, taken inside the inserting transaction.
void add_message_sequence(Session& s, Dialect d) {
  s.query(dialect_sql("ALTER TABLE messages ADD COLUMN seq {bigint} NOT NULL DEFAULT 0", d));
  s.query("CREATE INDEX messages_room_seq ON messages (room_id, seq, id)");
}

// Participants remember the instance holding their connection (several instances on one
// database, --redis-url), so survivors can remove those of an instance that died.
void add_participant_instance(Session& s, Dialect) {
  s.query("ALTER TABLE participants ADD COLUMN instance_id TEXT");
  s.query("CREATE INDEX participants_instance ON participants (instance_id)");
}

struct Migration {
  int version;
  void (*apply)(Session&, Dialect);
};

const std::vector<Migration> kMigrations = {
    {1, create_initial_schema},
    {2, seed_study_rooms},
    {3, add_message_sequence},
    {4, add_participant_instance},
};

void lock_and_prepare(Session& s, Dialect d) {
  // Any constant key: it only has to be the same for every Carrel instance.
  if (d == Dialect::postgres) s.query("SELECT pg_advisory_xact_lock(4242017)");
  s.query(dialect_sql(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
      "applied_at {bigint} NOT NULL){strict}",
      d));
}

}  // namespace

int latest_schema_version() {
  return kMigrations.back().version;
}

void run_migrations(sql::Engine& engine) {
  const Dialect d = engine.dialect();
  for (const auto& m : kMigrations) {
    engine.transact(sql::TxMode::write, [&](Session& s) {
      lock_and_prepare(s, d);
      auto done =
          s.query("SELECT 1 FROM schema_migrations WHERE version = $1", {int64_t{m.version}});
      if (!done.empty()) return;
      m.apply(s, d);
      s.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
              {int64_t{m.version}, now_millis()});
    });
  }
}

}  // namespace store
