// The simulated users of carrel-load and what each can do against the server: sign up
// (POST /api/auth/signup), create rooms (POST /api/rooms), join (POST /api/rooms/:id/join, then
// the `/room/:roomId` namespace CONNECT with auth {token}, then `join-room` with an ack), send a
// chat message (`send-message` with an ack) and leave (`leave-room` with an ack, a namespace
// disconnect, and the connection closed). Every step runs asynchronously on one io_context
// thread and reports through a callback; join timings are split into the REST part and the
// namespace part.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http_pool.h"
#include "room_socket.h"

namespace carrel_load {

struct User {
  int index = 0;
  int room = 0;  // index into Fleet::room_ids()
  std::string name, email, token, id;
  std::shared_ptr<RoomSocket> socket;
  bool joined = false;  // the join-room ack arrived and no leave started
};

struct JoinTiming {
  bool ok = false;
  const char* failed_step = "";
  int64_t rest_ns = 0;       // POST /api/rooms/:id/join
  int64_t namespace_ns = 0;  // namespace CONNECT ack + join-room ack
  int64_t total_ns = 0;      // REST join start to the join-room ack
};

class Fleet {
 public:
  using Done = std::function<void(bool ok)>;
  using MessageHandler = std::function<void(User&, std::string_view array)>;

  Fleet(boost::asio::io_context& ioc, const ServerAddress& server, HttpPool& http);

  std::vector<User>& users() { return users_; }
  const std::vector<std::string>& room_ids() const { return room_ids_; }
  // Every room event a user's socket receives.
  void on_event(MessageHandler h) { on_event_ = std::move(h); }

  // Signs up `n` users named after `tag` (a run-unique prefix), `concurrency` at a time.
  void sign_up(int n, const std::string& tag, int concurrency, Done done);
  // The users of an earlier sign_up, one "id token" line each; load_users takes the first n and
  // fails when the file has fewer.
  bool save_users(const std::string& path) const;
  bool load_users(const std::string& path, int n);
  // Creates `n` rooms of `capacity`, owned by user 0 (who does not join them).
  void create_rooms(int n, int capacity, const std::string& tag, Done done);
  // Opens the user's WebSocket (Engine.IO open) if it has none.
  void open_socket(User& u, Done done);
  void join(User& u, std::function<void(const JoinTiming&)> done);
  // Sends `content` with client_message_id `tag`; done(ok) on the ack.
  void send_message(User& u, const std::string& content, const std::string& tag, Done done);
  void leave(User& u, Done done);
  // Closes every user's connection.
  void close_all();

 private:
  void sign_up_next(std::shared_ptr<struct SignUpState> st);
  void join_namespace(User& u, std::shared_ptr<JoinTiming> t, int64_t start,
                      std::function<void(const JoinTiming&)> done);

  boost::asio::io_context& ioc_;
  const ServerAddress& server_;
  HttpPool& http_;
  std::vector<User> users_;
  std::vector<std::string> room_ids_;
  MessageHandler on_event_;
};

// The value of a top-level string field of a JSON object text ("" when absent); enough for
// the server's answers, whose ids and tokens need no unescaping.
std::string json_string_field(std::string_view json, std::string_view key);

}  // namespace carrel_load
