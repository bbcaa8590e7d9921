// The shared whiteboard of a room as plain data, with no I/O: the strokes drawn since the last
// clear, numbered by a sequence, and the latest snapshot a joiner or a restarted server starts
// from (seed 003 section 7: "latest snapshot + replay ops since snapshot").
//
// Every op and every clear takes the next sequence number, so `seq` names a point in the
// board's history. A snapshot is the board at some seq; it is always a prefix of the live board
// (a clear snapshots the empty board), so the live board is snapshot ops followed by the ops
// drawn after it, and replay(snapshot_seq, snapshot, ops) rebuilds it exactly. A snapshot is
// taken on clear, every `snapshot_every` ops, and whenever the owner asks (snapshot_now).
//
// Ops arrive through parse_draw_ops, which validates a whiteboard-draw payload strictly and
// keeps only the fields of the stored form, so the board holds nothing a client invented.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rooms {

struct WhiteboardLimits {
  static constexpr size_t max_event_bytes = 64 * 1024;  // the payload, serialised
  static constexpr size_t max_ops_per_event = 100;
  static constexpr size_t max_points_per_op = 1000;
  // Coordinates are board units on a fixed 10000 x 10000 canvas that clients scale to their
  // view, so everyone sees the same drawing whatever their screen.
  static constexpr double max_coordinate = 10000;
  static constexpr double min_width = 0.5;
  static constexpr double max_width = 100;
  // A board this large refuses further drawing until it is cleared: a room cannot grow the
  // memory, the snapshots and every joiner's state without bound.
  static constexpr size_t max_board_bytes = 2 * 1024 * 1024;
  static constexpr size_t snapshot_every = 200;
};

// The ops of a whiteboard-draw payload in their stored form, or why they are refused.
struct DrawOps {
  boost::json::array ops;  // each {type: "stroke", points, color, width}
  std::string error;       // empty when the payload is valid
};

// Validates `{ops: [op, ...]}`: 1..100 ops, each {type: "stroke", points: [[x, y], ...] with
// 1..1000 points of finite numbers in 0..10000, color "#rrggbb", width 0.5..100}, and at most
// 64 KiB serialised. Unknown fields of an op are dropped.
DrawOps parse_draw_ops(const boost::json::value& payload);

// The ops of a stored snapshot (a JSON array), or nullopt when `data` is not one.
std::optional<boost::json::array> parse_snapshot(std::string_view data);

class Whiteboard {
 public:
  explicit Whiteboard(size_t snapshot_every = WhiteboardLimits::snapshot_every);

  // The board that was `snapshot` at `snapshot_seq`, with `ops` drawn after it.
  static Whiteboard replay(int64_t snapshot_seq, const boost::json::array& snapshot,
                           const boost::json::array& ops,
                           size_t snapshot_every = WhiteboardLimits::snapshot_every);

  // Appends validated ops; returns the seq of the last one.
  int64_t apply(const boost::json::array& ops);
  // Empties the board and snapshots it; returns the clear's seq.
  int64_t clear();
  // Makes the current board the latest snapshot (a no-op when nothing was drawn since).
  void snapshot_now();

  int64_t seq() const { return seq_; }
  int64_t snapshot_seq() const { return snapshot_seq_; }
  // Everything on the board, oldest first.
  const boost::json::array& ops() const { return board_; }
  boost::json::array snapshot_ops() const;
  boost::json::array ops_since_snapshot() const;
  // The latest snapshot as stored: the JSON text of snapshot_ops().
  std::string snapshot_data() const;
  // Serialised size of the board's ops.
  size_t bytes() const { return bytes_; }
  bool full() const { return bytes_ >= WhiteboardLimits::max_board_bytes; }
  // {snapshot, snapshot_seq, ops, seq}: what a joiner replays.
  boost::json::object state() const;

 private:
  void push(const boost::json::value& op);

  size_t snapshot_every_;
  boost::json::array board_;
  size_t snapshot_size_ = 0;  // how many of board_'s ops the snapshot holds
  int64_t seq_ = 0;
  int64_t snapshot_seq_ = 0;
  size_t bytes_ = 0;
};

}  // namespace rooms
