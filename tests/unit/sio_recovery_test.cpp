// The recovery log: offsets on broadcast events, sessions kept for a window, and the replay of
// exactly the events a returning socket's rooms would have received.
#include <gtest/gtest.h>

#include "sio/adapter.h"
#include "sio/broadcast.h"
#include "sio/recovery.h"

namespace {

using namespace std::chrono_literals;
using sio::BroadcastOptions;
using sio::RecoveryLog;

BroadcastOptions to_rooms(sio::Rooms rooms, sio::Rooms except = {}) {
  BroadcastOptions options;
  options.rooms = std::move(rooms);
  options.except = std::move(except);
  return options;
}

sio::protocol::Packet event(std::string_view name) {
  return sio::make_event("/", name, boost::json::array{1}, {});
}

std::vector<std::string> texts(const std::vector<sio::EncodedPacket>& packets) {
  std::vector<std::string> out;
  for (const auto& packet : packets) out.push_back(*packet.text);
  return out;
}

sio::PersistedSession session(std::string pid, sio::Rooms rooms) {
  return {"sid-" + pid, std::move(pid), std::move(rooms), {}};
}

TEST(RecoveryLog, AppendsAnIncreasingOffsetAsTheLastArgument) {
  RecoveryLog log(2min);
  auto first = log.record(event("a"), to_rooms({"r"}));
  auto second = log.record(event("b"), to_rooms({}));
  EXPECT_EQ(*first.text, R"(2["a",1,"1"])");
  EXPECT_EQ(*second.text, R"(2["b",1,"2"])");
  EXPECT_EQ(log.packet_count(), 2u);
}

TEST(RecoveryLog, AckedEventsAndOtherPacketsAreNotLogged) {
  auto acked = event("a");
  acked.id = 7;
  EXPECT_FALSE(RecoveryLog::is_loggable(acked));
  sio::protocol::Packet connect;
  connect.type = sio::protocol::PacketType::kConnect;
  EXPECT_FALSE(RecoveryLog::is_loggable(connect));
  EXPECT_TRUE(RecoveryLog::is_loggable(event("b")));
}

TEST(RecoveryLog, ReplaysWhatTheSessionsRoomsMissedAfterTheOffset) {
  RecoveryLog log(2min);
  log.record(event("seen"), to_rooms({"r"}));               // offset 1
  log.record(event("to-r"), to_rooms({"r"}));               // 2
  log.record(event("to-other"), to_rooms({"other"}));       // 3
  log.record(event("to-all"), to_rooms({}));                // 4
  log.record(event("except-me"), to_rooms({}, {"sid-p"}));  // 5
  log.record(event("to-me"), to_rooms({"sid-p"}));          // 6
  log.persist(session("p", {"sid-p", "r"}));

  auto restored = log.restore("p", "1");
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->session.sid, "sid-p");
  EXPECT_EQ(texts(restored->missed),
            (std::vector<std::string>{R"(2["to-r",1,"2"])", R"(2["to-all",1,"4"])",
                                      R"(2["to-me",1,"6"])"}));
}

TEST(RecoveryLog, ASessionIsRestoredOnce) {
  RecoveryLog log(2min);
  log.record(event("a"), to_rooms({}));
  log.persist(session("p", {"sid-p"}));
  EXPECT_TRUE(log.restore("p", "1"));
  EXPECT_FALSE(log.restore("p", "1"));
  EXPECT_EQ(log.session_count(), 0u);
}

TEST(RecoveryLog, UnknownPidsAndOffsetsRestoreNothing) {
  RecoveryLog log(2min);
  log.record(event("a"), to_rooms({}));
  for (const char* offset : {"", "x", "1x", "-1", "0", "2", "99999999999999999999999"}) {
    log.persist(session("p", {"sid-p"}));
    EXPECT_FALSE(log.restore("p", offset)) << offset;
  }
  EXPECT_FALSE(log.restore("nobody", "1"));
}

TEST(RecoveryLog, SessionsAndPacketsExpireAfterTheWindow) {
  RecoveryLog log(10s);
  const auto start = RecoveryLog::Clock::now();
  log.record(event("old"), to_rooms({}), start);
  log.persist(session("late", {"sid-late"}), start);
  log.record(event("new"), to_rooms({}), start + 9s);
  log.persist(session("p", {"sid-p"}), start + 9s);

  EXPECT_FALSE(log.restore("late", "1", start + 11s));
  // The packet after the offset is still there, the one at the offset is gone.
  EXPECT_FALSE(log.restore("p", "1", start + 11s));
  EXPECT_EQ(log.packet_count(), 1u);
}

TEST(RecoveryLog, OnlyNetworkFailuresLeaveASessionBehind) {
  for (const char* reason : {"transport close", "transport error", "ping timeout", "forced close"})
    EXPECT_TRUE(sio::is_recoverable_reason(reason)) << reason;
  for (const char* reason :
       {"client namespace disconnect", "server namespace disconnect", "parse error"})
    EXPECT_FALSE(sio::is_recoverable_reason(reason)) << reason;
}

}  // namespace
