// The heartbeat key and the lapse rule (see instances.h).
#include "cluster/instances.h"

#include <boost/json/serialize.hpp>

namespace cluster {

std::vector<std::string> LapseTracker::observe(const std::vector<std::string>& uids,
                                               const std::vector<bool>& present,
                                               Clock::time_point now) {
  std::vector<std::string> lapsed;
  for (size_t i = 0; i < uids.size() && i < present.size(); ++i) {
    if (present[i]) {
      missing_since_.erase(uids[i]);
      continue;
    }
    auto [mark, added] = missing_since_.try_emplace(uids[i], now);
    if (now - mark->second > ttl_) lapsed.push_back(uids[i]);
  }
  return lapsed;
}

InstanceRegistry::InstanceRegistry(Cluster& cluster, boost::json::object details,
                                   InstanceOptions options)
    : cluster_(cluster),
      value_(boost::json::serialize(details)),
      options_(options),
      timer_(cluster.executor()),
      lapses_(options.ttl) {
  cluster_.on_redis_connect([this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.expired() || !running_) return;
    forget_marks();
    renew();
  });
}

InstanceRegistry::~InstanceRegistry() {
  stop();
}

std::string InstanceRegistry::key(const std::string& uid) const {
  return cluster_.options().key_prefix + ":instance:" + uid;
}

void InstanceRegistry::start() {
  running_ = true;
  renew();
  schedule();
}

void InstanceRegistry::stop() {
  if (!running_) return;
  running_ = false;
  timer_.cancel();  // the key lapses by itself, as if the process had died
}

void InstanceRegistry::forget_marks() {
  ++epoch_;
  lapses_.forget();
}

void InstanceRegistry::renew() {
  cluster_.redis().command(
      {"SET", key(cluster_.uid()), value_, "PX", std::to_string(options_.ttl.count())});
}

void InstanceRegistry::schedule() {
  timer_.expires_after(options_.renew);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || !running_) return;
    renew();
    schedule();
  });
}

void InstanceRegistry::lapsed(const std::vector<std::string>& uids,
                              std::function<void(std::vector<std::string>)> done) {
  std::vector<std::string> others;
  for (const auto& uid : uids)
    if (uid != cluster_.uid()) others.push_back(uid);
  if (others.empty() || !cluster_.redis().connected()) return done({});
  std::vector<std::string> command{"MGET"};
  for (const auto& uid : others) command.push_back(key(uid));
  const auto epoch = epoch_;
  cluster_.redis().command(
      std::move(command),
      [this, others, epoch, done, alive = std::weak_ptr<bool>(alive_)](const Reply& reply) {
        if (alive.expired() || epoch != epoch_ || !reply.is_array() ||
            reply.elements.size() != others.size())
          return done({});
        std::vector<bool> present;
        for (const auto& element : reply.elements)
          present.push_back(element.type != Reply::Type::nil);
        auto dead = lapses_.observe(others, present, Clock::now());
        done(std::move(dead));
      });
}

}  // namespace cluster
