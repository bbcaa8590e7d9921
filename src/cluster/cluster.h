// The link between Carrel instances over Redis, in the format of the Node.js
// @socket.io/redis-adapter, so the official @socket.io/redis-emitter can emit into Carrel rooms:
//
//   broadcast  socket.io#<nsp>#  or  socket.io#<nsp>#<room>#  (exactly one room), carrying
//              msgpack [uid, {type, data, nsp}, {rooms, except, flags}]
//   requests   socket.io-request#<nsp>#   JSON {uid, requestId?, type, ...} (or msgpack)
//   responses  socket.io-response#<nsp>#  JSON {requestId, ...}
//
// One connection publishes and runs commands (also lent to the shared cache, limits and
// heartbeats); another pattern-subscribes to all three families for every namespace, so child
// namespaces created later need no subscription of their own. A message is handed to the
// RedisAdapter of its namespace if that namespace exists here; an instance ignores its own
// broadcasts (same uid), so each reaches every socket exactly once.
//
// Requests handled: SOCKETS (0, answered by every Carrel instance, for socket counts),
// REMOTE_JOIN (2), REMOTE_LEAVE (3), REMOTE_DISCONNECT (4). Every instance also subscribes to
// the exact channel <prefix>#instances, whose PUBSUB NUMSUB tells how many answers to wait for.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <memory>

#include "cluster/redis_connection.h"
#include "http/logger.h"
#include "sio/server.h"

namespace cluster {

struct ClusterOptions {
  std::string redis_url;
  std::string channel_prefix = "socket.io";  // the adapter's `key` option
  std::string key_prefix = "carrel";         // Carrel's own keys and channels
  std::chrono::milliseconds request_timeout{2000};
};

class Cluster {
 public:
  Cluster(boost::asio::any_io_executor executor, ClusterOptions options, http::Logger& log);
  ~Cluster();

  // The server whose namespaces receive other instances' packets; before start().
  void attach(sio::Server& server) { server_ = &server; }
  // Builds RedisAdapters for sio::ServerOptions::adapter_factory.
  sio::AdapterFactory adapter_factory();
  void start();
  void stop();

  const std::string& uid() const { return uid_; }
  const ClusterOptions& options() const { return options_; }
  boost::asio::any_io_executor executor() const { return executor_; }
  RedisConnection& redis() { return *commands_; }
  // Runs after every (re)connect of the command connection.
  void on_redis_connect(std::function<void()> handler);

  // Used by RedisAdapter.
  void publish_broadcast(const std::string& nsp, const sio::protocol::Packet& packet,
                         const sio::BroadcastOptions& options);
  void publish_disconnect(const std::string& nsp, const sio::BroadcastOptions& options, bool close);
  // Adds the sockets in `rooms` of `nsp` on the other instances to `local` and hands the total
  // to `done` (after every instance answered or the request timed out).
  void count_sockets(const std::string& nsp, const sio::Rooms& rooms, size_t local,
                     std::function<void(size_t)> done);

 private:
  struct Pending;
  void subscribe();
  void on_push(const Reply& reply);
  void on_broadcast(const std::string& nsp, const std::string& payload);
  void on_request(const std::string& nsp, const std::string& payload);
  void on_response(const std::string& payload);
  void answer_sockets(const std::string& nsp, const boost::json::object& request);
  void publish(const std::string& channel, std::string payload);
  void finish(const std::string& request_id);

  boost::asio::any_io_executor executor_;
  ClusterOptions options_;
  http::Logger& log_;
  std::string uid_;
  sio::Server* server_ = nullptr;
  std::shared_ptr<RedisConnection> commands_;
  std::shared_ptr<RedisConnection> subscriber_;
  std::vector<std::function<void()>> connect_handlers_;
  std::map<std::string, std::unique_ptr<Pending>> pending_;
  uint64_t next_request_ = 0;
};

// Options of a broadcast as the adapter sends them: {rooms, except, flags}.
boost::json::object options_json(const sio::BroadcastOptions& options);
sio::BroadcastOptions options_from_json(const boost::json::value& value);
// A random id of `length` characters [a-z0-9].
std::string random_id(size_t length);

}  // namespace cluster
