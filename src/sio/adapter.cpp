#include "sio/adapter.h"

#include "sio/client.h"
#include "sio/namespace.h"
#include "sio/server.h"
#include "sio/socket.h"

namespace sio {

EncodedPacket encode_shared(const protocol::Packet& packet) {
  EncodedPacket encoded;
  encoded.text = std::make_shared<const std::string>(protocol::encode(packet));
  for (const auto& attachment : packet.attachments)
    encoded.attachments.push_back(std::make_shared<const std::string>(attachment));
  return encoded;
}

InMemoryAdapter::InMemoryAdapter(Namespace& nsp) : Adapter(nsp) {
  if (const auto& recovery = nsp.server().options().recovery)
    log_ = std::make_unique<RecoveryLog>(recovery->max_disconnection);
}

void InMemoryAdapter::add_all(const SocketId& id, const Rooms& rooms) {
  auto& joined = sids_[id];
  for (const auto& room : rooms) {
    joined.insert(room);
    rooms_[room].insert(id);
  }
}

void InMemoryAdapter::del(const SocketId& id, const Room& room) {
  if (auto it = sids_.find(id); it != sids_.end()) it->second.erase(room);
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    it->second.erase(id);
    if (it->second.empty()) rooms_.erase(it);
  }
}

void InMemoryAdapter::del_all(const SocketId& id) {
  auto it = sids_.find(id);
  if (it == sids_.end()) return;
  for (const auto& room : it->second) {
    if (auto r = rooms_.find(room); r != rooms_.end()) {
      r->second.erase(id);
      if (r->second.empty()) rooms_.erase(r);
    }
  }
  sids_.erase(it);
}

bool InMemoryAdapter::is_excluded(const SocketId& id, const Rooms& except) const {
  if (except.empty()) return false;
  auto it = sids_.find(id);
  if (it == sids_.end()) return false;
  for (const auto& room : except)
    if (it->second.count(room)) return true;
  return false;
}

void InMemoryAdapter::for_each_target(const BroadcastOptions& options,
                                      const std::function<void(const SocketId&)>& visit) const {
  if (options.rooms.empty()) {
    for (const auto& [id, rooms] : sids_)
      if (!is_excluded(id, options.except)) visit(id);
    return;
  }
  if (options.rooms.size() == 1) {
    auto it = rooms_.find(*options.rooms.begin());
    if (it == rooms_.end()) return;
    for (const auto& id : it->second)
      if (!is_excluded(id, options.except)) visit(id);
    return;
  }
  std::unordered_set<SocketId> seen;
  for (const auto& room : options.rooms) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) continue;
    for (const auto& id : it->second)
      if (!is_excluded(id, options.except) && seen.insert(id).second) visit(id);
  }
}

void InMemoryAdapter::deliver(const EncodedPacket& encoded, const BroadcastOptions& options) {
  // Collect first: a write may fail and disconnect a socket, which edits the room maps.
  std::vector<std::shared_ptr<Socket>> targets;
  for_each_target(options, [&](const SocketId& id) {
    if (auto socket = nsp_.socket(id)) targets.push_back(std::move(socket));
  });
  for (auto& socket : targets) socket->write_encoded(encoded);
}

void InMemoryAdapter::broadcast(const protocol::Packet& packet, const BroadcastOptions& options) {
  if (log_ && RecoveryLog::is_loggable(packet)) {
    schedule_purge();
    return deliver(log_->record(packet, options), options);
  }
  deliver(encode_shared(packet), options);
}

void InMemoryAdapter::persist_session(PersistedSession session) {
  if (!log_) return;
  schedule_purge();
  log_->persist(std::move(session));
}

void InMemoryAdapter::schedule_purge() {
  if (purge_scheduled_) return;
  if (!purge_timer_)
    purge_timer_ = std::make_unique<boost::asio::steady_timer>(nsp_.server().executor());
  purge_scheduled_ = true;
  purge_timer_->expires_after(std::chrono::seconds(10));
  purge_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the adapter is gone
    purge_scheduled_ = false;
    log_->purge();
    if (!log_->empty()) schedule_purge();
  });
}

std::optional<RestoredSession> InMemoryAdapter::restore_session(const std::string& pid,
                                                                std::string_view offset) {
  if (!log_) return std::nullopt;
  return log_->restore(pid, offset);
}

std::vector<SocketId> InMemoryAdapter::sockets(const Rooms& rooms) const {
  std::vector<SocketId> ids;
  BroadcastOptions options;
  options.rooms = rooms;
  for_each_target(options, [&](const SocketId& id) { ids.push_back(id); });
  return ids;
}

Rooms InMemoryAdapter::socket_rooms(const SocketId& id) const {
  auto it = sids_.find(id);
  return it == sids_.end() ? Rooms{} : it->second;
}

}  // namespace sio
