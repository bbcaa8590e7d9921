// StoreTest (see store_fixture.h) and the engine instantiation used by every store test file.
#include "store_fixture.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>

namespace store_test {
namespace {

// Drops everything the previous test created: the whole public schema, then an empty one.
void reset_postgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    PGresult* res = PQexec(conn, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) error = PQresultErrorMessage(res);
    PQclear(res);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error("cannot reset the test database: " + error);
}

}  // namespace

std::string engine_name(const testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

void StoreTest::SetUp() {
  if (GetParam() == Engine::postgres) {
    const char* pg = std::getenv("CARREL_TEST_POSTGRES_URL");
    if (!pg || !*pg) GTEST_SKIP() << "CARREL_TEST_POSTGRES_URL not set (scripts/with-postgres.sh)";
    url_ = pg;
    reset_postgres(url_);
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "carrel-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    temp_dir_ = pattern;
    // A directory that does not exist yet: the store creates it.
    url_ = "sqlite://" + temp_dir_ + "/data/carrel.db";
  }
  store = open();
}

void StoreTest::TearDown() {
  store.reset();
  if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_);
}

std::unique_ptr<store::Store> StoreTest::open() const {
  return store::open_store(url_);
}

store::User StoreTest::new_user(const std::string& name) {
  int n = ++counter_;
  store::NewUser u;
  u.name = name.empty() ? "User " + std::to_string(n) : name;
  u.email = "user" + std::to_string(n) + "@example.test";
  u.password_hash = "hash-" + std::to_string(n);
  auto created = store->create_user(u);
  if (!created) throw std::runtime_error("test user's email taken");
  return *created;
}

store::Room StoreTest::new_room(int capacity) {
  store::NewRoom r;
  r.name = "Test Room " + std::to_string(++counter_);
  r.capacity = capacity;
  auto created = store->create_room(r);
  if (!created) throw std::runtime_error("test room's name taken");
  return *created;
}

store::Room StoreTest::study_room_1() {
  return store->list_rooms().at(0);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, testing::Values(Engine::sqlite, Engine::postgres),
                         engine_name);

}  // namespace store_test
