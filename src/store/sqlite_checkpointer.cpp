// SqliteCheckpointer (see sqlite_checkpointer.h). A passive checkpoint copies the frames
// committed when it starts; a writer that commits meanwhile finds the log still long and asks
// for another round. An error (a full disk) is left to the next round: the WAL keeps every
// commit safe until a checkpoint succeeds.
#include "store/sqlite_checkpointer.h"

namespace store::sql {
namespace {

constexpr int kBusyTimeoutMs = 1000;
constexpr int kHoldWritersFactor = 4;  // times the threshold

}  // namespace

SqliteCheckpointer::SqliteCheckpointer(const std::string& path, std::mutex& writers,
                                       int threshold_pages)
    : connection_(path, kBusyTimeoutMs),
      writers_(writers),
      threshold_pages_(threshold_pages),
      thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SqliteCheckpointer::on_wal_commit(int wal_pages) {
  if (wal_pages < threshold_pages_) return;
  {
    std::lock_guard lock(mu_);
    wal_pages_ = wal_pages;
    if (requested_) return;
    requested_ = true;
  }
  wake_.notify_one();
}

size_t SqliteCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

size_t SqliteCheckpointer::checkpoints_holding_writers() const {
  std::lock_guard lock(mu_);
  return holding_writers_;
}

void SqliteCheckpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    const int wal_pages = wal_pages_;
    lock.unlock();
    checkpoint_round(wal_pages);
    lock.lock();
  }
}

void SqliteCheckpointer::checkpoint_round(int wal_pages) {
  const bool hold_writers = wal_pages >= kHoldWritersFactor * threshold_pages_;
  try {
    connection_.checkpoint_passive();
    if (hold_writers) {
      std::lock_guard held(writers_);
      connection_.checkpoint_passive();
    }
  } catch (const std::exception&) {
    // retried when the next commit finds the log still long
  }
  std::lock_guard lock(mu_);
  ++checkpoints_;
  if (hold_writers) ++holding_writers_;
}

}  // namespace store::sql
