// Keeps an SQLite write-ahead log short from a thread of its own. SQLite's automatic checkpoint
// runs inside the commit that pushes the WAL past 1,000 pages: that writer copies the log into
// the database and syncs it, which on a slow disk takes hundreds of milliseconds while every
// other writer of the process queues behind it (a chat message waits for its insert). Here the
// connections only report the WAL's size after each commit; once it passes the threshold this
// thread runs a passive checkpoint on a connection of its own, which blocks no reader or writer.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite_connection.h"

namespace store::sql {

class SqliteCheckpointer final : public WalListener {
 public:
  // The size at which SQLite would checkpoint by itself.
  static constexpr int kDefaultThresholdPages = 1000;

  // Opens its connection to `path` (throws DbError like SqliteConnection) and starts the thread.
  explicit SqliteCheckpointer(const std::string& path,
                              int threshold_pages = kDefaultThresholdPages);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // From any connection's commit: wakes the thread when the WAL is past the threshold.
  void on_wal_commit(int wal_pages) override;

  // Checkpoints run so far (for tests and diagnostics).
  size_t checkpoints() const;

 private:
  void run();

  SqliteConnection connection_;
  const int threshold_pages_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  size_t checkpoints_ = 0;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace store::sql
