// The interned broadcast targets of the recovery log: one shared target per (rooms, except)
// whatever order a hash set yields its rooms in, freed with its last use, and the same delivery
// rule as the adapter's hash sets (checked against a direct model on random targets).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "sio/recovery_targets.h"

namespace {

using sio::BroadcastTarget;
using sio::BroadcastTargets;
using sio::Rooms;

TEST(BroadcastTargets, TheSameRoomsAndExceptGiveTheSameTarget) {
  BroadcastTargets targets;
  const auto* first = targets.acquire({"room:a"}, {"sid-x"});
  EXPECT_EQ(targets.acquire({"room:a"}, {"sid-x"}), first);
  EXPECT_EQ(targets.size(), 1u);
  EXPECT_EQ(first->rooms, std::vector<std::string>{"room:a"});
  EXPECT_EQ(first->except, std::vector<std::string>{"sid-x"});
}

TEST(BroadcastTargets, TheOrderOfAHashSetDoesNotMatter) {
  Rooms forward{"a", "b", "c", "d"};
  Rooms backward;
  backward.rehash(64);  // other buckets, so most likely another iteration order
  for (const char* room : {"d", "c", "b", "a"}) backward.insert(room);
  BroadcastTargets targets;
  const auto* first = targets.acquire(forward, {});
  EXPECT_EQ(targets.acquire(backward, {}), first);
  EXPECT_EQ(first->rooms, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(BroadcastTargets, DifferentTargetsAreDistinct) {
  BroadcastTargets targets;
  const auto* a = targets.acquire({"a"}, {});
  EXPECT_NE(targets.acquire({"b"}, {}), a);
  EXPECT_NE(targets.acquire({"a", "b"}, {}), a);
  EXPECT_NE(targets.acquire({"a"}, {"x"}), a);
  EXPECT_NE(targets.acquire({}, {"a"}), a);
  EXPECT_NE(targets.acquire({}, {}), a);
  EXPECT_EQ(targets.size(), 6u);
}

TEST(BroadcastTargets, TheLastReleaseFreesATarget) {
  BroadcastTargets targets;
  const auto* a = targets.acquire({"a"}, {});
  targets.acquire({"a"}, {});
  const auto* b = targets.acquire({"b"}, {"x"});
  targets.release(a);
  EXPECT_EQ(targets.size(), 2u);  // one use of {a} left
  targets.release(b);
  EXPECT_EQ(targets.size(), 1u);
  targets.release(a);
  EXPECT_EQ(targets.size(), 0u);
}

TEST(BroadcastTarget, ReachesTheRoomsButNotTheExcepted) {
  const BroadcastTarget to_room{{"r"}, {"sid-p"}};
  EXPECT_TRUE(to_room.reaches({"sid-q", "r"}));
  EXPECT_FALSE(to_room.reaches({"sid-p", "r"}));  // excepted
  EXPECT_FALSE(to_room.reaches({"sid-q"}));       // not in the room
  const BroadcastTarget to_all{{}, {}};
  EXPECT_TRUE(to_all.reaches({"sid-q"}));
  const BroadcastTarget to_two{{"r", "s"}, {}};
  EXPECT_TRUE(to_two.reaches({"sid-q", "s"}));
}

// The rule the adapter applies to its hash sets, written out directly.
bool reaches_by_sets(const Rooms& rooms, const Rooms& except, const Rooms& session) {
  for (const auto& room : session)
    if (except.count(room)) return false;
  if (rooms.empty()) return true;
  for (const auto& room : session)
    if (rooms.count(room)) return true;
  return false;
}

Rooms some_rooms() {
  // Few names, so that random sets overlap often.
  auto names = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 6));
  Rooms rooms;
  for (int name : names) rooms.insert("room-" + std::to_string(name));
  return rooms;
}

RC_GTEST_PROP(BroadcastTarget, ReachesExactlyWhomTheHashSetsWould, ()) {
  const Rooms rooms = some_rooms(), except = some_rooms(), session = some_rooms();
  BroadcastTargets targets;
  const auto* target = targets.acquire(rooms, except);
  RC_ASSERT(target->reaches(session) == reaches_by_sets(rooms, except, session));
  RC_ASSERT(targets.acquire(rooms, except) == target);
}

}  // namespace
