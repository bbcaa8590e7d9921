#include "sio/recovery.h"

#include <charconv>

#include "sio/adapter.h"

namespace sio {

bool is_recoverable_reason(std::string_view reason) {
  return reason == "transport close" || reason == "transport error" || reason == "ping timeout" ||
         reason == "forced close" || reason == "server shutting down";
}

bool RecoveryLog::is_loggable(const protocol::Packet& packet) {
  using protocol::PacketType;
  const bool event = packet.type == PacketType::kEvent || packet.type == PacketType::kBinaryEvent;
  return event && !packet.id && packet.data && packet.data->is_array();
}

EncodedPacket RecoveryLog::record(const protocol::Packet& packet, const BroadcastOptions& options,
                                  Clock::time_point now) {
  purge(now);
  const uint64_t offset = next_offset_++;
  protocol::Packet with_offset = packet;
  with_offset.data->as_array().emplace_back(std::to_string(offset));
  auto encoded = encode_shared(with_offset);
  packets_.push_back({offset, now, options.rooms, options.except, encoded});
  return encoded;
}

void RecoveryLog::persist(PersistedSession session, Clock::time_point now) {
  purge(now);
  auto pid = session.pid;
  sessions_[std::move(pid)] = StoredSession{std::move(session), now + window_};
}

std::optional<RestoredSession> RecoveryLog::restore(const std::string& pid, std::string_view offset,
                                                    Clock::time_point now) {
  purge(now);
  auto it = sessions_.find(pid);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires < now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  RestoredSession restored{std::move(it->second.session), {}};
  sessions_.erase(it);

  uint64_t last_seen = 0;
  auto [end, error] = std::from_chars(offset.data(), offset.data() + offset.size(), last_seen);
  if (error != std::errc() || end != offset.data() + offset.size()) return std::nullopt;
  if (packets_.empty() || last_seen < packets_.front().offset || last_seen > packets_.back().offset)
    return std::nullopt;
  // Offsets are consecutive, so the packet after `last_seen` is found by arithmetic.
  for (size_t i = last_seen - packets_.front().offset + 1; i < packets_.size(); ++i)
    if (reaches(packets_[i], restored.session.rooms))
      restored.missed.push_back(packets_[i].encoded);
  return restored;
}

bool RecoveryLog::reaches(const LoggedPacket& packet, const Rooms& session_rooms) {
  bool included = packet.rooms.empty();
  for (const auto& room : session_rooms) {
    if (packet.except.count(room)) return false;
    if (!included && packet.rooms.count(room)) included = true;
  }
  return included;
}

void RecoveryLog::purge(Clock::time_point now) {
  while (!packets_.empty() && now - packets_.front().at > window_) packets_.pop_front();
  // Sessions are swept at most once a second; restore() checks expiry itself.
  if (now < next_sweep_) return;
  next_sweep_ = now + std::chrono::seconds(1);
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.expires < now ? sessions_.erase(it) : std::next(it);
}

}  // namespace sio
