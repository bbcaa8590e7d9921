// Chat messages (seed 000 properties 13, 14; seed 003 paging) and session log queries
// (seed 000 properties 20, 34).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "store_fixture.h"

namespace store_test {
namespace {

using store::Message;
using store::SessionLog;
using store::SessionLogFilter;

TEST_P(StoreTest, AddMessageStoresEveryFieldAndEachType) {
  auto room = study_room_1();
  auto user = new_user("Alan");
  for (std::string type : {"TEXT", "EMOJI", "POLL"}) {
    auto m = store->add_message(room.id, user.id, "hello " + type, type, kT0);
    EXPECT_FALSE(m.id.empty());
    EXPECT_EQ(m.user_name, "Alan");
    EXPECT_EQ(m.type, type);
  }
  auto page = store->messages(room.id, std::nullopt, 10);
  ASSERT_EQ(page.size(), 3u);
  for (const auto& m : page) {
    EXPECT_EQ(m.room_id, room.id);
    EXPECT_EQ(m.user_id, user.id);
    EXPECT_EQ(m.user_name, "Alan");
    EXPECT_EQ(m.timestamp, kT0);
    EXPECT_EQ(m.content, "hello " + m.type);
  }
  EXPECT_THROW(store->add_message(room.id, user.id, "x", "SHOUT", kT0), store::ConstraintViolation);
}

TEST_P(StoreTest, MessageContentRoundTripsExactly) {
  auto room = study_room_1();
  auto user = new_user();
  const std::string content =
      "It's \"quoted\" -- ; DROP TABLE messages; \\ % _ \u00e9\u4e2d\U0001F600";
  store->add_message(room.id, user.id, content, "TEXT", kT0);
  EXPECT_EQ(store->messages(room.id, std::nullopt, 1).at(0).content, content);
  // Both engines refuse text PostgreSQL cannot hold, rather than store it differently.
  EXPECT_THROW(store->add_message(room.id, user.id, std::string("nul\0inside", 10), "TEXT", kT0),
               store::ConstraintViolation);
  EXPECT_THROW(store->add_message(room.id, user.id, "bad \xc3\x28 utf-8", "TEXT", kT0),
               store::ConstraintViolation);
  EXPECT_EQ(store->messages(room.id, std::nullopt, 10).size(), 1u);
}

// Newest first; `before` walks back strictly older, ties on the same millisecond broken by id,
// so paging visits every message exactly once.
TEST_P(StoreTest, MessagesPageNewestFirstWithBefore) {
  auto room = study_room_1();
  auto other_room = store->list_rooms().at(1);
  auto user = new_user();
  std::vector<Message> all;
  for (int i = 0; i < 11; ++i)  // timestamps 0,0,0,1,1,1,... : several per millisecond
    all.push_back(
        store->add_message(room.id, user.id, "m" + std::to_string(i), "TEXT", kT0 + i / 3));
  store->add_message(other_room.id, user.id, "elsewhere", "TEXT", kT0 + 100);
  // Newest first is the reverse of the order they were stored, even within a millisecond.
  std::reverse(all.begin(), all.end());
  std::vector<std::string> seen;
  std::optional<std::string> before;
  for (;;) {
    auto page = store->messages(room.id, before, 4);
    ASSERT_LE(page.size(), 4u);
    if (page.empty()) break;
    for (const auto& m : page) seen.push_back(m.id);
    before = page.back().id;
  }
  ASSERT_EQ(seen.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(seen[i], all[i].id) << "position " << i;
  EXPECT_TRUE(store->messages(other_room.id, all[0].id, 10).empty())
      << "`before` from another room matches nothing";
  EXPECT_TRUE(store->messages(room.id, std::string("no-such-message"), 10).empty());
}

TEST_P(StoreTest, MessagesLimitIsClampedToOneThroughHundred) {
  auto room = study_room_1();
  auto user = new_user();
  for (int i = 0; i < 102; ++i) store->add_message(room.id, user.id, "m", "TEXT", kT0 + i);
  EXPECT_EQ(store->messages(room.id, std::nullopt, 0).size(), 1u);
  EXPECT_EQ(store->messages(room.id, std::nullopt, -5).size(), 1u);
  EXPECT_EQ(store->messages(room.id, std::nullopt, 1000).size(), 100u);
  EXPECT_EQ(store->messages(room.id, std::nullopt, 100).front().timestamp, kT0 + 101);
}

// Property 20: timer events are logged with duration 0 and their own kind.
TEST_P(StoreTest, AddSessionLogKeepsKindAndTime) {
  auto room = study_room_1();
  auto user = new_user();
  auto log = store->add_session_log(
      {.room_id = room.id, .user_id = user.id, .created_at = kT0, .kind = "timer-start"});
  EXPECT_FALSE(log.id.empty());
  auto logs = store->session_logs({.room_id = room.id});
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].kind, "timer-start");
  EXPECT_EQ(logs[0].duration, 0);
  EXPECT_EQ(logs[0].created_at, kT0);
  EXPECT_FALSE(logs[0].study_session_id);
  EXPECT_THROW(store->add_session_log({.room_id = room.id, .user_id = user.id, .duration = -1}),
               store::ConstraintViolation);
}

// Property 34: every combination of user, room and [from, to] (both inclusive) returns exactly
// the matching logs, newest first.
TEST_P(StoreTest, SessionLogsMatchTheirFilterExactly) {
  auto rooms = store->list_rooms();
  auto u1 = new_user(), u2 = new_user();
  std::vector<SessionLog> logs;
  int n = 0;
  for (const auto& user : {u1, u2})
    for (const auto& room : {rooms[0], rooms[1]})
      for (store::Millis t : {kT0, kT0 + 1000, kT0 + 2000})
        logs.push_back(store->add_session_log(
            {.room_id = room.id, .user_id = user.id, .duration = ++n, .created_at = t + n}));
  using Opt = std::optional<std::string>;
  using OptT = std::optional<store::Millis>;
  for (Opt user : {Opt{}, Opt{u1.id}, Opt{u2.id}})
    for (Opt room : {Opt{}, Opt{rooms[0].id}, Opt{rooms[1].id}})
      for (OptT from : {OptT{}, OptT{kT0 + 1000}, OptT{logs[4].created_at}})
        for (OptT to : {OptT{}, OptT{kT0 + 2000}, OptT{logs[7].created_at}}) {
          SessionLogFilter f{.user_id = user, .room_id = room, .from = from, .to = to};
          std::vector<std::string> want;
          auto sorted = logs;
          std::sort(sorted.begin(), sorted.end(), [](const SessionLog& a, const SessionLog& b) {
            return a.created_at > b.created_at;
          });
          for (const auto& l : sorted)
            if ((!user || l.user_id == *user) && (!room || l.room_id == *room) &&
                (!from || l.created_at >= *from) && (!to || l.created_at <= *to))
              want.push_back(l.id);
          std::vector<std::string> got;
          for (const auto& l : store->session_logs(f)) got.push_back(l.id);
          EXPECT_EQ(got, want) << "user " << user.value_or("*") << " room " << room.value_or("*")
                               << " from " << from.value_or(-1) << " to " << to.value_or(-1);
        }
  EXPECT_EQ(store->session_logs({.limit = 5}).size(), 5u);
}

}  // namespace
}  // namespace store_test
