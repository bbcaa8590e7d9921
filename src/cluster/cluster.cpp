// Cluster: publishing, the subscription dispatch and cross-instance requests (see cluster.h).
#include "cluster/cluster.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>

#include "cluster/msgpack.h"
#include "cluster/redis_adapter.h"
#include "sio/broadcast.h"

namespace cluster {

namespace json = boost::json;

enum RequestType { kSockets = 0, kRemoteJoin = 2, kRemoteLeave = 3, kRemoteDisconnect = 4 };

struct Cluster::Pending {
  size_t expected = 0;
  size_t received = 0;
  size_t total = 0;
  std::function<void(size_t)> done;
  std::unique_ptr<boost::asio::steady_timer> timer;
};

std::string random_id(size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof(kAlphabet) - 2);
  std::string id;
  for (size_t i = 0; i < length; ++i) id.push_back(kAlphabet[pick(engine)]);
  return id;
}

json::object options_json(const sio::BroadcastOptions& options) {
  json::array rooms(options.rooms.begin(), options.rooms.end());
  json::array except(options.except.begin(), options.except.end());
  return {{"rooms", std::move(rooms)}, {"except", std::move(except)}, {"flags", json::object{}}};
}

namespace {

sio::Rooms rooms_of(const json::value* list) {
  sio::Rooms rooms;
  if (!list || !list->is_array()) return rooms;
  for (const auto& room : list->get_array()) {
    if (room.is_string()) rooms.emplace(room.get_string());
    if (room.is_number()) rooms.emplace(json::serialize(room));  // numeric rooms, as in Node
  }
  return rooms;
}

// A request or response is JSON when it starts with '{', else msgpack.
json::value parse_message(const std::string& payload) {
  if (!payload.empty() && payload.front() == '{') return json::parse(payload);
  return msgpack::decode(payload).value;
}

// "<nsp>#..." after a channel prefix: the namespace up to the next '#'.
std::optional<std::string> channel_nsp(std::string_view channel, std::string_view prefix) {
  if (!channel.starts_with(prefix)) return std::nullopt;
  auto rest = channel.substr(prefix.size());
  auto hash = rest.find('#');
  if (hash == std::string_view::npos) return std::nullopt;
  return std::string(rest.substr(0, hash));
}

}  // namespace

sio::BroadcastOptions options_from_json(const json::value& value) {
  sio::BroadcastOptions options;
  if (!value.is_object()) return options;
  const auto& object = value.get_object();
  options.rooms = rooms_of(object.if_contains("rooms"));
  options.except = rooms_of(object.if_contains("except"));
  return options;
}

Cluster::Cluster(boost::asio::any_io_executor executor, ClusterOptions options, http::Logger& log)
    : executor_(executor), options_(std::move(options)), log_(log), uid_(random_id(12)) {
  auto address = parse_redis_url(options_.redis_url);
  commands_ = std::make_shared<RedisConnection>(executor, address);
  subscriber_ =
      std::make_shared<RedisConnection>(executor, address, RedisConnection::Mode::subscriber);
  subscriber_->on_connect([this] { subscribe(); });
  subscriber_->on_push([this](const Reply& reply) { on_push(reply); });
  commands_->on_connect([this] {
    log_.info("redis connected", {{"instance", uid_}});
    for (auto& handler : connect_handlers_) handler();
  });
  commands_->on_disconnect([this](const std::string& why) {
    log_.warn("redis connection lost; reconnecting", {{"reason", why}});
  });
}

Cluster::~Cluster() {
  stop();
}

sio::AdapterFactory Cluster::adapter_factory() {
  return [this](sio::Namespace& nsp) { return std::make_unique<RedisAdapter>(nsp, *this); };
}

void Cluster::on_redis_connect(std::function<void()> handler) {
  connect_handlers_.push_back(std::move(handler));
}

void Cluster::start() {
  commands_->start();
  subscriber_->start();
}

void Cluster::stop() {
  commands_->stop();
  subscriber_->stop();
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, request] : pending) request->done(request->total);
}

void Cluster::subscribe() {
  const auto& prefix = options_.channel_prefix;
  subscriber_->command(
      {"PSUBSCRIBE", prefix + "#*", prefix + "-request#*", prefix + "-response#*"});
  subscriber_->command({"SUBSCRIBE", options_.key_prefix + "#instances"});
}

void Cluster::publish(const std::string& channel, std::string payload) {
  commands_->command({"PUBLISH", channel, std::move(payload)});
}

void Cluster::publish_broadcast(const std::string& nsp, const sio::protocol::Packet& packet,
                                const sio::BroadcastOptions& options) {
  if (!commands_->connected()) return;
  json::object wire{{"type", 2}, {"data", packet.data.value_or(json::array{})}, {"nsp", nsp}};
  json::array message{json::string(uid_), std::move(wire), options_json(options)};
  auto channel = options_.channel_prefix + "#" + nsp + "#";
  if (options.rooms.size() == 1) channel += *options.rooms.begin() + "#";
  publish(channel, msgpack::encode(message, &packet.attachments));
}

void Cluster::publish_disconnect(const std::string& nsp, const sio::BroadcastOptions& options,
                                 bool close) {
  auto opts = options_json(options);
  opts.erase("flags");
  json::object request{
      {"uid", uid_}, {"type", kRemoteDisconnect}, {"opts", std::move(opts)}, {"close", close}};
  publish(options_.channel_prefix + "-request#" + nsp + "#", json::serialize(request));
}

void Cluster::on_push(const Reply& reply) {
  if (!reply.is_array() || reply.elements.empty()) return;
  const auto& kind = reply.elements[0].text;
  std::string channel, payload;
  if (kind == "pmessage" && reply.elements.size() == 4) {
    channel = reply.elements[2].text;
    payload = reply.elements[3].text;
  } else if (kind == "message" && reply.elements.size() == 3) {
    channel = reply.elements[1].text;
    payload = reply.elements[2].text;
  } else {
    return;  // subscription confirmations
  }
  const auto& prefix = options_.channel_prefix;
  try {
    if (auto nsp = channel_nsp(channel, prefix + "#")) return on_broadcast(*nsp, payload);
    if (auto nsp = channel_nsp(channel, prefix + "-request#")) return on_request(*nsp, payload);
    if (channel.starts_with(prefix + "-response#")) return on_response(payload);
  } catch (const std::exception& error) {
    log_.warn("ignored a malformed cluster message",
              {{"channel", channel}, {"error", error.what()}});
  }
}

void Cluster::on_broadcast(const std::string& nsp, const std::string& payload) {
  auto* target = server_ ? server_->find(nsp) : nullptr;
  auto* adapter = target ? dynamic_cast<RedisAdapter*>(&target->adapter()) : nullptr;
  if (!adapter) return;
  auto decoded = msgpack::decode(payload);
  const auto* message = decoded.value.if_array();
  if (!message || message->size() < 2 || !(*message)[0].is_string()) return;
  if ((*message)[0].get_string() == uid_) return;  // our own, already delivered
  const auto* packet = (*message)[1].if_object();
  if (!packet) return;
  const auto* type = packet->if_contains("type");
  const auto* data = packet->if_contains("data");
  if (!type || !type->is_number() || !data || !data->is_array() || data->get_array().empty() ||
      !data->get_array()[0].is_string())
    return;
  const auto kind = type->to_number<int>();
  if (kind != 2 && kind != 5) return;  // only events are broadcast
  sio::protocol::Packet event;
  event.type = sio::protocol::PacketType::kEvent;
  event.nsp = nsp;
  event.data = *data;
  event.attachments = std::move(decoded.binaries);
  sio::protocol::normalize_attachments(event);
  auto options = message->size() > 2 ? options_from_json((*message)[2]) : sio::BroadcastOptions{};
  adapter->on_remote_broadcast(event, options);
}

void Cluster::on_request(const std::string& nsp, const std::string& payload) {
  auto parsed = parse_message(payload);
  const auto* request = parsed.if_object();
  if (!request) return;
  const auto* from = request->if_contains("uid");
  if (from && from->is_string() && from->get_string() == uid_) return;
  const auto* type = request->if_contains("type");
  if (!type || !type->is_number()) return;
  const auto kind = type->to_number<int>();
  if (kind == kSockets) return answer_sockets(nsp, *request);
  auto* target = server_ ? server_->find(nsp) : nullptr;
  auto* adapter = target ? dynamic_cast<RedisAdapter*>(&target->adapter()) : nullptr;
  if (!adapter) return;
  const auto* opts = request->if_contains("opts");
  auto options = opts ? options_from_json(*opts) : sio::BroadcastOptions{};
  if (kind == kRemoteDisconnect) {
    const auto* close = request->if_contains("close");
    adapter->on_remote_disconnect(options, close && close->is_bool() && close->get_bool());
  } else if (kind == kRemoteJoin || kind == kRemoteLeave) {
    adapter->on_remote_join(options, rooms_of(request->if_contains("rooms")), kind == kRemoteJoin);
  }
}

void Cluster::answer_sockets(const std::string& nsp, const json::object& request) {
  const auto* id = request.if_contains("requestId");
  if (!id || !id->is_string()) return;
  json::array sockets;
  if (auto* target = server_ ? server_->find(nsp) : nullptr)
    for (const auto& socket : target->adapter().sockets(rooms_of(request.if_contains("rooms"))))
      sockets.emplace_back(socket);
  json::object response{{"requestId", *id}, {"sockets", std::move(sockets)}};
  publish(options_.channel_prefix + "-response#" + nsp + "#", json::serialize(response));
}

void Cluster::on_response(const std::string& payload) {
  auto parsed = parse_message(payload);
  const auto* response = parsed.if_object();
  const auto* id = response ? response->if_contains("requestId") : nullptr;
  if (!id || !id->is_string()) return;
  auto it = pending_.find(std::string(id->get_string()));
  if (it == pending_.end()) return;
  const auto* sockets = response->if_contains("sockets");
  if (!sockets || !sockets->is_array()) return;
  it->second->total += sockets->get_array().size();
  if (++it->second->received >= it->second->expected) finish(it->first);
}

void Cluster::finish(const std::string& request_id) {
  auto it = pending_.find(request_id);
  if (it == pending_.end()) return;
  auto request = std::move(it->second);
  pending_.erase(it);
  request->done(request->total);
}

void Cluster::count_sockets(const std::string& nsp, const sio::Rooms& rooms, size_t local,
                            std::function<void(size_t)> done) {
  if (!commands_->connected() || !subscriber_->connected()) return done(local);
  commands_->command(
      {"PUBSUB", "NUMSUB", options_.key_prefix + "#instances"},
      [this, nsp, rooms, local, done = std::move(done)](const Reply& reply) {
        const auto others = reply.is_array() && reply.elements.size() == 2
                                ? std::max<long long>(reply.elements[1].integer - 1, 0)
                                : 0;
        if (others == 0) return done(local);
        auto request_id = uid_ + "-" + std::to_string(++next_request_);
        auto pending = std::make_unique<Pending>();
        pending->expected = size_t(others);
        pending->total = local;
        pending->done = done;
        pending->timer =
            std::make_unique<boost::asio::steady_timer>(executor_, options_.request_timeout);
        pending->timer->async_wait([this, request_id](boost::system::error_code ec) {
          if (!ec) finish(request_id);
        });
        pending_.emplace(request_id, std::move(pending));
        json::object request{{"uid", uid_},
                             {"requestId", request_id},
                             {"type", kSockets},
                             {"rooms", json::array(rooms.begin(), rooms.end())}};
        publish(options_.channel_prefix + "-request#" + nsp + "#", json::serialize(request));
      });
}

}  // namespace cluster
