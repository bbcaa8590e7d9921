// SqliteStore: the embedded default engine, one database file opened in WAL mode.
#pragma once

#include <string>

#include "store/sql_store.h"

namespace store {

class SqliteStore final : public SqlStore {
 public:
  // `path` is a file path (missing parent directories are created) or ":memory:" (then a single
  // connection, since every SQLite connection to ":memory:" is a database of its own). Runs the
  // migrations. Throws std::runtime_error when the file cannot be opened.
  explicit SqliteStore(const std::string& path);
};

}  // namespace store
