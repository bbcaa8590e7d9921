// The storage interface of Carrel (DESIGN.md section 5). One abstract Store, two engines:
// SqliteStore (embedded default) and PostgresStore. Every method is synchronous and
// thread-safe; callers on the I/O thread run them on a worker pool (rooms/worker_pool.h).
//
// Times are milliseconds since the Unix epoch (UTC). Ids are UUID v4 strings made by the
// store. Transient engine failures (busy/locked, deadlock, serialization failure, lost
// connection) are retried inside the engine; when the database stays unreachable a method
// throws store::Unavailable, which the API answers with 503.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace store {

using Millis = int64_t;

// The database cannot be reached or keeps failing transiently.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A write broke a rule of the schema and nothing was written: it names a room or user that
// does not exist (foreign key), or a value outside its column's check (capacity < 1, an
// unknown status, type or media topology). Callers validate input first; this is the backstop.
struct ConstraintViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct User {
  std::string id;
  std::string name;
  std::string email;  // lower-cased; empty for anonymous users
  std::string password_hash;
  bool is_admin = false;
  bool is_anonymous = false;
  std::string ip_hash;
  Millis created_at = 0;
};

struct NewUser {
  std::string name;
  std::string email;
  std::string password_hash;
  bool is_admin = false;
  bool is_anonymous = false;
  std::string ip_hash;
};

struct Room {
  std::string id;
  std::string name;
  int capacity = 50;
  int current_occupancy = 0;
  std::string join_code;  // 6 characters of ABCDEFGHJKLMNPQRSTUVWXYZ23456789
  std::optional<std::string> owner_id;
  bool is_public = true;
  std::string media_topology = "sfu";  // "mesh" or "sfu"
  int64_t version = 0;                 // bumped by every state change of the room
  Millis created_at = 0;
};

struct NewRoom {
  std::string name;
  int capacity = 50;
  std::optional<std::string> owner_id;
  bool is_public = true;
  std::string media_topology = "sfu";
};

struct Participant {
  std::string id;
  std::string user_id;
  std::string user_name;  // joined from users
  std::string room_id;
  Millis joined_at = 0;
  std::string status = "ACTIVE";  // ACTIVE or MUTED
  bool mic = false;
  bool cam = true;
  bool screen = false;
  std::optional<std::string> study_session_id;
  // The Carrel instance holding the participant's connection (with --redis-url), so the
  // survivors of an instance that died can find the participants it held.
  std::optional<std::string> instance_id;
};

struct Message {
  std::string id;
  std::string room_id;
  std::string user_id;
  std::string user_name;  // joined from users
  std::string content;
  std::string type;  // TEXT, EMOJI or POLL
  Millis timestamp = 0;
};

struct SessionLog {
  std::string id;
  std::string room_id;
  std::string user_id;
  int64_t duration = 0;  // seconds
  Millis created_at = 0;
  std::optional<std::string> study_session_id;
  // "visit" for a participation that ended (duration = time in the room), "timer-<action>"
  // for a timer event (duration 0), seed 000 property 20.
  std::string kind = "visit";
};

struct SessionLogFilter {
  std::optional<std::string> user_id;
  std::optional<std::string> room_id;
  std::optional<Millis> from;  // created_at >= from
  std::optional<Millis> to;    // created_at <= to
  int limit = 500;
};

enum class JoinOutcome { joined, room_not_found, room_full, already_in_room };
struct JoinResult {
  JoinOutcome outcome = JoinOutcome::room_not_found;
  Participant participant;  // when joined
  Room room;                // the room after the join (when it exists)
  std::string other_room_id;  // when already_in_room: the room the user is in
};

enum class LeaveOutcome { left, not_participant };
struct LeaveResult {
  LeaveOutcome outcome = LeaveOutcome::not_participant;
  Room room;       // after the leave (when the room exists)
  SessionLog log;  // the visit written, when left
};

// The media state of a participant; absent fields stay as they are.
struct MediaChange {
  std::optional<bool> mic;
  std::optional<bool> cam;
  std::optional<bool> screen;
};

// ---- Files -------------------------------------------------------------------------------

// A file shared in a room. The bytes live outside the database, in
// `<data-dir>/uploads/<storage_key>`; the row is what lists and downloads it.
struct File {
  std::string id;
  std::string room_id;
  std::string user_id;
  std::string name;          // sanitised for display, never a path
  int64_t size = 0;          // bytes
  std::string content_type;  // sniffed from the bytes, as it is served
  std::string storage_key;   // the same as id
  Millis created_at = 0;
};

struct NewFile {
  std::string room_id;
  std::string user_id;
  std::string name;
  int64_t size = 0;
  std::string content_type = "application/octet-stream";
  Millis created_at = 0;
};

// ---- Whiteboard --------------------------------------------------------------------------

// A room's whiteboard as of `seq`: `data` is the JSON array of its ops (rooms/whiteboard.h).
struct WhiteboardSnapshot {
  int64_t seq = 0;
  std::string data;
  Millis created_at = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Users. create_user returns nullopt when the email is taken (emails compare lower-cased).
  virtual std::optional<User> create_user(const NewUser& user) = 0;
  virtual std::optional<User> user_by_id(const std::string& id) = 0;
  virtual std::optional<User> user_by_email(const std::string& email) = 0;
  virtual void set_admin(const std::string& user_id, bool is_admin) = 0;
  virtual void set_password_hash(const std::string& user_id, const std::string& hash) = 0;

  // Rooms, ordered by created_at then name (the seeded rooms "Study Room 1".."10" in order).
  virtual std::vector<Room> list_rooms() = 0;
  virtual std::optional<Room> room(const std::string& id) = 0;
  virtual std::optional<Room> room_by_join_code(const std::string& code) = 0;
  // nullopt when the name is taken. Generates a unique join code.
  virtual std::optional<Room> create_room(const NewRoom& room) = 0;
  // Increments the room's version and returns the new value; nullopt for an unknown room.
  virtual std::optional<int64_t> bump_version(const std::string& room_id) = 0;

  // Participation. join: one transaction that locks the room row, checks capacity and that
  // the user is in no room, increments occupancy and version, inserts the participant.
  virtual JoinResult join(const std::string& room_id, const std::string& user_id,
                          const std::optional<std::string>& study_session_id, Millis now) = 0;
  // leave: one transaction that deletes the participant, decrements occupancy, increments the
  // version and writes the visit's session log (duration = (now - joined_at) / 1000, rounded).
  virtual LeaveResult leave(const std::string& room_id, const std::string& user_id,
                            Millis now) = 0;
  virtual std::vector<Participant> participants(const std::string& room_id) = 0;
  virtual std::optional<Participant> participant_of_user(const std::string& user_id) = 0;
  // Sets ACTIVE/MUTED; bumps the version. Returns the new version, nullopt if not a participant
  // of that room.
  virtual std::optional<int64_t> set_status(const std::string& room_id,
                                            const std::string& user_id,
                                            const std::string& status) = 0;
  // Applies a media change; bumps the version. Returns the participant after it (and its
  // room's new version through `version`), nullopt if not a participant of that room.
  virtual std::optional<Participant> set_media(const std::string& room_id,
                                               const std::string& user_id,
                                               const MediaChange& change, int64_t* version) = 0;
  // Every participant of every room (for cleanup of a previous process's participants).
  virtual std::vector<Participant> all_participants() = 0;
  // Records which instance holds the participant's connection; false if not a participant.
  virtual bool set_participant_instance(const std::string& room_id, const std::string& user_id,
                                        const std::string& instance_id) = 0;

  // Chat. messages(): newest first; `before` is a message id (older than that one).
  virtual Message add_message(const std::string& room_id, const std::string& user_id,
                              const std::string& content, const std::string& type,
                              Millis now) = 0;
  virtual std::vector<Message> messages(const std::string& room_id,
                                        const std::optional<std::string>& before,
                                        int limit) = 0;

  // Session logs, newest first.
  virtual SessionLog add_session_log(const SessionLog& log) = 0;
  virtual std::vector<SessionLog> session_logs(const SessionLogFilter& filter) = 0;

  // Liveness for /healthz: true when a trivial query succeeds.
  virtual bool ping() = 0;

  // ---- Files ----
  // add_file: inserts the file (id made by the store, storage_key = id) and bumps the room's
  // version in the same transaction; the new version goes to `version` when not null. An
  // unknown room or user is a ConstraintViolation.
  virtual File add_file(const NewFile& file, int64_t* version) = 0;
  virtual std::optional<File> file(const std::string& id) = 0;
  // The room's files, newest first; `limit` is clamped to 1..500.
  virtual std::vector<File> files(const std::string& room_id, int limit) = 0;

  // ---- Whiteboard ----
  // save_whiteboard_snapshot: stores the room's board as of `seq`, replacing the room's
  // snapshots with a seq up to it (a room keeps one). An unknown room is a ConstraintViolation.
  virtual void save_whiteboard_snapshot(const std::string& room_id, int64_t seq,
                                        const std::string& data, Millis now) = 0;
  // The room's snapshot with the highest seq, nullopt when it has none.
  virtual std::optional<WhiteboardSnapshot> latest_whiteboard_snapshot(
      const std::string& room_id) = 0;
};

// Opens the store named by `url`: "sqlite://<path>" or "postgres://user:pass@host:port/db"
// (also "postgresql://"). Runs pending migrations and seeds the ten study rooms on first start.
// Throws std::runtime_error with a readable message when it cannot.
std::unique_ptr<Store> open_store(const std::string& url);

}  // namespace store
