// The shared whiteboard (seed 003 section 7): strict validation of whiteboard-draw ops, the
// sequence numbers, snapshots every N ops and on clear, and the property a joiner relies on:
// the latest snapshot plus the ops after it replays to exactly the live board.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "rooms/whiteboard.h"

namespace {

namespace json = boost::json;
using rooms::parse_draw_ops;
using rooms::Whiteboard;
using rooms::WhiteboardLimits;

json::value stroke(json::array points = {json::array{1, 2}, json::array{3.5, 4}},
                   std::string color = "#1a2B3c", double width = 2) {
  return json::object{{"type", "stroke"}, {"points", points}, {"color", color}, {"width", width}};
}

json::value draw(json::array ops) {
  return json::object{{"ops", std::move(ops)}};
}

std::string error_of(const json::value& payload) {
  return parse_draw_ops(payload).error;
}

TEST(WhiteboardOps, AcceptsStrokesAndKeepsOnlyTheirFields) {
  auto op = stroke();
  op.as_object()["extra"] = "dropped";
  auto parsed = parse_draw_ops(draw({op, stroke({json::array{0, 10000}}, "#000000", 0.5)}));
  ASSERT_EQ(parsed.error, "");
  ASSERT_EQ(parsed.ops.size(), 2u);
  EXPECT_EQ(parsed.ops[0], stroke());
  EXPECT_FALSE(parsed.ops[0].as_object().contains("extra"));
}

TEST(WhiteboardOps, RefusesEverythingElse) {
  std::vector<json::value> bad = {
      json::value(nullptr),
      json::object{},
      json::object{{"ops", "x"}},
      draw({}),
      draw({1}),
      draw({json::object{{"type", "erase"}, {"points", json::array{json::array{1, 1}}}}}),
      draw({stroke(json::array{})}),
      draw({stroke({json::array{1}})}),
      draw({stroke({json::array{1, 2, 3}})}),
      draw({stroke({json::array{-1, 2}})}),
      draw({stroke({json::array{10000.5, 2}})}),
      draw({stroke({json::array{"1", 2}})}),
      draw({stroke({json::array{1e308 * 10, 2}})}),
      draw({stroke({json::array{1, 2}}, "#12345")}),
      draw({stroke({json::array{1, 2}}, "#12345g")}),
      draw({stroke({json::array{1, 2}}, "red")}),
      draw({stroke({json::array{1, 2}}, "#000000", 0.4)}),
      draw({stroke({json::array{1, 2}}, "#000000", 100.5)}),
  };
  for (const auto& payload : bad) EXPECT_NE(error_of(payload), "") << json::serialize(payload);
  auto no_width = stroke();
  no_width.as_object().erase("width");
  EXPECT_NE(error_of(draw({no_width})), "");
}

TEST(WhiteboardOps, EnforcesTheCounts) {
  json::array points;
  for (int i = 0; i < 1000; ++i) points.push_back(json::array{i, i});
  EXPECT_EQ(error_of(draw({stroke(points)})), "");
  points.push_back(json::array{1, 1});
  EXPECT_NE(error_of(draw({stroke(points)})), "");

  json::array ops(WhiteboardLimits::max_ops_per_event, stroke());
  EXPECT_EQ(error_of(draw(ops)), "");
  ops.push_back(stroke());
  EXPECT_NE(error_of(draw(ops)), "");
}

TEST(WhiteboardOps, RefusesMoreThan64KiB) {
  // 60 ops of 100 points each are valid one by one but far beyond 64 KiB together.
  json::array points;
  for (int i = 0; i < 100; ++i) points.push_back(json::array{1234.5678, 8765.4321});
  json::array ops(60, stroke(points));
  ASSERT_GT(json::serialize(draw(ops)).size(), WhiteboardLimits::max_event_bytes);
  EXPECT_NE(error_of(draw(ops)).find("64 KiB"), std::string::npos);
}

TEST(Whiteboard, NumbersOpsAndClears) {
  Whiteboard board;
  EXPECT_EQ(board.seq(), 0);
  EXPECT_EQ(board.apply({stroke(), stroke()}), 2);
  EXPECT_EQ(board.apply({stroke()}), 3);
  EXPECT_EQ(board.ops().size(), 3u);
  EXPECT_EQ(board.clear(), 4);
  EXPECT_TRUE(board.ops().empty());
  EXPECT_EQ(board.snapshot_seq(), 4);
  EXPECT_EQ(board.snapshot_data(), "[]");
  EXPECT_EQ(board.apply({stroke()}), 5);
}

TEST(Whiteboard, SnapshotsEveryNOps) {
  Whiteboard board(3);
  board.apply({stroke(), stroke()});
  EXPECT_EQ(board.snapshot_seq(), 0);
  EXPECT_EQ(board.ops_since_snapshot().size(), 2u);
  board.apply({stroke(), stroke()});
  EXPECT_EQ(board.snapshot_seq(), 4);
  EXPECT_EQ(board.snapshot_ops().size(), 4u);
  EXPECT_TRUE(board.ops_since_snapshot().empty());
  board.apply({stroke()});
  auto state = board.state();
  EXPECT_EQ(state.at("snapshot_seq"), 4);
  EXPECT_EQ(state.at("seq"), 5);
  EXPECT_EQ(state.at("snapshot").as_array().size(), 4u);
  EXPECT_EQ(state.at("ops").as_array().size(), 1u);
}

TEST(Whiteboard, RestoresFromStoredSnapshot) {
  Whiteboard live(2);
  live.apply({stroke(), stroke({json::array{9, 9}}, "#ffffff", 7)});
  auto data = live.snapshot_data();
  auto ops = rooms::parse_snapshot(data);
  ASSERT_TRUE(ops);
  auto restored = Whiteboard::replay(live.snapshot_seq(), *ops, {});
  EXPECT_EQ(restored.ops(), live.ops());
  EXPECT_EQ(restored.seq(), live.seq());
  EXPECT_EQ(restored.bytes(), live.bytes());
  EXPECT_FALSE(rooms::parse_snapshot("{\"not\": \"an array\"}"));
  EXPECT_FALSE(rooms::parse_snapshot("[1,"));
}

TEST(Whiteboard, IsFullAtItsSizeLimit) {
  json::array points;
  for (int i = 0; i < 1000; ++i) points.push_back(json::array{1234.5, 8765.25});
  Whiteboard board;
  while (!board.full()) board.apply({stroke(points)});
  EXPECT_GE(board.bytes(), WhiteboardLimits::max_board_bytes);
  EXPECT_LT(board.bytes(), WhiteboardLimits::max_board_bytes + 64 * 1024);
  board.clear();
  EXPECT_FALSE(board.full());
}

// A random valid op: a short stroke with random points, color and width.
rc::Gen<json::value> gen_op() {
  return rc::gen::exec([] {
    const auto count = *rc::gen::inRange(1, 6);
    json::array points;
    for (int i = 0; i < count; ++i)
      points.push_back(json::array{*rc::gen::inRange(0, 10001), *rc::gen::inRange(0, 10001) / 8.0});
    std::string color = "#";
    for (int i = 0; i < 6; ++i) color += "0123456789abcdefABCDEF"[*rc::gen::inRange(0, 22)];
    return stroke(points, color, *rc::gen::inRange(1, 200) / 2.0);
  });
}

TEST(WhiteboardProperty, SnapshotPlusLaterOpsReplaysToTheLiveBoard) {
  const bool passed = rc::check([] {
    Whiteboard live(*rc::gen::inRange<size_t>(1, 30));
    const auto steps = *rc::gen::inRange(0, 60);
    for (int step = 0; step < steps; ++step) {
      const auto action = *rc::gen::inRange(0, 20);
      if (action == 0) {
        live.clear();
      } else if (action == 1) {
        live.snapshot_now();
      } else {
        auto ops = *rc::gen::container<std::vector<json::value>>(*rc::gen::inRange(1, 8), gen_op());
        json::array batch(ops.begin(), ops.end());
        RC_ASSERT(parse_draw_ops(draw(batch)).error.empty());
        const auto before = live.seq();
        RC_ASSERT(live.apply(batch) == before + int64_t(batch.size()));
      }
      // What a joiner gets, through JSON text as a socket (and the store) carry it.
      auto state = json::parse(json::serialize(live.state())).as_object();
      auto replayed =
          Whiteboard::replay(state.at("snapshot_seq").as_int64(), state.at("snapshot").as_array(),
                             state.at("ops").as_array());
      RC_ASSERT(json::serialize(replayed.ops()) == json::serialize(live.ops()));
      RC_ASSERT(replayed.seq() == live.seq());
      RC_ASSERT(state.at("seq").as_int64() == live.seq());
      // And what a restarted server loads: the stored snapshot alone.
      auto stored = rooms::parse_snapshot(live.snapshot_data());
      RC_ASSERT(stored.has_value());
      auto restored = Whiteboard::replay(live.snapshot_seq(), *stored, {});
      RC_ASSERT(restored.ops() == live.snapshot_ops());
      RC_ASSERT(restored.seq() == live.snapshot_seq());
    }
  });
  EXPECT_TRUE(passed);
}

}  // namespace
