// Property tests of participation (rapidcheck, 100 runs each unless RC_PARAMS says otherwise):
// joins and leaves in any order keep occupancy equal to the number of participants, within
// [0, capacity], and agree with a simple model of the room (seed 000 properties 3, 4, 8, 9, 11).
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <set>

#include "store_fixture.h"

namespace store_test {
namespace {

using store::JoinOutcome;
using store::LeaveOutcome;

// Properties 4 and 9: a join followed by a leave puts the room back as it was (but two versions
// later), whatever the room and however long the stay.
TEST_P(StoreTest, PropertyJoinThenLeaveRestoresOccupancy) {
  auto rooms = store->list_rooms();
  // A few people already sit in the rooms so that "restores" is not just "back to zero".
  for (size_t i = 0; i < rooms.size(); i += 3)
    store->join(rooms[i].id, new_user().id, std::nullopt, kT0);
  bool ok = rc::check("join then leave restores occupancy", [&] {
    const auto& room = rooms[*rc::gen::inRange<size_t>(0, rooms.size())];
    const store::Millis stay = *rc::gen::inRange<store::Millis>(0, 8 * 3600 * 1000);
    auto user = new_user();
    auto before = *store->room(room.id);
    auto joined = store->join(room.id, user.id, std::nullopt, kT0);
    RC_ASSERT(joined.outcome == JoinOutcome::joined);
    RC_ASSERT(joined.room.current_occupancy == before.current_occupancy + 1);
    auto left = store->leave(room.id, user.id, kT0 + stay);
    RC_ASSERT(left.outcome == LeaveOutcome::left);
    RC_ASSERT(left.log.duration == (stay + 500) / 1000);
    auto after = *store->room(room.id);
    RC_ASSERT(after.current_occupancy == before.current_occupancy);
    RC_ASSERT(after.version == before.version + 2);
    RC_ASSERT(!store->participant_of_user(user.id));
  });
  EXPECT_TRUE(ok);
}

struct Op {
  bool join;
  int who;
};

// Property 11 (and 3, 8): under any sequence of joins and leaves by a handful of users, every
// outcome is the one the model predicts, and occupancy equals the participant count, never
// below 0 nor above capacity.
TEST_P(StoreTest, PropertyOccupancyAlwaysEqualsParticipantCount) {
  bool ok = rc::check("occupancy tracks participants", [&] {
    const int capacity = *rc::gen::inRange(1, 5);
    const int people = *rc::gen::inRange(1, 7);
    const auto count = *rc::gen::inRange<size_t>(0, on_postgres() ? 16 : 30);
    auto ops = *rc::gen::container<std::vector<Op>>(
        count, rc::gen::construct<Op>(rc::gen::arbitrary<bool>(), rc::gen::inRange(0, people)));
    auto room = new_room(capacity);
    std::vector<store::User> users;
    for (int i = 0; i < people; ++i) users.push_back(new_user());
    std::set<int> inside;  // the model
    store::Millis now = kT0;
    for (const Op& op : ops) {
      const auto& user = users[op.who];
      const bool member = inside.count(op.who) > 0;
      if (op.join) {
        auto r = store->join(room.id, user.id, std::nullopt, now += 1000);
        auto expected = member                                        ? JoinOutcome::already_in_room
                        : static_cast<int>(inside.size()) >= capacity ? JoinOutcome::room_full
                                                                      : JoinOutcome::joined;
        RC_ASSERT(r.outcome == expected);
        if (expected == JoinOutcome::joined) inside.insert(op.who);
      } else {
        auto r = store->leave(room.id, user.id, now += 1000);
        RC_ASSERT(r.outcome == (member ? LeaveOutcome::left : LeaveOutcome::not_participant));
        inside.erase(op.who);
      }
      auto now_room = *store->room(room.id);
      RC_ASSERT(now_room.current_occupancy >= 0);
      RC_ASSERT(now_room.current_occupancy <= capacity);
      RC_ASSERT(now_room.current_occupancy == static_cast<int>(inside.size()));
    }
    RC_ASSERT(store->participants(room.id).size() == inside.size());
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace store_test
