// The store's schema and seed data: migrations run once, the ten study rooms of seed 000 are
// there in order with their defaults, users and rooms are created as DESIGN.md section 5 says,
// and open_store picks the engine from the URL.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "store_fixture.h"

namespace store_test {
namespace {

using store::NewRoom;
using store::NewUser;

bool is_uuid_v4(const std::string& s) {
  if (s.size() != 36 || s[14] != '4') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return std::string("89ab").find(s[19]) != std::string::npos;
}

bool is_join_code(const std::string& s) {
  return s.size() == 6 &&
         s.find_first_not_of("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") == std::string::npos;
}

// Seed 000 property 1 and 25: the ten study rooms, in order, with capacity 50 and nobody in them.
TEST_P(StoreTest, FirstStartSeedsTenStudyRoomsInOrder) {
  auto rooms = store->list_rooms();
  ASSERT_EQ(rooms.size(), 10u);
  std::set<std::string> codes;
  for (size_t i = 0; i < rooms.size(); ++i) {
    const auto& r = rooms[i];
    EXPECT_EQ(r.name, "Study Room " + std::to_string(i + 1));
    EXPECT_EQ(r.capacity, 50);
    EXPECT_EQ(r.current_occupancy, 0);
    EXPECT_TRUE(r.is_public);
    EXPECT_EQ(r.media_topology, "sfu");
    EXPECT_EQ(r.version, 0);
    EXPECT_FALSE(r.owner_id.has_value());
    EXPECT_TRUE(is_uuid_v4(r.id)) << r.id;
    EXPECT_TRUE(is_join_code(r.join_code)) << r.join_code;
    codes.insert(r.join_code);
    if (i > 0) {
      EXPECT_LT(rooms[i - 1].created_at, r.created_at);
    }
  }
  EXPECT_EQ(codes.size(), 10u) << "join codes are unique";
}

TEST_P(StoreTest, MigrationsAreIdempotent) {
  auto before = store->list_rooms();
  auto user = new_user();
  store.reset();
  for (int i = 0; i < 2; ++i) store = open();  // reopen twice: nothing applied again
  auto after = store->list_rooms();
  ASSERT_EQ(after.size(), 10u) << "seeds were not inserted a second time";
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].id, before[i].id);
    EXPECT_EQ(after[i].join_code, before[i].join_code);
  }
  EXPECT_TRUE(store->user_by_id(user.id).has_value()) << "data survives reopening";
}

TEST_P(StoreTest, TwoInstancesOnOneDatabaseSeeOneAnother) {
  auto second = open();
  auto user = new_user();
  ASSERT_TRUE(second->user_by_id(user.id));
  EXPECT_EQ(second->list_rooms().size(), 10u);
}

TEST_P(StoreTest, CreateUserStoresLowerCasedEmailAndFindsItCaseInsensitively) {
  NewUser in{.name = "Ada", .email = "Ada.Lovelace@Example.COM", .password_hash = "h"};
  auto u = store->create_user(in);
  ASSERT_TRUE(u);
  EXPECT_TRUE(is_uuid_v4(u->id));
  EXPECT_EQ(u->email, "ada.lovelace@example.com");
  EXPECT_GT(u->created_at, 0);
  auto found = store->user_by_email("ADA.lovelace@example.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, u->id);
  EXPECT_EQ(found->name, "Ada");
  EXPECT_EQ(found->password_hash, "h");
  EXPECT_FALSE(found->is_admin);
  EXPECT_FALSE(found->is_anonymous);
  EXPECT_EQ(found->created_at, u->created_at);
}

TEST_P(StoreTest, CreateUserWithATakenEmailReturnsNothing) {
  ASSERT_TRUE(store->create_user({.name = "A", .email = "taken@example.com"}));
  EXPECT_FALSE(store->create_user({.name = "B", .email = "TAKEN@example.com"}));
  EXPECT_EQ(store->user_by_email("taken@example.com")->name, "A");
}

TEST_P(StoreTest, AnonymousUsersHaveNoEmailAndDoNotCollide) {
  NewUser anon{.name = "Guest", .is_anonymous = true, .ip_hash = "iphash"};
  auto a = store->create_user(anon);
  auto b = store->create_user(anon);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id, b->id);
  auto found = store->user_by_id(a->id);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->is_anonymous);
  EXPECT_EQ(found->email, "");
  EXPECT_EQ(found->ip_hash, "iphash");
  EXPECT_FALSE(store->user_by_email(""));
}

TEST_P(StoreTest, AdminFlagAndPasswordHashCanBeChanged) {
  auto u = new_user();
  store->set_admin(u.id, true);
  store->set_password_hash(u.id, "new-hash");
  auto found = store->user_by_id(u.id);
  EXPECT_TRUE(found->is_admin);
  EXPECT_EQ(found->password_hash, "new-hash");
  store->set_admin(u.id, false);
  EXPECT_FALSE(store->user_by_id(u.id)->is_admin);
}

// Seed 000 property 25: capacity defaults to 50 and occupancy to 0.
TEST_P(StoreTest, CreateRoomAppliesDefaultsAndGetsAJoinCode) {
  auto owner = new_user();
  auto r = store->create_room(NewRoom{.name = "Quiet Corner", .owner_id = owner.id});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->capacity, 50);
  EXPECT_EQ(r->current_occupancy, 0);
  EXPECT_TRUE(is_join_code(r->join_code));
  auto stored = store->room(r->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Quiet Corner");
  EXPECT_EQ(stored->owner_id, owner.id);
  EXPECT_EQ(stored->capacity, 50);
  EXPECT_EQ(stored->current_occupancy, 0);
  EXPECT_EQ(store->room_by_join_code(r->join_code)->id, r->id);
  auto rooms = store->list_rooms();
  ASSERT_EQ(rooms.size(), 11u);
  EXPECT_EQ(rooms.back().id, r->id) << "newest room lists after the seeded ones";
}

TEST_P(StoreTest, CreateRoomKeepsItsSettings) {
  auto r = store->create_room(
      NewRoom{.name = "Pair", .capacity = 2, .is_public = false, .media_topology = "mesh"});
  ASSERT_TRUE(r);
  auto stored = store->room(r->id);
  EXPECT_EQ(stored->capacity, 2);
  EXPECT_FALSE(stored->is_public);
  EXPECT_EQ(stored->media_topology, "mesh");
  EXPECT_FALSE(stored->owner_id);
}

TEST_P(StoreTest, CreateRoomWithATakenNameReturnsNothing) {
  EXPECT_FALSE(store->create_room(NewRoom{.name = "Study Room 3"}));
  EXPECT_EQ(store->list_rooms().size(), 10u);
}

TEST_P(StoreTest, CreateRoomOutsideTheSchemaRulesThrows) {
  EXPECT_THROW(store->create_room(NewRoom{.name = "Zero", .capacity = 0}),
               store::ConstraintViolation);
  EXPECT_THROW(store->create_room(NewRoom{.name = "Odd", .media_topology = "p2p"}),
               store::ConstraintViolation);
  EXPECT_THROW(store->create_room(NewRoom{.name = "Orphan", .owner_id = "no-such-user"}),
               store::ConstraintViolation);
  EXPECT_EQ(store->list_rooms().size(), 10u);
}

TEST_P(StoreTest, BumpVersionIncrementsByOne) {
  auto r = study_room_1();
  EXPECT_EQ(store->bump_version(r.id), r.version + 1);
  EXPECT_EQ(store->bump_version(r.id), r.version + 2);
  EXPECT_EQ(store->room(r.id)->version, r.version + 2);
  EXPECT_FALSE(store->bump_version("unknown"));
}

TEST_P(StoreTest, PingSucceeds) {
  EXPECT_TRUE(store->ping());
}

TEST(OpenStore, RejectsUnknownSchemes) {
  try {
    store::open_store("mysql://root@localhost/carrel");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("mysql"), std::string::npos) << e.what();
  }
  EXPECT_THROW(store::open_store("carrel.db"), std::runtime_error);
  EXPECT_THROW(store::open_store("sqlite://"), std::runtime_error);
}

TEST(OpenStore, SqliteInMemoryIsAWholeStore) {
  auto s = store::open_store("sqlite://:memory:");
  EXPECT_EQ(s->list_rooms().size(), 10u);
  EXPECT_TRUE(s->create_user({.name = "A", .email = "a@example.test"}));
  EXPECT_TRUE(s->user_by_email("a@example.test"));
}

// The API answers 503 when the database is down; it must find out fast, not hang.
TEST(OpenStore, UnreachablePostgresIsUnavailableQuickly) {
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(store::open_store("postgres://carrel:carrel@127.0.0.1:1/carrel_test"),
               store::Unavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace store_test
