// store::open_store: picks the engine from the URL's scheme (store.h).
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace store {

std::unique_ptr<Store> open_store(const std::string& url) {
  std::string_view u = url;
  if (u.starts_with("sqlite://")) {
    // sqlite://data/carrel.db is relative, sqlite:///var/lib/carrel.db absolute.
    return std::make_unique<SqliteStore>(std::string(u.substr(9)));
  }
  if (u.starts_with("postgres://") || u.starts_with("postgresql://")) {
    return std::make_unique<PostgresStore>(url);
  }
  auto colon = u.find("://");
  std::string scheme = colon == std::string_view::npos ? "" : std::string(u.substr(0, colon));
  throw std::runtime_error("unsupported database URL scheme '" + scheme +
                           "' (expected sqlite://<path> or postgres://user:pass@host:port/db)");
}

}  // namespace store
