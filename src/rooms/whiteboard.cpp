// Whiteboard ops validation and the board itself (whiteboard.h). Validation walks the payload
// once and stops at the first problem, naming the op and what is wrong with it, so a client
// can fix its encoder; the board keeps its ops in one array and the snapshot as a prefix
// length of it, so snapshots cost nothing until they are serialised.
#include "rooms/whiteboard.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cmath>

namespace rooms {

namespace json = boost::json;

namespace {

using Limits = WhiteboardLimits;

bool in_range(const json::value& v, double min, double max) {
  if (!v.is_number()) return false;
  const double d = v.to_number<double>();
  return std::isfinite(d) && d >= min && d <= max;
}

bool is_color(const json::value& v) {
  if (!v.is_string() || v.get_string().size() != 7 || v.get_string()[0] != '#') return false;
  for (char c : v.get_string().subview(1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The reason `points` is not a list of 1..1000 [x, y] pairs on the canvas, or "".
std::string points_problem(const json::value* points) {
  if (!points || !points->is_array()) return "points must be an array of [x, y]";
  const auto& list = points->get_array();
  if (list.empty() || list.size() > Limits::max_points_per_op)
    return "points must hold 1 to " + std::to_string(Limits::max_points_per_op) + " points";
  for (const auto& point : list) {
    const auto* pair = point.if_array();
    if (!pair || pair->size() != 2) return "each point must be [x, y]";
    for (const auto& coordinate : *pair)
      if (!in_range(coordinate, 0, Limits::max_coordinate))
        return "coordinates must be numbers from 0 to 10000";
  }
  return "";
}

// Validates one op; on success `out` is its stored form.
std::string op_problem(const json::value& op, json::object& out) {
  const auto* fields = op.if_object();
  if (!fields) return "must be an object";
  const auto* type = fields->if_contains("type");
  if (!type || !type->is_string() || type->get_string() != "stroke")
    return "type must be \"stroke\"";
  const auto* points = fields->if_contains("points");
  if (auto problem = points_problem(points); !problem.empty()) return problem;
  const auto* color = fields->if_contains("color");
  if (!color || !is_color(*color)) return "color must be #rrggbb";
  const auto* width = fields->if_contains("width");
  if (!width || !in_range(*width, Limits::min_width, Limits::max_width))
    return "width must be a number from 0.5 to 100";
  out = {{"type", "stroke"}, {"points", *points}, {"color", *color}, {"width", *width}};
  return "";
}

}  // namespace

DrawOps parse_draw_ops(const json::value& payload) {
  DrawOps result;
  const auto* body = payload.if_object();
  const auto* ops = body ? body->if_contains("ops") : nullptr;
  if (!ops || !ops->is_array()) {
    result.error = "ops must be an array of ops";
    return result;
  }
  if (ops->get_array().empty() || ops->get_array().size() > Limits::max_ops_per_event) {
    result.error = "ops must hold 1 to " + std::to_string(Limits::max_ops_per_event) + " ops";
    return result;
  }
  if (json::serialize(payload).size() > Limits::max_event_bytes) {
    result.error = "a whiteboard-draw event may be at most 64 KiB";
    return result;
  }
  const auto& list = ops->get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    json::object op;
    if (auto problem = op_problem(list[i], op); !problem.empty()) {
      result.error = "op " + std::to_string(i) + ": " + problem;
      result.ops.clear();
      return result;
    }
    result.ops.push_back(std::move(op));
  }
  return result;
}

std::optional<json::array> parse_snapshot(std::string_view data) {
  boost::system::error_code ec;
  auto value = json::parse(data, ec);
  if (ec || !value.is_array()) return std::nullopt;
  return std::move(value.get_array());
}

Whiteboard::Whiteboard(size_t snapshot_every)
    : snapshot_every_(snapshot_every ? snapshot_every : 1) {}

Whiteboard Whiteboard::replay(int64_t snapshot_seq, const json::array& snapshot,
                              const json::array& ops, size_t snapshot_every) {
  Whiteboard board(snapshot_every);
  for (const auto& op : snapshot) board.push(op);
  board.snapshot_size_ = board.board_.size();
  board.snapshot_seq_ = snapshot_seq;
  for (const auto& op : ops) board.push(op);
  board.seq_ = snapshot_seq + int64_t(ops.size());
  return board;
}

void Whiteboard::push(const json::value& op) {
  bytes_ += json::serialize(op).size() + 1;  // and its comma
  board_.push_back(op);
}

int64_t Whiteboard::apply(const json::array& ops) {
  for (const auto& op : ops) push(op);
  seq_ += int64_t(ops.size());
  if (board_.size() - snapshot_size_ >= snapshot_every_) snapshot_now();
  return seq_;
}

int64_t Whiteboard::clear() {
  board_.clear();
  bytes_ = 0;
  ++seq_;
  snapshot_size_ = 0;
  snapshot_seq_ = seq_;
  return seq_;
}

void Whiteboard::snapshot_now() {
  snapshot_size_ = board_.size();
  snapshot_seq_ = seq_;
}

json::array Whiteboard::snapshot_ops() const {
  return json::array(board_.begin(), board_.begin() + std::ptrdiff_t(snapshot_size_));
}

json::array Whiteboard::ops_since_snapshot() const {
  return json::array(board_.begin() + std::ptrdiff_t(snapshot_size_), board_.end());
}

std::string Whiteboard::snapshot_data() const {
  return json::serialize(snapshot_ops());
}

json::object Whiteboard::state() const {
  return {{"snapshot", snapshot_ops()},
          {"snapshot_seq", snapshot_seq_},
          {"ops", ops_since_snapshot()},
          {"seq", seq_}};
}

}  // namespace rooms
