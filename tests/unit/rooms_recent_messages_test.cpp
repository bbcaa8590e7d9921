// The memory of client_message_ids that makes a retried send-message idempotent.
#include <gtest/gtest.h>

#include "rooms/recent_messages.h"

namespace {

store::Message message(std::string id, std::string room, std::string user) {
  store::Message m;
  m.id = std::move(id);
  m.room_id = std::move(room);
  m.user_id = std::move(user);
  m.content = "hello";
  return m;
}

TEST(RecentMessages, FindsAMessageByRoomUserAndClientId) {
  rooms::RecentMessages recent;
  recent.remember("c1", message("m1", "r", "u"));
  EXPECT_EQ(recent.find("r", "u", "c1")->id, "m1");
  EXPECT_FALSE(recent.find("r", "other-user", "c1"));
  EXPECT_FALSE(recent.find("other-room", "u", "c1"));
  EXPECT_FALSE(recent.find("r", "u", "c2"));
}

TEST(RecentMessages, TheFirstMessageForAnIdStays) {
  rooms::RecentMessages recent;
  recent.remember("c1", message("m1", "r", "u"));
  recent.remember("c1", message("m2", "r", "u"));
  EXPECT_EQ(recent.find("r", "u", "c1")->id, "m1");
}

TEST(RecentMessages, KeepsOnlyTheNewestIdsOfARoom) {
  rooms::RecentMessages recent(2);
  recent.remember("a", message("m1", "r", "u"));
  recent.remember("b", message("m2", "r", "u"));
  recent.remember("c", message("m3", "r", "u"));
  recent.remember("x", message("m4", "other", "u"));
  EXPECT_FALSE(recent.find("r", "u", "a"));
  EXPECT_TRUE(recent.find("r", "u", "b"));
  EXPECT_TRUE(recent.find("r", "u", "c"));
  EXPECT_TRUE(recent.find("other", "u", "x"));
  recent.forget_room("r");
  EXPECT_FALSE(recent.find("r", "u", "c"));
}

}  // namespace
