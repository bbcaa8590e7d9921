// Whiteboard snapshots (seed 003 section 7): a room's latest board survives a restart of the
// server, one snapshot per room, exactly as saved, on both engines.
#include <gtest/gtest.h>

#include <string>

#include "store_fixture.h"

namespace store_test {
namespace {

TEST_P(StoreTest, NoSnapshotUntilOneIsSaved) {
  EXPECT_FALSE(store->latest_whiteboard_snapshot(study_room_1().id));
  EXPECT_FALSE(store->latest_whiteboard_snapshot("00000000-0000-4000-8000-000000000000"));
  EXPECT_FALSE(store->latest_whiteboard_snapshot("not a uuid \xc3\x28"));
}

TEST_P(StoreTest, LatestSnapshotIsTheHighestSeqPerRoom) {
  auto room = study_room_1();
  auto other = new_room();
  store->save_whiteboard_snapshot(room.id, 200, "[1]", kT0);
  store->save_whiteboard_snapshot(room.id, 400, "[1,2]", kT0 + 1);
  store->save_whiteboard_snapshot(other.id, 7, "[]", kT0 + 2);
  auto latest = store->latest_whiteboard_snapshot(room.id);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->seq, 400);
  EXPECT_EQ(latest->data, "[1,2]");
  EXPECT_EQ(latest->created_at, kT0 + 1);
  EXPECT_EQ(store->latest_whiteboard_snapshot(other.id)->seq, 7);

  // A save that arrives late with an older seq never hides the newer board.
  store->save_whiteboard_snapshot(room.id, 300, "[9]", kT0 + 3);
  EXPECT_EQ(store->latest_whiteboard_snapshot(room.id)->data, "[1,2]");
  // The same seq again replaces it.
  store->save_whiteboard_snapshot(room.id, 400, "[3]", kT0 + 4);
  EXPECT_EQ(store->latest_whiteboard_snapshot(room.id)->data, "[3]");
}

TEST_P(StoreTest, SnapshotDataRoundTripsExactlyAndSurvivesReopening) {
  auto room = study_room_1();
  std::string data = R"([{"type":"stroke","points":[[0,1.5E0],[10000,2.25E2]],"color":"#A0b1C2",)"
                     R"("width":5E-1}])";
  data += std::string(300000, ' ');  // large boards are kept whole
  store->save_whiteboard_snapshot(room.id, 12345678901, data, kT0);
  auto again = open();
  auto latest = again->latest_whiteboard_snapshot(room.id);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->seq, 12345678901);
  EXPECT_EQ(latest->data, data);
}

TEST_P(StoreTest, SnapshotOfUnknownRoomOrUnstorableTextIsRefused) {
  EXPECT_THROW(
      store->save_whiteboard_snapshot("00000000-0000-4000-8000-000000000000", 1, "[]", kT0),
      store::ConstraintViolation);
  auto room = study_room_1();
  EXPECT_THROW(store->save_whiteboard_snapshot(room.id, 1, std::string("[\0]", 3), kT0),
               store::ConstraintViolation);
  EXPECT_FALSE(store->latest_whiteboard_snapshot(room.id));
}

}  // namespace
}  // namespace store_test
