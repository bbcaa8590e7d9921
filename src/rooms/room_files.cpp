// RoomService, files part: the `files` of the room state, the room's newest shared files with
// download URLs signed at the time of the answer, so a joiner's links are valid for the whole
// URL lifetime. The files are read in the room's lane right after the rest of the state, so a
// file shared meanwhile is either in the list or announced by a file-shared that follows.
#include "rooms/file_views.h"
#include "rooms/room_service.h"

namespace rooms {

namespace {
constexpr int kStateFiles = 50;
}

Reply RoomService::with_files(const std::string& room_id, Reply reply) {
  if (!options_.file_urls) return reply;
  return [this, room_id, reply = std::move(reply)](std::optional<Failure> failure,
                                                   boost::json::value state) mutable {
    if (failure || !state.is_object()) return reply(std::move(failure), std::move(state));
    auto* store = &store_;
    in_room(
        room_id, reply, [store, room_id] { return store->files(room_id, kStateFiles); },
        [this, state = std::move(state)](std::vector<store::File>& files, Reply& reply) mutable {
          state.as_object()["files"] = files_json(files, *options_.file_urls, auth::unix_seconds());
          reply(std::nullopt, std::move(state));
        });
  };
}

}  // namespace rooms
