// The few bits of VP8's RTP payload (RFC 7741) the SFU reads: whether a packet starts a key
// frame, so that a consumer that (re)starts forwarding begins with a decodable picture.
#pragma once

#include <cstdint>
#include <span>

namespace media {

// True when `payload` (an RTP payload of VP8) is the first packet of a key frame.
bool vp8_starts_key_frame(std::span<const uint8_t> payload);

}  // namespace media
