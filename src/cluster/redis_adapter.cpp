// RedisAdapter: local delivery by the in-memory adapter, fan-out to other instances by the
// Cluster (see redis_adapter.h).
#include "cluster/redis_adapter.h"

#include "sio/namespace.h"

namespace cluster {

RedisAdapter::RedisAdapter(sio::Namespace& nsp, Cluster& cluster)
    : sio::InMemoryAdapter(nsp), cluster_(cluster) {}

void RedisAdapter::broadcast(const sio::protocol::Packet& packet,
                             const sio::BroadcastOptions& options) {
  if (!options.local) cluster_.publish_broadcast(nsp_.name(), packet, options);
  sio::InMemoryAdapter::broadcast(packet, options);
}

void RedisAdapter::on_remote_broadcast(const sio::protocol::Packet& packet,
                                       const sio::BroadcastOptions& options) {
  sio::InMemoryAdapter::broadcast(packet, options);
}

std::vector<std::shared_ptr<sio::Socket>> RedisAdapter::select(
    const sio::BroadcastOptions& options) const {
  std::vector<std::shared_ptr<sio::Socket>> found;
  for_each_target(options, [&](const sio::SocketId& id) {
    if (auto socket = nsp_.socket(id)) found.push_back(std::move(socket));
  });
  return found;
}

void RedisAdapter::count_cluster_sockets(const sio::Rooms& rooms,
                                         std::function<void(size_t)> done) {
  cluster_.count_sockets(nsp_.name(), rooms, local_count(rooms), std::move(done));
}

void RedisAdapter::disconnect_cluster_sockets(const sio::BroadcastOptions& options, bool close) {
  on_remote_disconnect(options, close);
  if (!options.local) cluster_.publish_disconnect(nsp_.name(), options, close);
}

void RedisAdapter::on_remote_disconnect(const sio::BroadcastOptions& options, bool close) {
  for (auto& socket : select(options)) socket->disconnect(close);
}

void RedisAdapter::on_remote_join(const sio::BroadcastOptions& options, const sio::Rooms& rooms,
                                  bool join) {
  for (auto& socket : select(options))
    for (const auto& room : rooms) join ? socket->join(room) : socket->leave(room);
}

}  // namespace cluster
