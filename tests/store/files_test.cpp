// Files shared in rooms (seed 003): the record round-trips, sharing bumps the room's version,
// listings are per room and newest first, and the schema refuses what it must.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "store_fixture.h"

namespace store_test {
namespace {

store::NewFile upload(const store::Room& room, const store::User& user, std::string name,
                      store::Millis at, int64_t size = 5) {
  return {.room_id = room.id,
          .user_id = user.id,
          .name = std::move(name),
          .size = size,
          .content_type = "text/plain; charset=utf-8",
          .created_at = at};
}

TEST_P(StoreTest, AddFileStoresEveryFieldAndBumpsTheVersion) {
  auto room = study_room_1();
  auto user = new_user();
  int64_t version = -1;
  auto file = store->add_file(upload(room, user, "notes \u00e9\u4e2d.txt", kT0, 1234), &version);
  EXPECT_EQ(file.id.size(), 36u);
  EXPECT_EQ(file.storage_key, file.id);
  EXPECT_EQ(version, room.version + 1);
  EXPECT_EQ(store->room(room.id)->version, version);

  auto found = store->file(file.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, file.id);
  EXPECT_EQ(found->room_id, room.id);
  EXPECT_EQ(found->user_id, user.id);
  EXPECT_EQ(found->name, "notes \u00e9\u4e2d.txt");
  EXPECT_EQ(found->size, 1234);
  EXPECT_EQ(found->content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(found->storage_key, file.id);
  EXPECT_EQ(found->created_at, kT0);

  store->add_file(upload(room, user, "second", kT0 + 1), nullptr);
  EXPECT_EQ(store->room(room.id)->version, version + 1) << "a null version pointer still bumps";
}

TEST_P(StoreTest, UnknownFilesAreNotFound) {
  EXPECT_FALSE(store->file("00000000-0000-4000-8000-000000000000"));
  EXPECT_FALSE(store->file("not-a-uuid"));
  EXPECT_FALSE(store->file(std::string("nul\0inside", 10)));
  EXPECT_FALSE(store->file("bad \xc3\x28 utf-8"));
  EXPECT_TRUE(store->files("00000000-0000-4000-8000-000000000000", 10).empty());
  EXPECT_TRUE(store->files("bad \xc3\x28 utf-8", 10).empty());
}

TEST_P(StoreTest, FilesListNewestFirstPerRoomWithinTheLimit) {
  auto room = study_room_1();
  auto other = new_room();
  auto user = new_user();
  std::vector<store::File> added;
  for (int i = 0; i < 7; ++i)  // two per millisecond: ties broken by id
    added.push_back(
        store->add_file(upload(room, user, "f" + std::to_string(i), kT0 + i / 2), nullptr));
  store->add_file(upload(other, user, "elsewhere", kT0 + 100), nullptr);
  std::sort(added.begin(), added.end(), [](const store::File& a, const store::File& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  });
  auto listed = store->files(room.id, 100);
  ASSERT_EQ(listed.size(), added.size());
  for (size_t i = 0; i < added.size(); ++i) EXPECT_EQ(listed[i].id, added[i].id) << i;
  EXPECT_EQ(store->files(room.id, 3).size(), 3u);
  EXPECT_EQ(store->files(room.id, 0).size(), 1u) << "limit clamped to at least one";
  ASSERT_EQ(store->files(other.id, 10).size(), 1u);
  EXPECT_EQ(store->files(other.id, 10).at(0).name, "elsewhere");
}

TEST_P(StoreTest, AddFileRefusesUnknownRoomsUsersAndBadValues) {
  auto room = study_room_1();
  auto user = new_user();
  auto stranger_room = room;
  stranger_room.id = "00000000-0000-4000-8000-000000000000";
  auto ghost = user;
  ghost.id = "00000000-0000-4000-8000-000000000001";
  EXPECT_THROW(store->add_file(upload(stranger_room, user, "x", kT0), nullptr),
               store::ConstraintViolation);
  EXPECT_THROW(store->add_file(upload(room, ghost, "x", kT0), nullptr), store::ConstraintViolation);
  EXPECT_THROW(store->add_file(upload(room, user, "x", kT0, -1), nullptr),
               store::ConstraintViolation);
  EXPECT_THROW(store->add_file(upload(room, user, std::string("a\0b", 3), kT0), nullptr),
               store::ConstraintViolation);
  EXPECT_TRUE(store->files(room.id, 10).empty());
  EXPECT_EQ(store->room(room.id)->version, room.version) << "nothing written, nothing bumped";
}

}  // namespace
}  // namespace store_test
