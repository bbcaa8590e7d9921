// The shared cache, rate counters and public connection table in Redis (see shared_state.h).
#include "cluster/shared_state.h"

namespace cluster {

using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr milliseconds kConnectionLifetime{60'000};
constexpr milliseconds kConnectionRefresh{20'000};

// KEYS[1] set; ARGV: now, expiry score, limit, member, key TTL (ms).
constexpr const char* kAddConnection = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
)lua";

int64_t wall_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

SharedState::SharedState(Cluster& cluster)
    : cluster_(cluster), refresh_timer_(cluster.executor()) {}

SharedState::~SharedState() {
  stop();
}

void SharedState::start() {
  running_ = true;
  schedule_refresh();
}

void SharedState::stop() {
  running_ = false;
  refresh_timer_.cancel();
}

std::string SharedState::key(std::string_view kind, const std::string& rest) const {
  return cluster_.options().key_prefix + ":" + std::string(kind) + ":" + rest;
}

std::string SharedState::member(const std::string& connection) const {
  return cluster_.uid() + "/" + connection;
}

void SharedState::cache_get(const std::string& name,
                            std::function<void(std::optional<std::string>)> done) {
  cluster_.redis().command({"GET", key("cache", name)}, [done](const Reply& reply) {
    if (reply.type == Reply::Type::string) return done(reply.text);
    done(std::nullopt);
  });
}

void SharedState::cache_put(const std::string& name, const std::string& value, milliseconds ttl) {
  cluster_.redis().command({"SET", key("cache", name), value, "PX", std::to_string(ttl.count())});
}

void SharedState::cache_drop(const std::string& name) {
  cluster_.redis().command({"DEL", key("cache", name)});
}

void SharedState::count_hit(const std::string& name, const std::string& counter, seconds window,
                            std::function<void(uint64_t)> done) {
  const auto index = wall_millis() / std::chrono::duration_cast<milliseconds>(window).count();
  auto slot = key("rate", name + ":" + counter + ":" + std::to_string(index));
  auto& redis = cluster_.redis();
  redis.command({"INCR", slot}, [done](const Reply& reply) {
    done(reply.type == Reply::Type::integer && reply.integer > 0 ? uint64_t(reply.integer) : 0);
  });
  // Twice the window, so a late hit near the end still finds the key.
  redis.command({"PEXPIRE", slot,
                 std::to_string(std::chrono::duration_cast<milliseconds>(window).count() * 2)});
}

void SharedState::connection_add(const std::string& ip_hash, const std::string& connection,
                                 int limit, std::function<void(bool)> done) {
  const auto now = wall_millis();
  cluster_.redis().command(
      {"EVAL", kAddConnection, "1", key("conns", ip_hash), std::to_string(now),
       std::to_string(now + kConnectionLifetime.count()), std::to_string(limit), member(connection),
       std::to_string(kConnectionLifetime.count() * 2)},
      [this, ip_hash, connection, done, alive = std::weak_ptr<bool>(alive_)](const Reply& reply) {
        if (reply.is_error()) return done(true);  // Redis away: the local table decided
        const bool added = reply.type == Reply::Type::integer && reply.integer == 1;
        if (added && !alive.expired()) connections_[ip_hash].insert(connection);
        done(added);
      });
}

void SharedState::connection_remove(const std::string& ip_hash, const std::string& connection) {
  if (auto it = connections_.find(ip_hash); it != connections_.end()) {
    it->second.erase(connection);
    if (it->second.empty()) connections_.erase(it);
  }
  cluster_.redis().command({"ZREM", key("conns", ip_hash), member(connection)});
}

void SharedState::refresh_connections() {
  const auto score = std::to_string(wall_millis() + kConnectionLifetime.count());
  for (const auto& [ip_hash, connections] : connections_) {
    std::vector<std::string> command{"ZADD", key("conns", ip_hash)};
    for (const auto& connection : connections) {
      command.push_back(score);
      command.push_back(member(connection));
    }
    cluster_.redis().command(std::move(command));
    cluster_.redis().command(
        {"PEXPIRE", key("conns", ip_hash), std::to_string(kConnectionLifetime.count() * 2)});
  }
}

void SharedState::schedule_refresh() {
  refresh_timer_.expires_after(kConnectionRefresh);
  refresh_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || !running_) return;
    refresh_connections();
    schedule_refresh();
  });
}

}  // namespace cluster
