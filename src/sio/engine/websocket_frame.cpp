#include "sio/engine/websocket_frame.h"

#include <cstring>

namespace sio::engine::websocket {
namespace {

bool is_control(Opcode op) {
  return (uint8_t(op) & 0x8) != 0;
}

bool is_known(uint8_t op) {
  return op <= 0x2 || (op >= 0x8 && op <= 0xA);
}

void unmask(char* data, size_t size, const uint8_t mask[4]) {
  for (size_t i = 0; i < size; ++i) data[i] = char(uint8_t(data[i]) ^ mask[i & 3]);
}

}  // namespace

size_t FrameReader::consume(std::string_view input, std::vector<Message>& out) {
  size_t consumed = 0;
  while (error_ == 0) {
    std::string_view rest = input.substr(consumed);
    if (rest.size() < 2) break;
    const auto b0 = uint8_t(rest[0]), b1 = uint8_t(rest[1]);
    const bool fin = b0 & 0x80;
    const auto opcode = Opcode(b0 & 0x0F);
    if ((b0 & 0x70) != 0 || !is_known(b0 & 0x0F)) return fail(kProtocolError);
    if (!(b1 & 0x80)) return fail(kProtocolError);  // clients must mask
    uint64_t length = b1 & 0x7F;
    size_t header = 2;
    if (length == 126) {
      if (rest.size() < 4) break;
      length = uint64_t(uint8_t(rest[2])) << 8 | uint8_t(rest[3]);
      header = 4;
    } else if (length == 127) {
      if (rest.size() < 10) break;
      length = 0;
      for (int i = 0; i < 8; ++i) length = length << 8 | uint8_t(rest[2 + i]);
      header = 10;
      if (length >> 63) return fail(kProtocolError);
    }
    if (is_control(opcode) && (!fin || length > 125)) return fail(kProtocolError);
    const uint64_t pending = opcode == Opcode::kContinuation ? fragments_.size() : 0;
    if (!is_control(opcode) && length + pending > max_message_size_) return fail(kMessageTooBig);
    if (rest.size() < header + 4 + length) break;

    uint8_t mask[4];
    std::memcpy(mask, rest.data() + header, 4);
    std::string payload(rest.substr(header + 4, length));
    unmask(payload.data(), payload.size(), mask);
    consumed += header + 4 + length;

    if (is_control(opcode)) {
      if (opcode == Opcode::kClose && payload.size() == 1) return fail(kProtocolError);
      out.push_back({opcode, std::move(payload)});
      continue;
    }
    if (opcode == Opcode::kContinuation) {
      if (!in_fragmented_message_) return fail(kProtocolError);
      fragments_ += payload;
    } else {
      if (in_fragmented_message_) return fail(kProtocolError);
      fragmented_opcode_ = opcode;
      fragments_ = std::move(payload);
      in_fragmented_message_ = true;
    }
    if (!fin) continue;
    in_fragmented_message_ = false;
    if (fragmented_opcode_ == Opcode::kText && !is_valid_utf8(fragments_))
      return fail(kInvalidPayload);
    out.push_back({fragmented_opcode_, std::move(fragments_)});
    fragments_.clear();
  }
  return consumed;
}

void append_frame_header(std::string& out, Opcode opcode, uint64_t payload_size) {
  out += char(0x80 | uint8_t(opcode));
  if (payload_size < 126) {
    out += char(payload_size);
  } else if (payload_size <= 0xFFFF) {
    out += char(126);
    out += char(payload_size >> 8);
    out += char(payload_size & 0xFF);
  } else {
    out += char(127);
    for (int i = 7; i >= 0; --i) out += char((payload_size >> (8 * i)) & 0xFF);
  }
}

std::string close_frame(uint16_t code) {
  std::string frame;
  append_frame_header(frame, Opcode::kClose, 2);
  frame += char(code >> 8);
  frame += char(code & 0xFF);
  return frame;
}

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = uint8_t(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= extra; ++k) {
      if (i + k >= n) return false;
      const auto cc = uint8_t(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace sio::engine::websocket
