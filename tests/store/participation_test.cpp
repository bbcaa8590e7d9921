// Joining and leaving rooms (seed 000 properties 3-10, 26, 31-33), moderation and media state,
// and the room version that every state change bumps (seed 004).
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace store_test {
namespace {

using store::JoinOutcome;
using store::LeaveOutcome;

// Properties 4, 5 and 31: occupancy +1, an ACTIVE participant with the user, room and join time.
TEST_P(StoreTest, JoinIncrementsOccupancyAndCreatesAnActiveParticipant) {
  auto room = study_room_1();
  auto user = new_user("Grace");
  auto r = store->join(room.id, user.id, "session-7", kT0);
  ASSERT_EQ(r.outcome, JoinOutcome::joined);
  EXPECT_EQ(r.room.current_occupancy, room.current_occupancy + 1);
  EXPECT_EQ(store->room(room.id)->current_occupancy, room.current_occupancy + 1);
  const auto& p = r.participant;
  EXPECT_FALSE(p.id.empty());
  EXPECT_EQ(p.user_id, user.id);
  EXPECT_EQ(p.user_name, "Grace");
  EXPECT_EQ(p.room_id, room.id);
  EXPECT_EQ(p.joined_at, kT0);
  EXPECT_EQ(p.status, "ACTIVE");
  EXPECT_FALSE(p.mic);
  EXPECT_TRUE(p.cam);
  EXPECT_FALSE(p.screen);
  EXPECT_EQ(p.study_session_id, "session-7");  // property 39
  auto listed = store->participants(room.id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, p.id);
  EXPECT_EQ(store->participant_of_user(user.id)->room_id, room.id);
}

TEST_P(StoreTest, JoinUnknownRoomIsRoomNotFound) {
  auto user = new_user();
  EXPECT_EQ(store->join("no-such-room", user.id, std::nullopt, kT0).outcome,
            JoinOutcome::room_not_found);
  EXPECT_FALSE(store->participant_of_user(user.id));
}

// Property 3: a full room refuses the join and nothing changes.
TEST_P(StoreTest, JoinFullRoomIsRoomFullAndChangesNothing) {
  auto room = new_room(2);
  auto a = new_user(), b = new_user(), c = new_user();
  ASSERT_EQ(store->join(room.id, a.id, std::nullopt, kT0).outcome, JoinOutcome::joined);
  ASSERT_EQ(store->join(room.id, b.id, std::nullopt, kT0).outcome, JoinOutcome::joined);
  auto full = *store->room(room.id);
  auto r = store->join(room.id, c.id, std::nullopt, kT0);
  EXPECT_EQ(r.outcome, JoinOutcome::room_full);
  auto after = *store->room(room.id);
  EXPECT_EQ(after.current_occupancy, 2);
  EXPECT_EQ(after.version, full.version);
  EXPECT_EQ(store->participants(room.id).size(), 2u);
  EXPECT_FALSE(store->participant_of_user(c.id));
}

// A user is in at most one room at a time (DESIGN.md section 3).
TEST_P(StoreTest, JoinWhileInARoomIsAlreadyInRoom) {
  auto rooms = store->list_rooms();
  auto user = new_user();
  ASSERT_EQ(store->join(rooms[0].id, user.id, std::nullopt, kT0).outcome, JoinOutcome::joined);
  auto again = store->join(rooms[0].id, user.id, std::nullopt, kT0);
  EXPECT_EQ(again.outcome, JoinOutcome::already_in_room);
  EXPECT_EQ(again.other_room_id, rooms[0].id);
  auto other = store->join(rooms[1].id, user.id, std::nullopt, kT0);
  EXPECT_EQ(other.outcome, JoinOutcome::already_in_room);
  EXPECT_EQ(other.other_room_id, rooms[0].id);
  EXPECT_EQ(store->room(rooms[0].id)->current_occupancy, 1);
  EXPECT_EQ(store->room(rooms[1].id)->current_occupancy, 0);
}

// Properties 9, 10, 32, 33: occupancy -1, participant gone, a visit log with the duration.
TEST_P(StoreTest, LeaveDecrementsOccupancyAndWritesTheVisit) {
  auto room = study_room_1();
  auto user = new_user();
  ASSERT_EQ(store->join(room.id, user.id, "s-1", kT0).outcome, JoinOutcome::joined);
  auto r = store->leave(room.id, user.id, kT0 + 125'400);
  ASSERT_EQ(r.outcome, LeaveOutcome::left);
  EXPECT_EQ(r.room.current_occupancy, 0);
  EXPECT_EQ(store->room(room.id)->current_occupancy, 0);
  EXPECT_TRUE(store->participants(room.id).empty());
  EXPECT_FALSE(store->participant_of_user(user.id));
  EXPECT_EQ(r.log.duration, 125);
  EXPECT_EQ(r.log.kind, "visit");
  EXPECT_EQ(r.log.room_id, room.id);
  EXPECT_EQ(r.log.user_id, user.id);
  EXPECT_EQ(r.log.created_at, kT0 + 125'400);
  EXPECT_EQ(r.log.study_session_id, "s-1");
  auto logs = store->session_logs({.user_id = user.id});
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].id, r.log.id);
  EXPECT_EQ(logs[0].duration, 125);
  EXPECT_EQ(logs[0].study_session_id, "s-1");
}

// Property 32: duration is (leave - join) in seconds, rounded, never negative.
TEST_P(StoreTest, VisitDurationIsRoundedSecondsAndNeverNegative) {
  auto room = study_room_1();
  struct Case {
    store::Millis stay;
    int64_t seconds;
  };
  for (Case c : {Case{0, 0}, Case{499, 0}, Case{500, 1}, Case{59'999, 60}, Case{-5'000, 0},
                 Case{3'600'000, 3600}}) {
    auto user = new_user();
    ASSERT_EQ(store->join(room.id, user.id, std::nullopt, kT0).outcome, JoinOutcome::joined);
    EXPECT_EQ(store->leave(room.id, user.id, kT0 + c.stay).log.duration, c.seconds)
        << "stay " << c.stay << " ms";
  }
}

// Property 8.
TEST_P(StoreTest, LeaveWithoutBeingAParticipantIsNotParticipant) {
  auto rooms = store->list_rooms();
  auto user = new_user();
  EXPECT_EQ(store->leave(rooms[0].id, user.id, kT0).outcome, LeaveOutcome::not_participant);
  ASSERT_EQ(store->join(rooms[1].id, user.id, std::nullopt, kT0).outcome, JoinOutcome::joined);
  auto wrong_room = store->leave(rooms[0].id, user.id, kT0);
  EXPECT_EQ(wrong_room.outcome, LeaveOutcome::not_participant);
  EXPECT_EQ(wrong_room.room.current_occupancy, 0);
  EXPECT_EQ(store->leave("no-such-room", user.id, kT0).outcome, LeaveOutcome::not_participant);
  EXPECT_EQ(store->room(rooms[1].id)->current_occupancy, 1) << "the real membership is intact";
  EXPECT_TRUE(store->session_logs({.user_id = user.id}).empty());
}

TEST_P(StoreTest, EveryStateChangeBumpsTheRoomVersion) {
  auto room = study_room_1();
  auto user = new_user();
  int64_t v = room.version;
  auto joined = store->join(room.id, user.id, std::nullopt, kT0);
  EXPECT_EQ(joined.room.version, ++v);
  EXPECT_EQ(store->set_status(room.id, user.id, "MUTED"), ++v);
  int64_t reported = 0;
  auto media = store->set_media(room.id, user.id, {.mic = true}, &reported);
  EXPECT_EQ(reported, ++v);
  ASSERT_TRUE(media);
  EXPECT_EQ(store->bump_version(room.id), ++v);
  EXPECT_EQ(store->leave(room.id, user.id, kT0 + 1000).room.version, ++v);
  EXPECT_EQ(store->room(room.id)->version, v);
  // Refused changes leave the version alone.
  EXPECT_FALSE(store->set_status(room.id, user.id, "ACTIVE"));
  EXPECT_FALSE(store->set_media(room.id, user.id, {.cam = false}, &reported));
  EXPECT_EQ(store->room(room.id)->version, v);
}

// Property 22.
TEST_P(StoreTest, SetStatusMutesAndUnmutes) {
  auto room = study_room_1();
  auto user = new_user();
  store->join(room.id, user.id, std::nullopt, kT0);
  ASSERT_TRUE(store->set_status(room.id, user.id, "MUTED"));
  EXPECT_EQ(store->participant_of_user(user.id)->status, "MUTED");
  ASSERT_TRUE(store->set_status(room.id, user.id, "ACTIVE"));
  EXPECT_EQ(store->participant_of_user(user.id)->status, "ACTIVE");
  EXPECT_THROW(store->set_status(room.id, user.id, "BANISHED"), store::ConstraintViolation);
  EXPECT_EQ(store->participant_of_user(user.id)->status, "ACTIVE");
  EXPECT_FALSE(store->set_status(store->list_rooms()[1].id, user.id, "MUTED"));
}

TEST_P(StoreTest, SetMediaChangesOnlyTheGivenFields) {
  auto room = study_room_1();
  auto user = new_user("Linus");
  store->join(room.id, user.id, std::nullopt, kT0);
  auto p = store->set_media(room.id, user.id, {.mic = true, .screen = true}, nullptr);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->mic);
  EXPECT_TRUE(p->cam);  // untouched default
  EXPECT_TRUE(p->screen);
  EXPECT_EQ(p->user_name, "Linus");
  p = store->set_media(room.id, user.id, {.cam = false}, nullptr);
  EXPECT_TRUE(p->mic);
  EXPECT_FALSE(p->cam);
  EXPECT_TRUE(p->screen);
  auto stored = store->participant_of_user(user.id);
  EXPECT_TRUE(stored->mic);
  EXPECT_FALSE(stored->cam);
}

TEST_P(StoreTest, AllParticipantsListsEveryRoom) {
  auto rooms = store->list_rooms();
  auto a = new_user(), b = new_user(), c = new_user();
  store->join(rooms[0].id, a.id, std::nullopt, kT0);
  store->join(rooms[1].id, b.id, std::nullopt, kT0);
  store->join(rooms[1].id, c.id, std::nullopt, kT0 + 1);
  auto all = store->all_participants();
  ASSERT_EQ(all.size(), 3u);
  std::multiset<std::string> users;
  for (const auto& p : all) users.insert(p.user_id);
  EXPECT_EQ(users, (std::multiset<std::string>{a.id, b.id, c.id}));
  auto in_second = store->participants(rooms[1].id);
  ASSERT_EQ(in_second.size(), 2u);
  EXPECT_EQ(in_second[0].user_id, b.id) << "ordered by join time";
}

// Property 26: the database itself refuses rows that point at nothing.
TEST_P(StoreTest, ForeignKeysRefuseRowsForUnknownRoomsAndUsers) {
  auto room = study_room_1();
  auto user = new_user();
  const std::string ghost = "00000000-0000-4000-8000-000000000000";
  EXPECT_THROW(store->add_message(ghost, user.id, "hi", "TEXT", kT0), store::ConstraintViolation);
  EXPECT_THROW(store->add_message(room.id, ghost, "hi", "TEXT", kT0), store::ConstraintViolation);
  EXPECT_THROW(store->add_session_log({.room_id = ghost, .user_id = user.id}),
               store::ConstraintViolation);
  EXPECT_THROW(store->add_session_log({.room_id = room.id, .user_id = ghost}),
               store::ConstraintViolation);
  // Property 6: the failed participant insert takes the occupancy increment down with it.
  EXPECT_THROW(store->join(room.id, ghost, std::nullopt, kT0), store::ConstraintViolation);
  auto after = *store->room(room.id);
  EXPECT_EQ(after.current_occupancy, 0);
  EXPECT_EQ(after.version, room.version);
  EXPECT_TRUE(store->participants(room.id).empty());
  EXPECT_TRUE(store->messages(room.id, std::nullopt, 100).empty());
  EXPECT_TRUE(store->session_logs({}).empty());
}

}  // namespace
}  // namespace store_test
