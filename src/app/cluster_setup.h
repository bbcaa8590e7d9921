// Wiring of the cluster pieces (src/cluster) into the application when --redis-url is given:
// the Redis adapter for every namespace, this instance's heartbeat, the periodic sweep for
// participants of instances that died, and the ClusterLink the rooms domain uses for socket
// counts and disconnects on other instances. Without --redis-url none of it exists.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "app/config.h"
#include "cluster/cluster.h"
#include "cluster/instances.h"
#include "cluster/shared_state.h"
#include "http/rate_limiter.h"
#include "rooms/cluster_link.h"
#include "rooms/room_service.h"
#include "sio/server.h"

namespace app {

class ClusterParts {
 public:
  ClusterParts(boost::asio::any_io_executor executor, const Config& config, http::Logger& log);

  cluster::Cluster& link() { return link_; }
  cluster::SharedState& shared() { return shared_; }
  const std::string& instance_id() const { return link_.uid(); }
  // The link for RoomService; `server` must outlive its use.
  rooms::ClusterLink rooms_link(sio::Server& server);
  // Connects to Redis, starts the heartbeat and the sweep of lapsed instances.
  void start(sio::Server& server, rooms::RoomService& rooms);
  void stop();

 private:
  void schedule_sweep(rooms::RoomService& rooms);

  cluster::Cluster link_;
  cluster::InstanceRegistry instances_;
  cluster::SharedState shared_;
  boost::asio::steady_timer sweep_timer_;
  bool running_ = false;
};

// Null when the configuration names no Redis.
std::unique_ptr<ClusterParts> make_cluster(boost::asio::any_io_executor executor,
                                           const Config& config, http::Logger& log);
// The options with the cluster's adapter factory when there is a cluster.
sio::ServerOptions with_cluster(sio::ServerOptions options, ClusterParts* cluster);
// The limiter, counting in Redis under `name` too when there is a cluster.
http::RateLimiter shared_limiter(http::RateLimiter limiter, ClusterParts* cluster,
                                 const std::string& name);

}  // namespace app
