// The small SQL vocabulary shared by both engines. SqlStore (sql_store.h) writes its queries
// once, with PostgreSQL-style `$1` placeholders and bound values only, and runs them through an
// Engine: SqliteEngine rewrites `$N` to SQLite's `?N`, PgEngine hands them to PQexecParams.
//
// Values travel as text, integer or NULL; results come back as text cells (SQLite converts
// integers to text, libpq's text format does the same), which Row parses on demand. Engine
// errors are mapped onto the exception types below so the store logic can tell "email taken"
// from "unknown room" from "try again" without knowing which engine it runs on.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "store/store.h"

namespace store::sql {

using Value = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<Value>;

inline Value flag(bool b) {
  return int64_t{b ? 1 : 0};
}
inline Value opt(const std::optional<std::string>& s) {
  return s ? Value{*s} : Value{nullptr};
}
inline Value opt(const std::optional<bool>& b) {
  return b ? flag(*b) : Value{nullptr};
}

// One result row; cells are NULL (nullopt) or the value's text.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  bool is_null(size_t i) const { return !cells_.at(i).has_value(); }
  std::string text(size_t i) const { return cells_.at(i).value_or(""); }
  std::optional<std::string> opt_text(size_t i) const { return cells_.at(i); }
  int64_t integer(size_t i) const;
  bool boolean(size_t i) const;

 private:
  std::vector<std::optional<std::string>> cells_;
};
using Rows = std::vector<Row>;

// Something the engine could not do and that retrying will not fix.
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Busy/locked, serialization failure, deadlock: the whole transaction may be run again.
struct Transient : DbError {
  using DbError::DbError;
};

// The connection broke mid-way; a new connection may succeed.
struct ConnectionLost : Transient {
  using Transient::Transient;
};

// A constraint of the schema refused a write. `constraint` names it as the engine does:
// "users.email" (SQLite) or "users_email_key" (PostgreSQL's default name).
struct ConstraintError : ConstraintViolation {
  enum class Kind { unique, foreign_key, check, not_null };
  ConstraintError(Kind k, std::string name, const std::string& message)
      : ConstraintViolation(message), kind(k), constraint(std::move(name)) {}
  // True when this is a unique violation of table.column under either naming.
  bool is_unique(std::string_view table, std::string_view column) const;

  Kind kind;
  std::string constraint;
};

// TEXT values must be valid UTF-8 without NUL characters: PostgreSQL refuses invalid UTF-8 and
// libpq would cut a value short at a NUL, so both engines refuse such values on every statement
// (ConstraintError) and behave alike.
bool storable(std::string_view text);
ConstraintError unstorable_text();

// The statements of one transaction.
class Session {
 public:
  virtual ~Session() = default;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
};

enum class Dialect { sqlite, postgres };
enum class TxMode { read, write };

class Engine {
 public:
  virtual ~Engine() = default;
  virtual Dialect dialect() const = 0;
  // Runs fn in one transaction: committed when fn returns, rolled back when it throws. On a
  // Transient failure the whole of fn runs again (so fn must only assign its results, never
  // accumulate them); when retries run out or the database is unreachable, throws Unavailable.
  virtual void transact(TxMode mode, const std::function<void(Session&)>& fn) = 0;
  // Appended to a SELECT that must lock its rows until commit (" FOR UPDATE" or "").
  virtual std::string_view lock_rows() const = 0;
};

// Runs fn(session) in a transaction and returns what it returns (the value of the attempt that
// committed).
template <class F>
auto in_transaction(Engine& engine, TxMode mode, F&& fn) {
  using T = std::invoke_result_t<F&, Session&>;
  if constexpr (std::is_void_v<T>) {
    engine.transact(mode, [&](Session& s) { fn(s); });
  } else {
    std::optional<T> out;
    engine.transact(mode, [&](Session& s) { out.emplace(fn(s)); });
    return std::move(*out);
  }
}

// Sleeps before retry number `attempt` (0-based): exponential with jitter, a few ms to ~200 ms.
void backoff(int attempt);

}  // namespace store::sql
