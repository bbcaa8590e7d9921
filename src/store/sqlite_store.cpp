// The SQLite engine: a mutex-guarded pool of connections to one file (up to 8; SQLite in WAL mode
// runs readers concurrently with one writer). Read transactions are deferred (BEGIN), write
// transactions take the write lock up front (BEGIN IMMEDIATE) so two writers never deadlock on
// a lock upgrade. Write transactions of this process also queue on a mutex before BEGIN
// IMMEDIATE: SQLite admits one writer at a time anyway, and its busy handler waits by polling
// with sleeps of up to 100 ms, which under concurrent writers costs far more latency than a
// queue. SQLITE_BUSY/LOCKED (another process) first wait in SQLite's busy handler, then the
// whole transaction is retried with backoff; when that keeps failing the caller gets Unavailable.
// Checkpoints run on a thread of their own (SqliteCheckpointer), never inside a commit.
#include "store/sqlite_store.h"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_checkpointer.h"
#include "store/sqlite_connection.h"

namespace store {
namespace {

using sql::SqliteCheckpointer;
using sql::SqliteConnection;

constexpr int kBusyTimeoutMs = 1000;
constexpr int kAttempts = 6;
constexpr size_t kMaxConnections = 8;

class SqliteEngine final : public sql::Engine {
 public:
  explicit SqliteEngine(std::string path)
      : path_(std::move(path)), max_(path_ == ":memory:" ? 1 : kMaxConnections) {
    if (path_ != ":memory:") checkpointer_ = std::make_unique<SqliteCheckpointer>(path_, write_mu_);
    // Open one connection now so a bad path fails at start, not on the first request.
    idle_.push_back(connect());
    open_ = 1;
  }

  sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
  std::string_view lock_rows() const override { return ""; }
  void transact(sql::TxMode mode, const std::function<void(sql::Session&)>& fn) override;

 private:
  std::unique_ptr<SqliteConnection> connect();
  std::unique_ptr<SqliteConnection> acquire();
  void release(std::unique_ptr<SqliteConnection> c);

  const std::string path_;
  const size_t max_;
  std::mutex mu_;
  std::mutex write_mu_;  // held for the whole of a write transaction
  // After write_mu_, which it uses, and before the connections, which call it.
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  size_t open_ = 0;
};

std::unique_ptr<SqliteConnection> SqliteEngine::connect() {
  auto c = std::make_unique<SqliteConnection>(path_, kBusyTimeoutMs);
  if (checkpointer_) c->set_wal_listener(checkpointer_.get());
  return c;
}

std::unique_ptr<SqliteConnection> SqliteEngine::acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  lock.unlock();
  try {
    return connect();
  } catch (...) {
    std::lock_guard relock(mu_);
    --open_;
    available_.notify_one();
    throw;
  }
}

void SqliteEngine::release(std::unique_ptr<SqliteConnection> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
  available_.notify_one();
}

void SqliteEngine::transact(sql::TxMode mode, const std::function<void(sql::Session&)>& fn) {
  std::string last_error;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::unique_ptr<SqliteConnection> c;
    try {
      c = acquire();  // a new connection's pragmas may meet a busy database too
    } catch (const sql::Transient& e) {
      last_error = e.what();
      sql::backoff(attempt);
      continue;
    }
    std::unique_lock<std::mutex> writing;
    if (mode == sql::TxMode::write) writing = std::unique_lock(write_mu_);
    try {
      c->exec(mode == sql::TxMode::write ? "BEGIN IMMEDIATE" : "BEGIN");
      fn(*c);
      c->exec("COMMIT");
      writing = {};
      release(std::move(c));
      return;
    } catch (const sql::Transient& e) {
      c->rollback();
      writing = {};
      release(std::move(c));
      last_error = e.what();
    } catch (...) {
      c->rollback();
      writing = {};
      release(std::move(c));
      throw;
    }
    sql::backoff(attempt);
  }
  throw Unavailable("database busy: " + last_error);
}

std::unique_ptr<sql::Engine> open_sqlite_engine(const std::string& path) {
  if (path.empty()) throw std::runtime_error("sqlite:// URL without a file path");
  if (path != ":memory:") {
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      throw std::runtime_error("cannot create directory " + parent.string() + ": " + ec.message());
  }
  return std::make_unique<SqliteEngine>(path);
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path) : SqlStore(open_sqlite_engine(path)) {}

}  // namespace store
