// SqlStore, part five: whiteboard snapshots. A snapshot is a room's whole board as of a
// sequence number, stored as the JSON text the rooms layer made (the store never looks
// inside). A room keeps only its latest one: saving deletes the room's snapshots with a seq up
// to the new one in the same transaction, so the table does not grow with every save, and a
// save that arrives late (a lower seq than one stored) can never hide the newer board.
#include <string>

#include "store/ids.h"
#include "store/sql_store.h"

namespace store {

using sql::in_transaction;
using sql::Session;
using sql::TxMode;

void SqlStore::save_whiteboard_snapshot(const std::string& room_id, int64_t seq,
                                        const std::string& data, Millis now) {
  const std::string id = new_uuid();
  in_transaction(*engine_, TxMode::write, [&](Session& s) {
    s.query("DELETE FROM whiteboard_snapshots WHERE room_id = $1 AND seq <= $2", {room_id, seq});
    // The foreign key refuses an unknown room (ConstraintViolation).
    s.query(
        "INSERT INTO whiteboard_snapshots (id, room_id, seq, data, created_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {id, room_id, seq, data, now});
  });
}

std::optional<WhiteboardSnapshot> SqlStore::latest_whiteboard_snapshot(const std::string& room_id) {
  if (!sql::storable(room_id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    auto rows = s.query(
        "SELECT seq, data, created_at FROM whiteboard_snapshots WHERE room_id = $1 "
        "ORDER BY seq DESC, created_at DESC LIMIT 1",
        {room_id});
    std::optional<WhiteboardSnapshot> found;
    if (!rows.empty())
      found = WhiteboardSnapshot{rows[0].integer(0), rows[0].text(1), rows[0].integer(2)};
    return found;
  });
}

}  // namespace store
