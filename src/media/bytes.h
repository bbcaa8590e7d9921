// Big-endian reads and writes on byte buffers, shared by the STUN, RTP and RTCP codecs. Callers
// check bounds first; these only assemble and split the integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace media {

inline uint16_t read16(const uint8_t* p) {
  return uint16_t(p[0] << 8 | p[1]);
}
inline uint32_t read24(const uint8_t* p) {
  return uint32_t(p[0]) << 16 | p[1] << 8 | p[2];
}
inline uint32_t read32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline void write16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}
inline void write32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 24);
  p[1] = uint8_t(v >> 16);
  p[2] = uint8_t(v >> 8);
  p[3] = uint8_t(v);
}
inline void append16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}
inline void append32(std::vector<uint8_t>& out, uint32_t v) {
  append16(out, uint16_t(v >> 16));
  append16(out, uint16_t(v));
}

}  // namespace media
