// SqliteCheckpointer (see sqlite_checkpointer.h). A passive checkpoint copies the frames
// committed when it starts; a writer that commits meanwhile asks for another round, so the
// thread keeps going until the log is below the threshold again. An error (a full disk) is left
// to the next round: the WAL keeps every commit safe until a checkpoint succeeds.
#include "store/sqlite_checkpointer.h"

namespace store::sql {
namespace {

constexpr int kBusyTimeoutMs = 1000;

}  // namespace

SqliteCheckpointer::SqliteCheckpointer(const std::string& path, int threshold_pages)
    : connection_(path, kBusyTimeoutMs),
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
    if (requested_) return;
    requested_ = true;
  }
  wake_.notify_one();
}

size_t SqliteCheckpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

void SqliteCheckpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    try {
      connection_.checkpoint_passive();
    } catch (const std::exception&) {
      // retried when the next commit finds the log still long
    }
    lock.lock();
    ++checkpoints_;
  }
}

}  // namespace store::sql
