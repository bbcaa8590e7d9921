// The PostgreSQL engine: a pool of up to 8 libpq connections shared by all calling threads.
//
// Transactions run at READ COMMITTED; rows that a decision depends on are locked with
// SELECT ... FOR UPDATE (see sql_store_participation.cpp), which is what makes N+K concurrent
// joins on N free spots admit exactly N, across instances too. Serialization failures and
// deadlocks (40001, 40P01) rerun the transaction with backoff. A lost connection drops every idle
// connection (after a server restart they are all stale) and reruns on a fresh one; if no new
// connection can be made within connect_timeout the caller gets Unavailable at once, so the API
// answers 503 quickly and recovers by itself when the database is back.
#include "store/postgres_store.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/pg_connection.h"

namespace store {
namespace {

using sql::PgConnection;

constexpr int kConnectTimeoutS = 3;
constexpr int kAttempts = 5;
constexpr size_t kMaxConnections = 8;
constexpr auto kPoolWait = std::chrono::seconds(10);

class PgEngine final : public sql::Engine {
 public:
  // Connects once right away so that a wrong URL or a down server fails at start.
  explicit PgEngine(std::string url) : url_(std::move(url)) {
    open_ = 1;
    release(connect());
  }

  sql::Dialect dialect() const override { return sql::Dialect::postgres; }
  std::string_view lock_rows() const override { return " FOR UPDATE"; }
  void transact(sql::TxMode mode, const std::function<void(sql::Session&)>& fn) override;

 private:
  std::unique_ptr<PgConnection> connect();
  std::unique_ptr<PgConnection> acquire();
  void release(std::unique_ptr<PgConnection> c);
  // Closes c and every idle connection: when one connection broke, the others very likely did
  // too (server restart, network cut), and each would cost a failed attempt to find out.
  void discard(std::unique_ptr<PgConnection> c);

  const std::string url_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  size_t open_ = 0;  // idle + leased + being connected
};

// Opens a connection counted in open_ (the caller has already reserved the slot).
std::unique_ptr<PgConnection> PgEngine::connect() {
  try {
    return std::make_unique<PgConnection>(url_, kConnectTimeoutS);
  } catch (const sql::ConnectionLost& e) {
    std::lock_guard lock(mu_);
    --open_;
    available_.notify_one();
    throw Unavailable(e.what());
  }
}

std::unique_ptr<PgConnection> PgEngine::acquire() {
  std::unique_lock lock(mu_);
  if (!available_.wait_for(lock, kPoolWait,
                           [&] { return !idle_.empty() || open_ < kMaxConnections; }))
    throw Unavailable("all database connections stay busy");
  if (idle_.empty()) {
    ++open_;
    lock.unlock();
    return connect();
  }
  auto c = std::move(idle_.back());
  idle_.pop_back();
  lock.unlock();
  if (c->healthy() || c->reset()) return c;
  discard(std::move(c));
  throw Unavailable("lost the connection to PostgreSQL and could not reconnect");
}

void PgEngine::release(std::unique_ptr<PgConnection> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
  available_.notify_one();
}

void PgEngine::discard(std::unique_ptr<PgConnection> c) {
  std::vector<std::unique_ptr<PgConnection>> stale;
  {
    std::lock_guard lock(mu_);
    stale.swap(idle_);
    open_ -= stale.size() + (c ? 1 : 0);
    available_.notify_all();
  }
  // stale and c close their sockets here, outside the lock.
}

void PgEngine::transact(sql::TxMode mode, const std::function<void(sql::Session&)>& fn) {
  std::string last_error;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto c = acquire();
    try {
      c->query(mode == sql::TxMode::write ? "BEGIN" : "BEGIN READ ONLY");
      fn(*c);
      c->query("COMMIT");
      release(std::move(c));
      return;
    } catch (const sql::ConnectionLost& e) {
      discard(std::move(c));
      last_error = e.what();
    } catch (const sql::Transient& e) {
      c->rollback();
      release(std::move(c));
      last_error = e.what();
    } catch (...) {
      c->rollback();
      if (c->healthy()) {
        release(std::move(c));
      } else {
        discard(std::move(c));
      }
      throw;
    }
    sql::backoff(attempt);
  }
  throw Unavailable("PostgreSQL keeps failing: " + last_error);
}


}  // namespace

PostgresStore::PostgresStore(const std::string& url) : SqlStore(std::make_unique<PgEngine>(url)) {}

}  // namespace store
