// One SQLite connection on the sqlite3 C API: opened with Carrel's pragmas, statements prepared
// once and cached, `$N` placeholders rewritten to SQLite's `?N`, and result codes mapped onto
// the exception types of sql.h. Not thread-safe: SqliteEngine hands a connection to one thread
// at a time.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "store/sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace store::sql {

// Told after every commit how large the write-ahead log has grown (in pages).
class WalListener {
 public:
  virtual void on_wal_commit(int wal_pages) = 0;

 protected:
  ~WalListener() = default;
};

class SqliteConnection final : public Session {
 public:
  // Opens (creating) the database file and applies WAL, foreign_keys, synchronous and
  // busy_timeout. Throws DbError when the file cannot be opened.
  SqliteConnection(const std::string& path, int busy_timeout_ms);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Rows query(std::string_view sql, const Params& params = {}) override;
  // Runs a statement without parameters or results (BEGIN, COMMIT, PRAGMA ...).
  void exec(const char* sql);
  // Rolls back the open transaction, if any, ignoring errors (used while unwinding).
  void rollback() noexcept;
  // Replaces SQLite's automatic checkpoint, which runs inside the commit that crosses the
  // threshold, with a call to `listener` after each commit; the listener outlives the connection.
  void set_wal_listener(WalListener* listener);
  // Copies what it can of the WAL into the database without blocking writers or readers
  // (SQLITE_CHECKPOINT_PASSIVE). Throws like query() on an error other than BUSY.
  void checkpoint_passive();

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  void bind(sqlite3_stmt* stmt, const Params& params);
  [[noreturn]] void fail(int rc, std::string_view what);

  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

// "$12" -> "?12": the store's queries use PostgreSQL numbering, which SQLite accepts as ?NNN.
std::string sqlite_placeholders(std::string_view sql);

}  // namespace store::sql
