// Builds and runs the cluster pieces of the application (see cluster_setup.h).
#include "app/cluster_setup.h"

#include "cluster/redis_adapter.h"

namespace app {

namespace {

cluster::ClusterOptions cluster_options(const Config& config) {
  cluster::ClusterOptions options;
  options.redis_url = config.redis_url;
  return options;
}

// What other instances and operators learn about this one from its heartbeat key: where its
// HTTP and SFU endpoints are (a room's media stays on the instance that owns it).
boost::json::object instance_details(const Config& config) {
  return {{"host", config.host},
          {"port", config.port},
          {"rtc_announced_ip", config.rtc_announced_ip},
          {"rtc_port", config.rtc_port},
          {"started_at", std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()}};
}

cluster::RedisAdapter* redis_adapter(sio::Server& server, const std::string& nsp) {
  return dynamic_cast<cluster::RedisAdapter*>(&server.of(nsp).adapter());
}

constexpr std::chrono::seconds kSweepInterval{2};

void add_shared_state(rooms::ClusterLink& link, cluster::SharedState& shared) {
  link.cache_get = [&shared](const std::string& key,
                             std::function<void(std::optional<std::string>)> done) {
    shared.cache_get(key, std::move(done));
  };
  link.cache_put = [&shared](const std::string& key, const std::string& value,
                             std::chrono::milliseconds ttl) { shared.cache_put(key, value, ttl); };
  link.cache_drop = [&shared](const std::string& key) { shared.cache_drop(key); };
  link.connection_add = [&shared](const std::string& ip_hash, const std::string& connection,
                                  int limit, std::function<void(bool)> done) {
    shared.connection_add(ip_hash, connection, limit, std::move(done));
  };
  link.connection_remove = [&shared](const std::string& ip_hash, const std::string& connection) {
    shared.connection_remove(ip_hash, connection);
  };
}

}  // namespace

ClusterParts::ClusterParts(boost::asio::any_io_executor executor, const Config& config,
                           http::Logger& log)
    : link_(executor, cluster_options(config), log),
      instances_(link_, instance_details(config)),
      shared_(link_),
      sweep_timer_(executor) {}

rooms::ClusterLink ClusterParts::rooms_link(sio::Server& server) {
  rooms::ClusterLink link;
  link.instance_id = link_.uid();
  link.count_sockets = [&server](const std::string& nsp, const std::string& room,
                                 std::function<void(size_t)> done) {
    auto* adapter = redis_adapter(server, nsp);
    if (!adapter) return done(server.of(nsp).adapter().sockets({room}).size());
    adapter->count_cluster_sockets({room}, std::move(done));
  };
  link.disconnect_remote = [&server](const std::string& nsp, const std::string& room) {
    if (auto* adapter = redis_adapter(server, nsp)) {
      sio::BroadcastOptions options;
      options.rooms = {room};
      adapter->disconnect_cluster_sockets(options, false);
    }
  };
  link.lapsed_instances = [this](const std::vector<std::string>& instances,
                                 std::function<void(std::vector<std::string>)> done) {
    instances_.lapsed(instances, std::move(done));
  };
  add_shared_state(link, shared_);
  return link;
}

void ClusterParts::start(sio::Server& server, rooms::RoomService& rooms) {
  link_.attach(server);
  link_.start();
  instances_.start();
  shared_.start();
  running_ = true;
  schedule_sweep(rooms);
}

void ClusterParts::schedule_sweep(rooms::RoomService& rooms) {
  sweep_timer_.expires_after(kSweepInterval);
  sweep_timer_.async_wait([this, &rooms](boost::system::error_code ec) {
    if (ec || !running_) return;
    rooms.sweep_lapsed_instances();
    schedule_sweep(rooms);
  });
}

void ClusterParts::stop() {
  running_ = false;
  sweep_timer_.cancel();
  instances_.stop();
  shared_.stop();
  link_.stop();
}

std::unique_ptr<ClusterParts> make_cluster(boost::asio::any_io_executor executor,
                                           const Config& config, http::Logger& log) {
  if (config.redis_url.empty()) return nullptr;
  return std::make_unique<ClusterParts>(executor, config, log);
}

http::RateLimiter shared_limiter(http::RateLimiter limiter, ClusterParts* cluster,
                                 const std::string& name) {
  if (!cluster) return limiter;
  auto* shared = &cluster->shared();
  limiter.share([shared, name](const std::string& key, std::chrono::seconds window,
                               std::function<void(uint64_t)> done) {
    shared->count_hit(name, key, window, std::move(done));
  });
  return limiter;
}

sio::ServerOptions with_cluster(sio::ServerOptions options, ClusterParts* cluster) {
  if (cluster) options.adapter_factory = cluster->link().adapter_factory();
  return options;
}

}  // namespace app
