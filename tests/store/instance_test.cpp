// Participants record the Carrel instance holding their connection (migration 4), so the
// survivors of an instance that died find the participants it held; on both engines.
#include <gtest/gtest.h>

#include <map>

#include "store_fixture.h"

namespace store_test {
namespace {

TEST_P(StoreTest, ParticipantsStartWithoutAnInstance) {
  auto room = study_room_1();
  auto user = new_user();
  auto joined = store->join(room.id, user.id, std::nullopt, kT0);
  ASSERT_EQ(joined.outcome, store::JoinOutcome::joined);
  EXPECT_FALSE(joined.participant.instance_id);
}

TEST_P(StoreTest, SetParticipantInstanceIsListedAndReplaced) {
  auto room = study_room_1();
  auto a = new_user(), b = new_user();
  store->join(room.id, a.id, std::nullopt, kT0);
  store->join(room.id, b.id, std::nullopt, kT0);
  EXPECT_TRUE(store->set_participant_instance(room.id, a.id, "instance-a"));
  EXPECT_TRUE(store->set_participant_instance(room.id, b.id, "instance-a"));
  EXPECT_TRUE(store->set_participant_instance(room.id, b.id, "instance-b"));
  std::map<std::string, std::string> by_user;
  for (const auto& p : store->all_participants()) by_user[p.user_id] = p.instance_id.value_or("");
  EXPECT_EQ(by_user[a.id], "instance-a");
  EXPECT_EQ(by_user[b.id], "instance-b");
  EXPECT_EQ(store->participant_of_user(b.id)->instance_id, "instance-b");
}

TEST_P(StoreTest, SetParticipantInstanceOfNoParticipantIsFalse) {
  auto room = study_room_1();
  auto user = new_user();
  EXPECT_FALSE(store->set_participant_instance(room.id, user.id, "instance-a"));
  EXPECT_FALSE(store->set_participant_instance("not-a-room", user.id, "instance-a"));
  store->join(room.id, user.id, std::nullopt, kT0);
  store->leave(room.id, user.id, kT0 + 1);
  EXPECT_FALSE(store->set_participant_instance(room.id, user.id, "instance-a"));
}

}  // namespace
}  // namespace store_test
