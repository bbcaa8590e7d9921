// Ids and codes come straight from URLs and request bodies. Whatever they contain (SQL
// metacharacters, non-UUIDs, LIKE wildcards, unicode), a lookup finds nothing and a write
// changes nothing: every value reaches the database as a bound parameter.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace store_test {
namespace {

const std::vector<std::string> kHostile = {
    "' OR 1=1 --",
    "' OR '1'='1",
    "\"; DROP TABLE rooms; --",
    "1; DELETE FROM users",
    "%",
    "_",
    "*",
    "\\",
    "",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "$1",
    "?1",
    "\xc3\x28",  // invalid UTF-8
    "\u00e9t\u00e9 \U0001F600",
};

TEST_P(StoreTest, HostileIdsInLookupsFindNothing) {
  auto user = new_user();
  auto room = study_room_1();
  store->join(room.id, user.id, std::nullopt, kT0);
  store->add_message(room.id, user.id, "hello", "TEXT", kT0);
  for (const auto& bad : kHostile) {
    SCOPED_TRACE("value: " + bad);
    EXPECT_FALSE(store->user_by_id(bad));
    EXPECT_FALSE(store->user_by_email(bad));
    EXPECT_FALSE(store->room(bad));
    EXPECT_FALSE(store->room_by_join_code(bad));
    EXPECT_TRUE(store->participants(bad).empty());
    EXPECT_FALSE(store->participant_of_user(bad));
    EXPECT_TRUE(store->messages(bad, std::nullopt, 100).empty());
    EXPECT_TRUE(store->messages(room.id, bad, 100).empty());
    EXPECT_TRUE(store->session_logs({.user_id = bad}).empty());
    EXPECT_TRUE(store->session_logs({.room_id = bad}).empty());
  }
}

TEST_P(StoreTest, HostileIdsInWritesChangeNothing) {
  auto user = new_user();
  auto room = study_room_1();
  ASSERT_EQ(store->join(room.id, user.id, std::nullopt, kT0).outcome, store::JoinOutcome::joined);
  auto rooms_before = store->list_rooms();
  for (const auto& bad : kHostile) {
    SCOPED_TRACE("value: " + bad);
    EXPECT_EQ(store->join(bad, user.id, std::nullopt, kT0).outcome,
              store::JoinOutcome::room_not_found);
    EXPECT_EQ(store->leave(bad, user.id, kT0).outcome, store::LeaveOutcome::not_participant);
    EXPECT_EQ(store->leave(room.id, bad, kT0).outcome, store::LeaveOutcome::not_participant);
    EXPECT_FALSE(store->set_status(room.id, bad, "MUTED"));
    EXPECT_FALSE(store->set_media(bad, user.id, {.mic = true}, nullptr));
    EXPECT_FALSE(store->bump_version(bad));
    store->set_admin(bad, true);
    store->set_password_hash(bad, "x");
  }
  auto rooms_after = store->list_rooms();
  ASSERT_EQ(rooms_after.size(), rooms_before.size());
  for (size_t i = 0; i < rooms_after.size(); ++i) {
    EXPECT_EQ(rooms_after[i].current_occupancy, rooms_before[i].current_occupancy);
    EXPECT_EQ(rooms_after[i].version, rooms_before[i].version);
  }
  auto me = store->user_by_id(user.id);
  EXPECT_FALSE(me->is_admin);
  EXPECT_NE(me->password_hash, "x");
  EXPECT_EQ(store->participant_of_user(user.id)->status, "ACTIVE");
}

TEST_P(StoreTest, HostileNamesAreStoredVerbatim) {
  for (const auto& name : kHostile) {
    if (name.empty() || name == "\xc3\x28") continue;  // not a name anyone can have
    SCOPED_TRACE("value: " + name);
    auto u = store->create_user({.name = name, .email = name + "@example.test"});
    ASSERT_TRUE(u);
    EXPECT_EQ(store->user_by_id(u->id)->name, name);
    auto r = store->create_room({.name = "Room " + name});
    ASSERT_TRUE(r);
    EXPECT_EQ(store->room(r->id)->name, "Room " + name);
  }
  EXPECT_EQ(store->list_rooms().size(), 10u + kHostile.size() - 2);
}

}  // namespace
}  // namespace store_test
