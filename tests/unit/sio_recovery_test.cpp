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

TEST(RecoveryLog, BroadcastsToTheSameTargetShareOne) {
  RecoveryLog log(2min);
  for (int i = 0; i < 3; ++i) log.record(event("m"), to_rooms({"room:a"}));
  log.record(event("m"), to_rooms({"room:a", "room:b"}, {"sid-x"}));
  log.record(event("m"), to_rooms({"room:b", "room:a"}, {"sid-x"}));
  EXPECT_EQ(log.packet_count(), 5u);
  EXPECT_EQ(log.target_count(), 2u);
}

TEST(RecoveryLog, DifferentTargetsAreKeptApart) {
  RecoveryLog log(2min);
  log.record(event("m"), to_rooms({"a"}));
  log.record(event("m"), to_rooms({"b"}));
  log.record(event("m"), to_rooms({"a", "b"}));
  log.record(event("m"), to_rooms({"a"}, {"x"}));
  log.record(event("m"), to_rooms({}, {"a"}));  // the rooms of {a} as except
  log.record(event("m"), to_rooms({}));
  EXPECT_EQ(log.target_count(), 6u);
}

TEST(RecoveryLog, ExceptIsHonouredForASharedTarget) {
  RecoveryLog log(2min);
  log.record(event("seen"), to_rooms({"r"}));                      // offset 1
  log.record(event("from-me"), to_rooms({"r"}, {"sid-p"}));        // 2
  log.record(event("from-other"), to_rooms({"r"}, {"sid-q"}));     // 3
  log.record(event("from-me-again"), to_rooms({"r"}, {"sid-p"}));  // 4, shares 2's target
  log.persist(session("p", {"sid-p", "r"}));
  EXPECT_EQ(log.target_count(), 3u);

  auto restored = log.restore("p", "1");
  ASSERT_TRUE(restored);
  EXPECT_EQ(texts(restored->missed), (std::vector<std::string>{R"(2["from-other",1,"3"])"}));
}

TEST(RecoveryLog, PurgeReleasesTargetsNoPacketUsesAnyMore) {
  RecoveryLog log(10s);
  const auto start = RecoveryLog::Clock::now();
  log.record(event("a"), to_rooms({"a"}), start);             // offset 1
  log.record(event("b"), to_rooms({"b"}), start);             // 2
  log.record(event("a-later"), to_rooms({"a"}), start + 5s);  // 3
  log.record(event("a-last"), to_rooms({"a"}), start + 6s);   // 4
  ASSERT_EQ(log.target_count(), 2u);

  log.purge(start + 11s);  // the packets of `start` go; {a} is still used by the later ones
  EXPECT_EQ(log.packet_count(), 2u);
  EXPECT_EQ(log.target_count(), 1u);
  log.persist(session("p", {"a"}), start + 11s);
  auto restored = log.restore("p", "3", start + 11s);
  ASSERT_TRUE(restored);
  EXPECT_EQ(texts(restored->missed), (std::vector<std::string>{R"(2["a-last",1,"4"])"}));

  log.purge(start + 17s);
  EXPECT_EQ(log.target_count(), 0u);
  EXPECT_TRUE(log.empty());
  // A target made again after its release is counted afresh.
  log.record(event("b-again"), to_rooms({"b"}), start + 17s);
  EXPECT_EQ(log.target_count(), 1u);
}

TEST(RecoveryLog, OffsetsStayConsecutiveAcrossPurges) {
  RecoveryLog log(10s);
  const auto start = RecoveryLog::Clock::now();
  log.record(event("a"), to_rooms({}), start);
  log.record(event("b"), to_rooms({}), start + 5s);
  log.purge(start + 11s);
  auto next = log.record(event("c"), to_rooms({}), start + 11s);
  EXPECT_EQ(*next.text, R"(2["c",1,"3"])");
  log.persist(session("p", {"sid-p"}), start + 11s);
  auto restored = log.restore("p", "2", start + 11s);
  ASSERT_TRUE(restored);
  EXPECT_EQ(texts(restored->missed), (std::vector<std::string>{R"(2["c",1,"3"])"}));
  log.persist(session("p", {"sid-p"}), start + 11s);
  EXPECT_FALSE(log.restore("p", "1", start + 11s));  // purged
  log.persist(session("p", {"sid-p"}), start + 11s);
  EXPECT_FALSE(log.restore("p", "4", start + 11s));  // not yet given
}

TEST(RecoveryLog, OnlyNetworkFailuresLeaveASessionBehind) {
  for (const char* reason : {"transport close", "transport error", "ping timeout", "forced close"})
    EXPECT_TRUE(sio::is_recoverable_reason(reason)) << reason;
  for (const char* reason :
       {"client namespace disconnect", "server namespace disconnect", "parse error"})
    EXPECT_FALSE(sio::is_recoverable_reason(reason)) << reason;
}

}  // namespace
