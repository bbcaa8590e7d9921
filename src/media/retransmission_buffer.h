// The last packets of a producer, kept so that a consumer's NACK (RFC 4585 generic NACK) can be
// answered without asking the browser that sent them: a ring of slots indexed by sequence
// number, each holding the plain RTP bytes and when they arrived. Packets older than
// `max_age` are not resent (the receiver has given up on them by then).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace media {

class RetransmissionBuffer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RetransmissionBuffer(
      size_t slots = 1024, std::chrono::milliseconds max_age = std::chrono::milliseconds(1000));

  void store(uint16_t sequence, const uint8_t* data, size_t size, Clock::time_point now);
  // The stored packet with this sequence number, or nullptr.
  const std::vector<uint8_t>* find(uint16_t sequence, Clock::time_point now) const;

 private:
  struct Slot {
    bool used = false;
    uint16_t sequence = 0;
    Clock::time_point stored{};
    std::vector<uint8_t> bytes;
  };
  std::vector<Slot> slots_;
  std::chrono::milliseconds max_age_;
};

}  // namespace media
