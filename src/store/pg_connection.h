// One PostgreSQL connection on libpq's C API: parametrised statements only (PQexecParams, values
// sent as text, types inferred by the server), results read as text, and SQLSTATEs mapped onto
// the exception types of sql.h. Not thread-safe: PgEngine hands a connection to one thread at a
// time.
#pragma once

#include <string>
#include <string_view>

#include "store/sql.h"

struct pg_conn;

namespace store::sql {

class PgConnection final : public Session {
 public:
  // Connects to `url` (a postgres:// URI or key=value conninfo). connect_timeout defaults to
  // `connect_timeout_s` unless the URL sets its own. Throws ConnectionLost when the server cannot
  // be reached.
  PgConnection(const std::string& url, int connect_timeout_s);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Rows query(std::string_view sql, const Params& params = {}) override;
  // True while libpq considers the connection usable.
  bool healthy() const;
  // Tries to re-establish a broken connection in place; true when it worked.
  bool reset();
  // Rolls back the open transaction, if any, ignoring errors (used while unwinding).
  void rollback() noexcept;

 private:
  pg_conn* conn_ = nullptr;
};

}  // namespace store::sql
