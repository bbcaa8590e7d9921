// SqliteConnection (see sqlite_connection.h). Error mapping: extended result codes tell the
// constraint kind; the constraint's "table.column" is taken from SQLite's message
// ("UNIQUE constraint failed: users.email"); BUSY and LOCKED are Transient so the engine retries
// the transaction.
#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <cctype>
#include <string>

namespace store::sql {

std::string sqlite_placeholders(std::string_view sql) {
  std::string out(sql);
  for (size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '?';
  return out;
}

SqliteConnection::SqliteConnection(const std::string& path, int busy_timeout_ms) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw DbError("cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    // WAL lets readers proceed while one writer commits; NORMAL sync is durable across process
    // crashes in WAL mode and only risks the last commits on power loss.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA foreign_keys=ON");
    exec("PRAGMA synchronous=NORMAL");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

void SqliteConnection::rollback() noexcept {
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteConnection::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, sql);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  std::string text = sqlite_placeholders(sql);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) fail(rc, sql);
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

void SqliteConnection::bind(sqlite3_stmt* stmt, const Params& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    int at = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(stmt, at, *n);
    } else if (auto* s = std::get_if<std::string>(&params[i])) {
      if (!storable(*s)) throw unstorable_text();
      rc = sqlite3_bind_text(stmt, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_null(stmt, at);
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql);
  // Leave the cached statement reset and unbound whichever way we exit.
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};
  bind(stmt, params);
  Rows rows;
  const int columns = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, sql);
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        cells.emplace_back();
        continue;
      }
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
      cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
    }
    rows.emplace_back(std::move(cells));
  }
  return rows;
}

void SqliteConnection::set_wal_listener(WalListener* listener) {
  sqlite3_wal_hook(
      db_,
      [](void* target, sqlite3*, const char*, int pages) {
        static_cast<WalListener*>(target)->on_wal_commit(pages);
        return SQLITE_OK;
      },
      listener);
}

void SqliteConnection::checkpoint_passive() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) fail(rc, "checkpoint");
}

namespace {

// "UNIQUE constraint failed: users.email" -> "users.email"; CHECK messages name the
// expression instead, which is fine: only unique violations are matched by name.
std::string constraint_name(std::string_view message) {
  auto colon = message.rfind(": ");
  return colon == std::string_view::npos ? std::string(message)
                                         : std::string(message.substr(colon + 2));
}

}  // namespace

void SqliteConnection::fail(int rc, std::string_view what) {
  std::string message = sqlite3_errmsg(db_);
  using Kind = ConstraintError::Kind;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      throw ConstraintError(Kind::unique, constraint_name(message), message);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      throw ConstraintError(Kind::foreign_key, "", message);
    case SQLITE_CONSTRAINT_CHECK:
      throw ConstraintError(Kind::check, constraint_name(message), message);
    case SQLITE_CONSTRAINT_NOTNULL:
      throw ConstraintError(Kind::not_null, constraint_name(message), message);
    default:
      break;
  }
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw Transient("SQLite: " + message);
  if (primary == SQLITE_CONSTRAINT) throw ConstraintError(Kind::check, "", message);
  // The file itself is in trouble (disk full, I/O error, vanished): the API answers 503.
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_NOMEM || primary == SQLITE_READONLY)
    throw Unavailable("SQLite: " + message);
  throw DbError("SQLite error in `" + std::string(what.substr(0, 80)) + "`: " + message);
}

}  // namespace store::sql
