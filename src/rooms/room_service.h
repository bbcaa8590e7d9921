// The study-rooms domain: joining and leaving with capacity enforced by the store, chat,
// the shared timer, media state, moderation and the room state a client rebuilds from. REST
// handlers and the /room/:roomId namespace both call it, so an action has the same effect and
// the same broadcasts whichever way it arrives.
//
// It runs on the I/O thread. Database work goes to the WorkerPool in the room's lane, so a
// room's actions are stored and announced in the order they arrived; every state change
// carries the room's new `version`.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/signed_url.h"
#include "http/logger.h"
#include "http/metrics.h"
#include "http/rate_limiter.h"
#include "rooms/cluster_link.h"
#include "rooms/failure.h"
#include "rooms/recent_messages.h"
#include "rooms/room_listener.h"
#include "rooms/room_timer.h"
#include "rooms/whiteboard.h"
#include "rooms/worker_pool.h"
#include "sio/server.h"
#include "store/store.h"

namespace rooms {

// Who is acting, from their token.
struct Actor {
  std::string user_id;
  std::string name;
  bool is_admin = false;
};

struct RoomLimits {
  http::RateLimiter chat;
  http::RateLimiter join;
};

struct RoomServiceOptions {
  // A participant whose last socket dropped is removed after this long (DESIGN.md: within
  // 5 s, keeping participation across a reconnect within 3 s).
  std::chrono::milliseconds disconnect_grace{3000};
  // Least time between two rooms-updated events on the lobby namespace "/".
  std::chrono::milliseconds lobby_interval{250};
  // Signs the download URLs of shared files; without it room state lists no files.
  const auth::UrlSigner* file_urls = nullptr;
  // The other instances when Carrel runs as several; null for a single process.
  const ClusterLink* cluster = nullptr;
};

// The answer to an action: a failure, or the JSON payload of success.
using Reply = std::function<void(std::optional<Failure>, boost::json::value)>;

class RoomService {
 public:
  RoomService(sio::Server& realtime, store::Store& store, WorkerPool& pool, RoomLimits limits,
              http::Metrics& metrics, http::Logger& log, RoomServiceOptions options = {});
  ~RoomService();

  void join(const Actor& actor, const std::string& room_id,
            const std::optional<std::string>& study_session_id, Reply reply);
  // `reason` is sent with user-left ("left", "disconnected").
  void leave(const Actor& actor, const std::string& room_id, const std::string& reason,
             Reply reply);
  void send_message(const Actor& actor, const std::string& room_id, const boost::json::value& body,
                    Reply reply);
  void update_timer(const Actor& actor, const std::string& room_id, const boost::json::value& body,
                    Reply reply);
  void update_media(const Actor& actor, const std::string& room_id, const boost::json::value& body,
                    Reply reply);
  void moderate(const Actor& actor, const std::string& room_id, const boost::json::value& body,
                Reply reply);
  // {room, version, participants, timer, whiteboard, files}
  void room_state(const std::string& room_id, Reply reply);
  // whiteboard-draw {ops} and whiteboard-clear (whiteboard_events.cpp).
  void draw_whiteboard(const Actor& actor, const std::string& room_id,
                       const boost::json::value& body, Reply reply);
  void clear_whiteboard(const Actor& actor, const std::string& room_id, Reply reply);

  // Runs `work` on the worker pool in the room's lane; a thrown Refused or store error becomes
  // the reply's failure, a result goes to `then` on the I/O thread.
  template <class Work, class Then>
  void in_room(const std::string& room_id, Reply reply, Work work, Then then);

  // Broadcasts to every socket of the room's namespace; `version` is added to the payload.
  void broadcast(const std::string& room_id, std::string_view event, boost::json::object payload);
  // Emits to the sockets of one user in a room's namespace.
  void emit_to_user(const std::string& room_id, const std::string& user_id, std::string_view event,
                    const boost::json::object& payload);
  int64_t known_version(const std::string& room_id) const;
  void note_version(const std::string& room_id, int64_t version);

  // Socket presence, for the cleanup of participants whose connection dropped.
  void socket_connected(const std::string& room_id, const std::string& user_id);
  void socket_disconnected(const std::string& room_id, const Actor& actor);
  // Participants left in the store by a previous process (they have no socket here): each is
  // removed after `grace` unless one of their sockets connects meanwhile. For a single
  // instance only; with several instances the others' participants are alive.
  void expire_stale_participants(std::chrono::milliseconds grace);
  // In a cluster: removes the participants held by instances whose heartbeat lapsed, unless
  // they have a socket on some instance (instance_sweep.cpp). Called periodically.
  void sweep_lapsed_instances();

  store::Store& store() { return store_; }
  // Told about joins, leaves and occupancy changes (the media signaling); may be null.
  void set_listener(RoomListener* listener) { listener_ = listener; }
  const ClusterLink* cluster() const { return options_.cluster; }
  const auth::UrlSigner* file_urls() const { return options_.file_urls; }
  http::Logger& log() { return log_; }
  // Current occupancy per room name, for /metrics.
  std::map<std::string, double> occupancy() const;
  void note_occupancy(const store::Room& room);

 private:
  // join and send_message once the rate limit let them through.
  void join_admitted(const Actor& actor, const std::string& room_id,
                     const std::optional<std::string>& study_session_id, Reply reply);
  struct OutgoingMessage {
    std::string content;  // sanitized
    std::string type;
    std::string client_message_id;  // empty when the client gave none
  };
  void store_message(const Actor& actor, const std::string& room_id,
                     const OutgoingMessage& outgoing, Reply reply);
  void announce_join(const store::JoinResult& joined);
  void announce_leave(const store::LeaveResult& left, const std::string& user_id,
                      const std::string& reason);
  void disconnect_user(const std::string& room_id, const std::string& user_id);
  // The namespaces of a room that exist: /room/<id> (registered users) and /public-room/<id>
  // (anonymous users, seed 002); a room's events go to both.
  std::vector<sio::Namespace*> room_namespaces(const std::string& room_id);
  void schedule_lobby_update();
  // Wraps a room-state reply so that, on success, the room's newest files (with fresh signed
  // URLs) are added to the state as `files` (room_files.cpp).
  Reply with_files(const std::string& room_id, Reply reply);
  void schedule_cleanup(const std::string& room_id, const Actor& actor,
                        std::chrono::milliseconds delay);
  // Records this instance as the holder of the participant's connection (instance_sweep.cpp).
  void claim_participant(const std::string& room_id, const std::string& user_id);
  void remove_if_unconnected(const std::string& room_id, const Actor& actor);
  void claim_or_skip(const std::string& room_id, const std::string& user_id);

  sio::Server& realtime_;
  store::Store& store_;
  WorkerPool& pool_;
  RoomLimits limits_;
  http::Metrics& metrics_;
  http::Logger& log_;
  RoomServiceOptions options_;
  RoomListener* listener_ = nullptr;

  RecentMessages recent_messages_;
  std::unordered_map<std::string, RoomTimer> timers_;
  std::unordered_map<std::string, int64_t> versions_;
  std::unordered_map<std::string, std::pair<std::string, int>> occupancy_;  // id -> name, count

  struct Presence {
    int sockets = 0;
    std::unique_ptr<boost::asio::steady_timer> cleanup;
  };
  std::unordered_map<std::string, Presence> presence_;  // "<room_id>/<user_id>"
  std::unique_ptr<boost::asio::steady_timer> lobby_timer_;

  // The whiteboard of each room used since start, loaded lazily from its latest snapshot.
  struct Board {
    std::optional<Whiteboard> board;  // empty until loaded
    bool loading = false;
    int64_t saved_seq = 0;  // snapshot_seq of the last snapshot sent to the store
    std::unique_ptr<boost::asio::steady_timer> save_timer;
  };
  std::unordered_map<std::string, Board> boards_;
  // Queues the load of the room's board in its lane (once), ahead of work queued after it.
  void load_whiteboard(const std::string& room_id);
  // The board's {snapshot, snapshot_seq, ops, seq}; nullopt when it could not be loaded.
  std::optional<boost::json::object> whiteboard_state(const std::string& room_id);
  // Stores the board's snapshot if it moved since the last save, else saves it a little later.
  void save_whiteboard(const std::string& room_id);
};

// The failure as the body of a Socket.IO ack: {ok: false, error: {code, message, details?}}.
boost::json::object ack_failure(const Failure& failure);

template <class Work, class Then>
void RoomService::in_room(const std::string& room_id, Reply reply, Work work, Then then) {
  pool_.run_in(room_id, std::move(work),
               [reply = std::move(reply), then = std::move(then)](auto outcome) mutable {
                 if (!outcome.ok()) return reply(failure_from(outcome.error()), nullptr);
                 then(outcome.value(), reply);
               });
}

}  // namespace rooms
