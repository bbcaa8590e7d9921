// SqlStore, part four: files shared in rooms. Only the record lives here (who shared what, its
// display name, size and served content type); the bytes are kept by rooms::FileStorage under
// `<data-dir>/uploads/<storage_key>`, and the storage key is the file's id, which the store
// makes, so no name a client sent ever becomes part of a path.
//
// Sharing a file changes the room's state (room state lists its files), so add_file bumps the
// room's version in the same transaction, as the other state changes do.
#include <algorithm>
#include <string>

#include "store/ids.h"
#include "store/sql_store.h"

namespace store {

using sql::in_transaction;
using sql::Session;
using sql::TxMode;

namespace {

constexpr const char* kFileColumns =
    "id, room_id, user_id, name, size, content_type, storage_key, created_at";

File file_from(const sql::Row& r) {
  File f;
  f.id = r.text(0);
  f.room_id = r.text(1);
  f.user_id = r.text(2);
  f.name = r.text(3);
  f.size = r.integer(4);
  f.content_type = r.text(5);
  f.storage_key = r.text(6);
  f.created_at = r.integer(7);
  return f;
}

}  // namespace

File SqlStore::add_file(const NewFile& in, int64_t* version) {
  File f;
  f.id = new_uuid();
  f.room_id = in.room_id;
  f.user_id = in.user_id;
  f.name = in.name;
  f.size = in.size;
  f.content_type = in.content_type;
  f.storage_key = f.id;
  f.created_at = in.created_at != 0 ? in.created_at : now_millis();
  int64_t bumped = in_transaction(*engine_, TxMode::write, [&](Session& s) {
    // The foreign keys refuse an unknown room or user (ConstraintViolation).
    s.query(
        "INSERT INTO files (id, room_id, user_id, name, size, content_type, storage_key, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {f.id, f.room_id, f.user_id, f.name, f.size, f.content_type, f.storage_key, f.created_at});
    return s
        .query("UPDATE rooms SET version = version + 1 WHERE id = $1 RETURNING version",
               {f.room_id})
        .at(0)
        .integer(0);
  });
  if (version) *version = bumped;
  return f;
}

std::optional<File> SqlStore::file(const std::string& id) {
  if (!sql::storable(id)) return std::nullopt;
  return in_transaction(*engine_, TxMode::read, [&](Session& s) -> std::optional<File> {
    auto rs = s.query(std::string("SELECT ") + kFileColumns + " FROM files WHERE id = $1", {id});
    if (rs.empty()) return std::nullopt;
    return file_from(rs.front());
  });
}

std::vector<File> SqlStore::files(const std::string& room_id, int limit) {
  if (!sql::storable(room_id)) return {};
  const int64_t n = std::clamp(limit, 1, 500);
  return in_transaction(*engine_, TxMode::read, [&](Session& s) {
    std::vector<File> out;
    for (const auto& r :
         s.query(std::string("SELECT ") + kFileColumns +
                     " FROM files WHERE room_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                 {room_id, n}))
      out.push_back(file_from(r));
    return out;
  });
}

}  // namespace store
