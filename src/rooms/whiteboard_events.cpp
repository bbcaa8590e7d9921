// The shared whiteboard of a room as the RoomService and the /room/:roomId namespace carry it
// out: whiteboard-draw {ops} and whiteboard-clear, their broadcasts, the board in the room
// state, and its persistence.
//
// A room's board (rooms::Whiteboard) lives on the I/O thread, like the timer. Each draw or
// clear runs in the room's lane to check the sender is still a participant and bump the room's
// version (the board is room state, so versions stay monotonic); its completion, which comes
// back in lane order, applies the ops and broadcasts them, so every socket sees the same order
// and seq. The board is loaded from the store's latest snapshot by a lane job queued before the
// first work that needs it. Snapshots are stored, in the lane so they are written in order,
// when the board takes one (every 200 ops and on clear) and kSaveDelay after a draw, so that a
// restart loses at most the last couple of seconds of drawing.
#include <boost/json/serialize.hpp>

#include "rooms/clock.h"
#include "rooms/fields.h"
#include "rooms/participation.h"
#include "rooms/room_namespace.h"
#include "rooms/room_service.h"

namespace rooms {

namespace json = boost::json;

namespace {

constexpr std::chrono::milliseconds kSaveDelay{2000};

Failure whiteboard_full() {
  return {http::Status::conflict, "WHITEBOARD_FULL",
          "The whiteboard is full; clear it to draw more",
          json::object{{"max_bytes", WhiteboardLimits::max_board_bytes}}};
}

Failure whiteboard_unavailable() {
  return {http::Status::service_unavailable, "SERVICE_UNAVAILABLE",
          "The whiteboard could not be loaded; try again shortly"};
}

// The board of a stored snapshot; a snapshot that is not a JSON array (which the server never
// writes) starts an empty board at its seq rather than making the room unusable.
Whiteboard restore(const std::optional<store::WhiteboardSnapshot>& stored, bool& damaged) {
  damaged = false;
  if (!stored) return Whiteboard();
  auto ops = parse_snapshot(stored->data);
  damaged = !ops;
  return Whiteboard::replay(stored->seq, ops ? *ops : json::array(), json::array());
}

}  // namespace

void RoomService::load_whiteboard(const std::string& room_id) {
  auto& slot = boards_[room_id];
  if (slot.board || slot.loading) return;
  slot.loading = true;
  auto* store = &store_;
  pool_.run_in(
      room_id, [store, room_id] { return store->latest_whiteboard_snapshot(room_id); },
      [this, room_id](Outcome<std::optional<store::WhiteboardSnapshot>> found) {
        auto& slot = boards_[room_id];
        slot.loading = false;
        if (!found.ok()) {
          log_.warn("whiteboard not loaded",
                    {{"room_id", room_id}, {"error", failure_from(found.error()).internal}});
          return;
        }
        bool damaged = false;
        slot.board = restore(found.value(), damaged);
        slot.saved_seq = slot.board->snapshot_seq();
        if (damaged)
          log_.warn("whiteboard snapshot unreadable; board emptied", {{"room_id", room_id}});
      });
}

std::optional<json::object> RoomService::whiteboard_state(const std::string& room_id) {
  auto it = boards_.find(room_id);
  if (it == boards_.end() || !it->second.board) return std::nullopt;
  return it->second.board->state();
}

void RoomService::draw_whiteboard(const Actor& actor, const std::string& room_id,
                                  const json::value& body, Reply reply) {
  if (!is_uuid(room_id)) return reply(not_found("ROOM_NOT_FOUND", "No such room"), nullptr);
  auto parsed = parse_draw_ops(body);
  if (!parsed.error.empty())
    return reply(validation_failure(json::object{{"ops", parsed.error}}), nullptr);
  load_whiteboard(room_id);
  if (auto& slot = boards_[room_id]; slot.board && slot.board->full())
    return reply(whiteboard_full(), nullptr);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id] {
        require_participant(*store, room_id, user_id);
        return store->bump_version(room_id).value_or(0);
      },
      [this, room_id, user_id = actor.user_id, ops = std::move(parsed.ops)](int64_t& version,
                                                                            Reply& reply) {
        note_version(room_id, version);
        auto& slot = boards_[room_id];
        if (!slot.board) return reply(whiteboard_unavailable(), nullptr);
        // Drawn while earlier draws that filled the board were in the lane.
        if (slot.board->full()) return reply(whiteboard_full(), nullptr);
        const int64_t seq = slot.board->apply(ops);
        metrics_.counter("carrel_whiteboard_ops_total", "Whiteboard ops drawn")
            .inc(double(ops.size()));
        broadcast(room_id, "whiteboard-update", {{"ops", ops}, {"user_id", user_id}, {"seq", seq}});
        save_whiteboard(room_id);
        reply(std::nullopt, json::object{{"seq", seq}, {"version", known_version(room_id)}});
      });
}

void RoomService::clear_whiteboard(const Actor& actor, const std::string& room_id, Reply reply) {
  if (!is_uuid(room_id)) return reply(not_found("ROOM_NOT_FOUND", "No such room"), nullptr);
  load_whiteboard(room_id);
  auto* store = &store_;
  in_room(
      room_id, std::move(reply),
      [store, room_id, user_id = actor.user_id] {
        require_participant(*store, room_id, user_id);
        return store->bump_version(room_id).value_or(0);
      },
      [this, room_id, user_id = actor.user_id](int64_t& version, Reply& reply) {
        note_version(room_id, version);
        auto& slot = boards_[room_id];
        if (!slot.board) return reply(whiteboard_unavailable(), nullptr);
        const int64_t seq = slot.board->clear();
        broadcast(room_id, "whiteboard-cleared", {{"user_id", user_id}, {"seq", seq}});
        save_whiteboard(room_id);
        reply(std::nullopt, json::object{{"seq", seq}, {"version", known_version(room_id)}});
      });
}

void RoomService::save_whiteboard(const std::string& room_id) {
  auto& slot = boards_[room_id];
  if (!slot.board) return;
  auto& board = *slot.board;
  if (board.snapshot_seq() == slot.saved_seq) {
    if (board.seq() == board.snapshot_seq() || slot.save_timer) return;
    // Ops since the snapshot become one kSaveDelay later, however many arrive meanwhile.
    slot.save_timer = std::make_unique<boost::asio::steady_timer>(realtime_.executor(), kSaveDelay);
    slot.save_timer->async_wait([this, room_id](boost::system::error_code ec) {
      if (ec) return;
      auto& slot = boards_[room_id];
      slot.save_timer.reset();
      if (!slot.board) return;
      slot.board->snapshot_now();
      save_whiteboard(room_id);
    });
    return;
  }
  slot.saved_seq = board.snapshot_seq();
  auto* store = &store_;
  pool_.run_in(
      room_id,
      [store, room_id, seq = board.snapshot_seq(), ops = board.snapshot_ops()] {
        store->save_whiteboard_snapshot(room_id, seq, json::serialize(ops), now_millis());
      },
      [this, room_id](const Outcome<Done>& saved) {
        if (saved.ok()) return;
        // Not saved: the next draw stores the board again rather than waiting for a snapshot.
        boards_[room_id].saved_seq = -1;
        log_.warn("whiteboard snapshot not saved",
                  {{"room_id", room_id}, {"error", failure_from(saved.error()).internal}});
      });
}

void RoomNamespace::on_whiteboard_draw(const SocketPtr& socket, sio::Event& event) {
  rooms_.draw_whiteboard(socket_actor(*socket), socket_room_id(*socket), event.payload(),
                         answer(socket, event));
}

void RoomNamespace::on_whiteboard_clear(const SocketPtr& socket, sio::Event& event) {
  rooms_.clear_whiteboard(socket_actor(*socket), socket_room_id(*socket), answer(socket, event));
}

}  // namespace rooms
