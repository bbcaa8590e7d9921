// PgConnection (see pg_connection.h). Error mapping by SQLSTATE class: 23xxx constraint
// violations (the constraint's name comes from the error's diagnostic field), 40001/40P01
// retryable, 08xxx and the 57P0x shutdown codes (or no result at all) a lost connection.
#include "store/pg_connection.h"

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace store::sql {
namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

[[noreturn]] void throw_for(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  if (!message.empty() && message.back() == '\n') message.pop_back();
  std::string code = state ? state : "";
  std::string constraint;
  if (res) {
    const char* c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    constraint = c ? c : "";
  }
  using Kind = ConstraintError::Kind;
  if (code == "23505") throw ConstraintError(Kind::unique, constraint, message);
  if (code == "23503") throw ConstraintError(Kind::foreign_key, constraint, message);
  if (code == "23514") throw ConstraintError(Kind::check, constraint, message);
  if (code == "23502") throw ConstraintError(Kind::not_null, constraint, message);
  // Data exceptions (invalid UTF-8, out-of-range numbers): the value broke its column's rules.
  if (code.starts_with("22")) throw ConstraintError(Kind::check, constraint, message);
  if (code == "40001" || code == "40P01") throw Transient("PostgreSQL: " + message);
  if (code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03" ||
      PQstatus(conn) != CONNECTION_OK)
    throw ConnectionLost("PostgreSQL: " + message);
  throw DbError("PostgreSQL: " + message);
}

}  // namespace

PgConnection::PgConnection(const std::string& url, int connect_timeout_s) {
  // Keywords are processed in order and later ones win, so the URL (expanded from dbname) can
  // override these defaults.
  std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"connect_timeout", "application_name", "keepalives", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "carrel", "1", url.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
    PQfinish(conn_);
    if (!why.empty() && why.back() == '\n') why.pop_back();
    throw ConnectionLost("cannot connect to PostgreSQL: " + why);
  }
  // Keep "relation already exists, skipping" and similar NOTICEs off stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::healthy() const {
  return PQstatus(conn_) == CONNECTION_OK;
}

bool PgConnection::reset() {
  PQreset(conn_);
  return healthy();
}

void PgConnection::rollback() noexcept {
  if (!healthy() || PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

Rows PgConnection::query(std::string_view sql, const Params& params) {
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    if (auto* n = std::get_if<int64_t>(&params[i])) {
      text[i] = std::to_string(*n);
      values[i] = text[i].c_str();
    } else if (auto* s = std::get_if<std::string>(&params[i])) {
      if (!storable(*s)) throw unstorable_text();
      values[i] = s->c_str();
    }
  }
  std::string statement(sql);
  ResultPtr res(PQexecParams(conn_, statement.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), nullptr, nullptr, /*resultFormat=*/0),
                &PQclear);
  auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw_for(conn_, res.get());
  Rows rows;
  const int n = PQntuples(res.get()), columns = PQnfields(res.get());
  rows.reserve(n);
  for (int r = 0; r < n; ++r) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(res.get(), r, c)) {
        cells.emplace_back();
      } else {
        cells.emplace_back(std::string(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c)));
      }
    }
    rows.emplace_back(std::move(cells));
  }
  return rows;
}

}  // namespace store::sql
