#include "sio/recovery.h"

#include <charconv>

#include "sio/adapter.h"

namespace sio {

namespace {

// The log keeps the text for the whole window; the encoder's doubling leaves up to half of it
// unused, so the log keeps an exact-size copy at the price of one copy per broadcast.
EncodedPacket exact_size(EncodedPacket encoded) {
  if (encoded.text->capacity() > encoded.text->size())
    encoded.text = std::make_shared<const std::string>(*encoded.text);
  return encoded;
}

}  // namespace

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
  auto encoded = exact_size(encode_shared(with_offset));
  packets_.push_back({now, targets_.acquire(options.rooms, options.except), encoded});
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
  if (packets_.empty() || last_seen < first_offset_ || last_seen >= next_offset_)
    return std::nullopt;
  // Offsets are consecutive, so the packet after `last_seen` is found by arithmetic.
  for (size_t i = last_seen - first_offset_ + 1; i < packets_.size(); ++i)
    if (packets_[i].target->reaches(restored.session.rooms))
      restored.missed.push_back(packets_[i].encoded);
  return restored;
}

void RecoveryLog::purge(Clock::time_point now) {
  while (!packets_.empty() && now - packets_.front().at > window_) {
    targets_.release(packets_.front().target);
    packets_.pop_front();
    ++first_offset_;
  }
  // Sessions are swept at most once a second; restore() checks expiry itself.
  if (now < next_sweep_) return;
  next_sweep_ = now + std::chrono::seconds(1);
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.expires < now ? sessions_.erase(it) : std::next(it);
}

}  // namespace sio
