// WebSocket framing (RFC 6455) for the server side: a FrameReader that turns the bytes a client
// sends into whole messages and control frames, enforcing the rules a server must (client
// frames masked, no reserved bits without an extension, control frames short and unfragmented,
// continuation only inside a fragmented message, text valid UTF-8, messages within a size
// limit), and the header of the unmasked frames a server sends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sio::engine::websocket {

enum class Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes a server sends when the client breaks the rules.
enum CloseCode : uint16_t {
  kNormalClosure = 1000,
  kGoingAway = 1001,
  kProtocolError = 1002,
  kInvalidPayload = 1007,
  kMessageTooBig = 1009,
};

struct Message {
  Opcode opcode;  // kText, kBinary, kClose, kPing or kPong
  std::string payload;
};

class FrameReader {
 public:
  explicit FrameReader(size_t max_message_size) : max_message_size_(max_message_size) {}

  // Consumes as many bytes of `input` as form whole frames and appends the completed messages
  // to `out`. Returns the number of bytes consumed; a partial frame is left for the next call.
  // After a violation, `error()` is the close code to send and nothing more is read.
  size_t consume(std::string_view input, std::vector<Message>& out);
  uint16_t error() const { return error_; }

 private:
  size_t fail(uint16_t code) {
    error_ = code;
    return 0;
  }

  size_t max_message_size_;
  uint16_t error_ = 0;
  bool in_fragmented_message_ = false;
  Opcode fragmented_opcode_ = Opcode::kText;
  std::string fragments_;
};

// The header of a final, unmasked frame carrying `payload_size` bytes (2, 4 or 10 bytes).
void append_frame_header(std::string& out, Opcode opcode, uint64_t payload_size);
// A complete close frame with a status code.
std::string close_frame(uint16_t code);

bool is_valid_utf8(std::string_view text);

}  // namespace sio::engine::websocket
