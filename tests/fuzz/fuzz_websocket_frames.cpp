// Fuzzes the server's WebSocket frame reader with arbitrary client bytes delivered in arbitrary
// chunks (the first input byte seeds the chunk sizes), as TCP may split them. Invariants: the
// reader never consumes more than it was given, never returns a message larger than its limit
// or a control frame over 125 bytes, returns text only when it is valid UTF-8, and reads
// nothing more once it has reported a violation.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "sio/engine/websocket_frame.h"

using namespace sio::engine::websocket;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr size_t kLimit = 4096;
  const size_t chunk = size_t(data[0] % 64) + 1;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);

  FrameReader reader(kLimit);
  std::string pending;
  std::vector<Message> messages;
  for (size_t offset = 0; offset < input.size(); offset += chunk) {
    pending.append(input, offset, chunk);
    const bool failed_before = reader.error() != 0;
    const size_t used = reader.consume(pending, messages);
    FUZZ_CHECK(used <= pending.size());
    if (failed_before) FUZZ_CHECK(used == 0);
    pending.erase(0, used);
  }
  for (const auto& message : messages) {
    FUZZ_CHECK(message.payload.size() <= kLimit);
    const bool control = (uint8_t(message.opcode) & 0x8) != 0;
    if (control) FUZZ_CHECK(message.payload.size() <= 125);
    if (message.opcode == Opcode::kText) FUZZ_CHECK(is_valid_utf8(message.payload));
  }
  return 0;
}
