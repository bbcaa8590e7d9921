// Keeps an SQLite write-ahead log short from a thread of its own. SQLite's automatic checkpoint
// runs inside the commit that pushes the WAL past 1,000 pages: that writer copies the log into
// the database and syncs it, which on a slow disk takes hundreds of milliseconds while every
// other writer of the process queues behind it (a chat message waits for its insert). Here the
// connections only report the WAL's size after each commit; once it passes the threshold this
// thread runs a passive checkpoint on a connection of its own, which blocks no reader or writer.
//
// The log starts over only when a writer finds every frame copied, which writes arriving during
// each checkpoint can keep from ever happening: under steady writes the log would grow without
// bound. So when the log has grown past four times the threshold, the checkpoint that follows
// the passive one runs with the process's writers held back: it copies only what was written
// during the first, and the next writer starts the log over. Writers then wait for that short
// copy, not for the whole log.
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
  // `writers` is the mutex every write transaction of the process holds.
  SqliteCheckpointer(const std::string& path, std::mutex& writers,
                     int threshold_pages = kDefaultThresholdPages);
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // From any connection's commit: wakes the thread when the WAL is past the threshold.
  void on_wal_commit(int wal_pages) override;

  // Checkpoint rounds run so far, and of those the ones that held the writers back.
  size_t checkpoints() const;
  size_t checkpoints_holding_writers() const;

 private:
  void run();

  void checkpoint_round(int wal_pages);

  SqliteConnection connection_;
  std::mutex& writers_;
  const int threshold_pages_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  int wal_pages_ = 0;  // as the latest commit reported it
  size_t checkpoints_ = 0;
  size_t holding_writers_ = 0;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace store::sql
