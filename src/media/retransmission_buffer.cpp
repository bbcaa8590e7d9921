// NACK ring buffer: see retransmission_buffer.h.
#include "media/retransmission_buffer.h"

namespace media {

RetransmissionBuffer::RetransmissionBuffer(size_t slots, std::chrono::milliseconds max_age)
    : slots_(slots), max_age_(max_age) {}

void RetransmissionBuffer::store(uint16_t sequence, const uint8_t* data, size_t size,
                                 Clock::time_point now) {
  auto& slot = slots_[sequence % slots_.size()];
  slot.used = true;
  slot.sequence = sequence;
  slot.stored = now;
  slot.bytes.assign(data, data + size);
}

const std::vector<uint8_t>* RetransmissionBuffer::find(uint16_t sequence,
                                                       Clock::time_point now) const {
  const auto& slot = slots_[sequence % slots_.size()];
  if (!slot.used || slot.sequence != sequence || now - slot.stored > max_age_) return nullptr;
  return &slot.bytes;
}

}  // namespace media
