// SqlStore: the Store contract implemented once in SQL over an Engine (sql.h). SqliteStore and
// PostgresStore are SqlStore with their engine; only the engines differ (connections, locking,
// retry, error mapping), so both behave the same by construction and one test suite covers both.
#pragma once

#include <memory>

#include "store/sql.h"
#include "store/store.h"

namespace store {

class SqlStore : public Store {
 public:
  // Takes the engine and runs the pending migrations on it.
  explicit SqlStore(std::unique_ptr<sql::Engine> engine);

  std::optional<User> create_user(const NewUser& user) override;
  std::optional<User> user_by_id(const std::string& id) override;
  std::optional<User> user_by_email(const std::string& email) override;
  void set_admin(const std::string& user_id, bool is_admin) override;
  void set_password_hash(const std::string& user_id, const std::string& hash) override;

  std::vector<Room> list_rooms() override;
  std::optional<Room> room(const std::string& id) override;
  std::optional<Room> room_by_join_code(const std::string& code) override;
  std::optional<Room> create_room(const NewRoom& room) override;
  std::optional<int64_t> bump_version(const std::string& room_id) override;

  JoinResult join(const std::string& room_id, const std::string& user_id,
                  const std::optional<std::string>& study_session_id, Millis now) override;
  LeaveResult leave(const std::string& room_id, const std::string& user_id, Millis now) override;
  std::vector<Participant> participants(const std::string& room_id) override;
  std::optional<Participant> participant_of_user(const std::string& user_id) override;
  std::optional<int64_t> set_status(const std::string& room_id, const std::string& user_id,
                                    const std::string& status) override;
  std::optional<Participant> set_media(const std::string& room_id, const std::string& user_id,
                                       const MediaChange& change, int64_t* version) override;
  std::vector<Participant> all_participants() override;
  bool set_participant_instance(const std::string& room_id, const std::string& user_id,
                                const std::string& instance_id) override;

  Message add_message(const std::string& room_id, const std::string& user_id,
                      const std::string& content, const std::string& type, Millis now) override;
  std::vector<Message> messages(const std::string& room_id,
                                const std::optional<std::string>& before, int limit) override;

  SessionLog add_session_log(const SessionLog& log) override;
  std::vector<SessionLog> session_logs(const SessionLogFilter& filter) override;

  bool ping() override;

  // Files (sql_store_files.cpp).
  File add_file(const NewFile& file, int64_t* version) override;
  std::optional<File> file(const std::string& id) override;
  std::vector<File> files(const std::string& room_id, int limit) override;

  // Whiteboard (sql_store_whiteboard.cpp).
  void save_whiteboard_snapshot(const std::string& room_id, int64_t seq, const std::string& data,
                                Millis now) override;
  std::optional<WhiteboardSnapshot> latest_whiteboard_snapshot(const std::string& room_id) override;

 private:
  std::unique_ptr<sql::Engine> engine_;
};

}  // namespace store
