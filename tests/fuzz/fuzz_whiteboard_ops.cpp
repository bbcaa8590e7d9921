// The whiteboard-draw payload as a client sends it: validation must never crash, whatever the
// JSON; what it accepts must obey every limit, validate again unchanged in its stored form, and
// replay from a snapshot to the same board. The input is also read as stored snapshot text,
// which a restarted server loads.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "rooms/whiteboard.h"

namespace {

namespace json = boost::json;
using Limits = rooms::WhiteboardLimits;

void check_stored_op(const json::value& op) {
  const auto& fields = op.as_object();
  FUZZ_CHECK(fields.size() == 4 && fields.at("type") == "stroke");
  const auto& points = fields.at("points").as_array();
  FUZZ_CHECK(!points.empty() && points.size() <= Limits::max_points_per_op);
  for (const auto& point : points) {
    FUZZ_CHECK(point.as_array().size() == 2);
    for (const auto& c : point.as_array()) {
      const double d = c.to_number<double>();
      FUZZ_CHECK(std::isfinite(d) && d >= 0 && d <= Limits::max_coordinate);
    }
  }
  FUZZ_CHECK(fields.at("color").as_string().size() == 7);
  const double width = fields.at("width").to_number<double>();
  FUZZ_CHECK(width >= Limits::min_width && width <= Limits::max_width);
}

void check_draw(const json::value& payload) {
  auto parsed = rooms::parse_draw_ops(payload);
  if (!parsed.error.empty()) {
    FUZZ_CHECK(parsed.ops.empty());
    return;
  }
  FUZZ_CHECK(!parsed.ops.empty() && parsed.ops.size() <= Limits::max_ops_per_event);
  FUZZ_CHECK(json::serialize(payload).size() <= Limits::max_event_bytes);
  for (const auto& op : parsed.ops) check_stored_op(op);
  auto again = rooms::parse_draw_ops(json::object{{"ops", parsed.ops}});
  FUZZ_CHECK(again.error.empty() && again.ops == parsed.ops);

  rooms::Whiteboard live(3);
  live.apply(parsed.ops);
  live.apply(parsed.ops);
  auto state = json::parse(json::serialize(live.state())).as_object();
  auto replayed =
      rooms::Whiteboard::replay(state.at("snapshot_seq").as_int64(),
                                state.at("snapshot").as_array(), state.at("ops").as_array());
  FUZZ_CHECK(replayed.seq() == live.seq());
  FUZZ_CHECK(json::serialize(replayed.ops()) == json::serialize(live.ops()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  boost::system::error_code ec;
  auto payload = json::parse(text, ec);
  if (!ec) check_draw(payload);
  if (auto snapshot = rooms::parse_snapshot(text)) {
    auto board = rooms::Whiteboard::replay(7, *snapshot, {});
    FUZZ_CHECK(board.seq() == 7 && board.ops().size() == snapshot->size());
  }
  return 0;
}
