// PostgresStore: the engine for several Carrel instances sharing one PostgreSQL database.
#pragma once

#include <string>

#include "store/sql_store.h"

namespace store {

class PostgresStore final : public SqlStore {
 public:
  // `url` is "postgres://user:pass@host:port/db" (or "postgresql://", or any libpq conninfo).
  // Connects, runs the migrations. Throws Unavailable (a std::runtime_error) when the server
  // cannot be reached.
  explicit PostgresStore(const std::string& url);
};

}  // namespace store
