// The Socket.IO adapter of a namespace when Carrel runs as several instances: it is the
// in-memory adapter (rooms, local delivery, connection state recovery stay exactly as they are)
// plus publishing every non-local broadcast through the Cluster, and delivering the broadcasts
// other instances (or a @socket.io/redis-emitter) publish for this namespace to the local
// sockets they select.
#pragma once

#include "cluster/cluster.h"
#include "sio/adapter.h"

namespace cluster {

class RedisAdapter : public sio::InMemoryAdapter {
 public:
  RedisAdapter(sio::Namespace& nsp, Cluster& cluster);

  void broadcast(const sio::protocol::Packet& packet,
                 const sio::BroadcastOptions& options) override;

  // Cluster-wide socket count and disconnect for the app.
  void count_cluster_sockets(const sio::Rooms& rooms, std::function<void(size_t)> done);
  void disconnect_cluster_sockets(const sio::BroadcastOptions& options, bool close);

  // From the Cluster: what another instance sent.
  void on_remote_broadcast(const sio::protocol::Packet& packet,
                           const sio::BroadcastOptions& options);
  void on_remote_disconnect(const sio::BroadcastOptions& options, bool close);
  void on_remote_join(const sio::BroadcastOptions& options, const sio::Rooms& rooms, bool join);
  size_t local_count(const sio::Rooms& rooms) const { return sockets(rooms).size(); }

 private:
  std::vector<std::shared_ptr<sio::Socket>> select(const sio::BroadcastOptions& options) const;

  Cluster& cluster_;
};

}  // namespace cluster
