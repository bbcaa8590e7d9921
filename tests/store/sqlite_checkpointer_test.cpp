// The SQLite write-ahead log is checkpointed by SqliteCheckpointer's thread, never by the
// commit that makes it long: a writer's commit only reports the log's size, and once the log
// passes the threshold the checkpointer copies it back so the next writer starts it over.
#include "store/sqlite_checkpointer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace store::sql {
namespace {

// Remembers the WAL size each commit reported, and passes it on.
class RecordingListener final : public WalListener {
 public:
  explicit RecordingListener(WalListener* next = nullptr) : next_(next) {}
  void on_wal_commit(int wal_pages) override {
    last = wal_pages;
    if (next_) next_->on_wal_commit(wal_pages);
  }
  std::atomic<int> last{0};

 private:
  WalListener* next_;
};

class SqliteCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("carrel-checkpoint-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    writer_ = std::make_unique<SqliteConnection>(path_, 1000);
    writer_->exec("CREATE TABLE notes (body TEXT NOT NULL)");
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }

  // One transaction adding a row of about a page.
  void commit_one_row() {
    writer_->exec("BEGIN IMMEDIATE");
    writer_->query("INSERT INTO notes (body) VALUES ($1)", {std::string(3000, 'x')});
    writer_->exec("COMMIT");
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex writers_;
};

TEST_F(SqliteCheckpointerTest, CommitsNoLongerCheckpointWhenAListenerIsSet) {
  RecordingListener listener;
  writer_->set_wal_listener(&listener);
  // SQLite alone would have checkpointed and restarted the log at 1,000 pages.
  for (int i = 0; i < 1200; ++i) commit_one_row();
  EXPECT_GT(listener.last, 1100);
}

TEST_F(SqliteCheckpointerTest, ALongLogIsCheckpointedAndTheNextWriterStartsItOver) {
  constexpr int kThreshold = 20;
  SqliteCheckpointer checkpointer(path_, writers_, kThreshold);
  RecordingListener listener(&checkpointer);
  writer_->set_wal_listener(&listener);
  int committed = 0;
  for (; listener.last < kThreshold; ++committed) commit_one_row();

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (checkpointer.checkpoints() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GE(checkpointer.checkpoints(), 1u);

  commit_one_row();
  ++committed;
  EXPECT_LT(listener.last, kThreshold) << "the log restarted from its beginning";
  EXPECT_EQ(writer_->query("SELECT count(*) FROM notes").at(0).integer(0), committed);
}

// A reader's snapshot keeps a checkpoint from copying what was written after it, so the log
// grows past four times the threshold; the rounds from then on hold the writers back, and once
// the reader is gone one of them lets the next writer start the log over.
TEST_F(SqliteCheckpointerTest, ALogFourTimesTooLongIsCheckpointedWithWritersHeldBack) {
  constexpr int kThreshold = 5;
  SqliteCheckpointer checkpointer(path_, writers_, kThreshold);
  RecordingListener listener(&checkpointer);
  writer_->set_wal_listener(&listener);
  SqliteConnection reader(path_, 1000);
  reader.exec("BEGIN");
  reader.query("SELECT count(*) FROM notes");
  while (listener.last < 4 * kThreshold) commit_one_row();
  reader.exec("COMMIT");

  const size_t before = checkpointer.checkpoints_holding_writers();
  commit_one_row();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (checkpointer.checkpoints_holding_writers() == before &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GT(checkpointer.checkpoints_holding_writers(), before);
  std::lock_guard quiet(writers_);  // the round has let go of the writers: this waits for it
  commit_one_row();
  EXPECT_LT(listener.last, kThreshold) << "the log restarted from its beginning";
}

TEST_F(SqliteCheckpointerTest, ALogBelowTheThresholdIsLeftAlone) {
  SqliteCheckpointer checkpointer(path_, writers_, 1000);
  writer_->set_wal_listener(&checkpointer);
  for (int i = 0; i < 10; ++i) commit_one_row();
  EXPECT_EQ(checkpointer.checkpoints(), 0u);
}

}  // namespace
}  // namespace store::sql
