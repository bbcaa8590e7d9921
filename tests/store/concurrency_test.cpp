// Seed 000 property 7: N+K simultaneous joins on N free spots admit exactly N, whether the
// joins come through one store (threads of one instance) or two (two Carrel instances on one
// database). The rest are told room_full; occupancy ends at exactly capacity.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "store_fixture.h"

namespace store_test {
namespace {

using store::JoinOutcome;

struct Tally {
  std::atomic<int> joined{0}, full{0}, other{0};
};

// `threads` threads take users from the list in turn and join them all at once.
void join_all(std::vector<store::Store*> stores, const std::string& room_id,
              const std::vector<store::User>& users, int threads, Tally& tally) {
  std::atomic<size_t> next{0};
  std::barrier start(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      store::Store& s = *stores[t % stores.size()];
      start.arrive_and_wait();
      for (size_t i; (i = next++) < users.size();) {
        try {
          auto r = s.join(room_id, users[i].id, std::nullopt, kT0);
          auto& counter = r.outcome == JoinOutcome::joined      ? tally.joined
                          : r.outcome == JoinOutcome::room_full ? tally.full
                                                                : tally.other;
          ++counter;
        } catch (const std::exception& e) {
          // Not a crash of the test binary: a failed expectation below.
          ++tally.other;
          ADD_FAILURE() << "join threw: " << e.what();
        }
      }
    });
  for (auto& th : pool) th.join();
}

void expect_exactly_admitted(store::Store& s, const std::string& room_id, int capacity,
                             const Tally& tally, int free_spots, int users) {
  EXPECT_EQ(tally.joined, free_spots);
  EXPECT_EQ(tally.full, users - free_spots);
  EXPECT_EQ(tally.other, 0);
  auto room = *s.room(room_id);
  EXPECT_EQ(room.current_occupancy, capacity);
  EXPECT_EQ(static_cast<int>(s.participants(room_id).size()), capacity);
}

TEST_P(StoreTest, ConcurrentJoinsAdmitExactlyTheFreeSpots) {
  const int capacity = 12, already_in = 4, free_spots = capacity - already_in, extra = 20;
  auto room = new_room(capacity);
  for (int i = 0; i < already_in; ++i) store->join(room.id, new_user().id, std::nullopt, kT0);
  std::vector<store::User> users;
  for (int i = 0; i < free_spots + extra; ++i) users.push_back(new_user());
  Tally tally;
  join_all({store.get()}, room.id, users, 8, tally);
  expect_exactly_admitted(*store, room.id, capacity, tally, free_spots, free_spots + extra);
}

TEST_P(StoreTest, ConcurrentJoinsThroughTwoInstancesAdmitExactlyTheFreeSpots) {
  const int capacity = 6, extra = 14;
  auto second = open();
  for (int round = 0; round < 3; ++round) {
    auto room = new_room(capacity);
    std::vector<store::User> users;
    for (int i = 0; i < capacity + extra; ++i) users.push_back(new_user());
    Tally tally;
    join_all({store.get(), second.get()}, room.id, users, 10, tally);
    expect_exactly_admitted(*second, room.id, capacity, tally, capacity, capacity + extra);
  }
}

// Everyone leaves at once while others join: the count never drifts.
TEST_P(StoreTest, ConcurrentJoinsAndLeavesKeepOccupancyExact) {
  auto room = new_room(50);
  std::vector<store::User> stayers, leavers;
  for (int i = 0; i < 16; ++i) leavers.push_back(new_user());
  for (int i = 0; i < 16; ++i) stayers.push_back(new_user());
  for (const auto& u : leavers) store->join(room.id, u.id, std::nullopt, kT0);
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t)
    pool.emplace_back([&] {
      for (size_t i; (i = next++) < 32;) {
        if (i % 2)
          store->leave(room.id, leavers[i / 2].id, kT0 + 1000);
        else
          store->join(room.id, stayers[i / 2].id, std::nullopt, kT0 + 1000);
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(store->room(room.id)->current_occupancy, 16);
  EXPECT_EQ(store->participants(room.id).size(), 16u);
  EXPECT_EQ(store->session_logs({.room_id = room.id}).size(), 16u);
}

}  // namespace
}  // namespace store_test
