// VP8 payload descriptor walk: see vp8.h. Layout (RFC 7741 section 4.2): X R N S R PID, then
// if X: I L T K, then the picture id (1 or 2 bytes), TL0PICIDX, TID/KEYIDX; the VP8 payload
// header follows, whose lowest bit P is 0 for a key frame.
#include "media/vp8.h"

namespace media {

bool vp8_starts_key_frame(std::span<const uint8_t> payload) {
  if (payload.empty()) return false;
  const uint8_t first = payload[0];
  const bool start = first & 0x10;
  const uint8_t partition = first & 0x07;
  if (!start || partition != 0) return false;
  size_t offset = 1;
  if (first & 0x80) {
    if (offset >= payload.size()) return false;
    const uint8_t extensions = payload[offset++];
    if (extensions & 0x80) {  // I: picture id
      if (offset >= payload.size()) return false;
      offset += (payload[offset] & 0x80) ? 2 : 1;
    }
    if (extensions & 0x40) ++offset;           // L: TL0PICIDX
    if (extensions & (0x20 | 0x10)) ++offset;  // T or K: TID/Y/KEYIDX
  }
  if (offset >= payload.size()) return false;
  return (payload[offset] & 0x01) == 0;
}

}  // namespace media
