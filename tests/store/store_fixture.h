// The fixture of the store suite: every test runs once per engine, each time on a database of its
// own. SQLite gets a new file in a new temporary directory; PostgreSQL (only when
// CARREL_TEST_POSTGRES_URL is set, see scripts/with-postgres.sh) gets its `public` schema dropped
// and recreated, so migrations and seeding run from scratch for every test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store.h"

namespace store_test {

enum class Engine { sqlite, postgres };

std::string engine_name(const testing::TestParamInfo<Engine>& info);

class StoreTest : public testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The URL of this test's database; open() opens another Store on it (a second instance).
  const std::string& url() const { return url_; }
  std::unique_ptr<store::Store> open() const;
  bool on_postgres() const { return GetParam() == Engine::postgres; }

  // A fresh registered user; names and emails are unique within the test.
  store::User new_user(const std::string& name = "");
  // A fresh room of the given capacity.
  store::Room new_room(int capacity = 50);
  // The first seeded room, "Study Room 1".
  store::Room study_room_1();

  std::unique_ptr<store::Store> store;

 private:
  std::string url_;
  std::string temp_dir_;
  int counter_ = 0;
};

// Millisecond timestamps for tests: a fixed, realistic epoch (2024-01-01T00:00:00Z).
constexpr store::Millis kT0 = 1'704'067'200'000;

}  // namespace store_test
