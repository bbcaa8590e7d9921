// Fuzzes the Engine.IO decoders with arbitrary bytes taken as one text packet and as a whole
// long-polling payload. Besides not crashing, decoding must be exact: whatever decodes encodes
// back to the very same bytes (text data is kept verbatim and base64 decoding is canonical).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sio/engine/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto packet = sio::engine::decode_text_packet(input)) {
    FUZZ_CHECK(!packet->binary || packet->type == sio::engine::PacketType::kMessage);
    FUZZ_CHECK(sio::engine::encode_text_packet(*packet) == input);
  }

  if (auto packets = sio::engine::decode_payload(input)) {
    FUZZ_CHECK(!packets->empty());
    FUZZ_CHECK(sio::engine::encode_payload(*packets) == input);
    for (const auto& packet : *packets) {
      // Each record on its own decodes to the same packet.
      FUZZ_CHECK(sio::engine::decode_text_packet(sio::engine::encode_text_packet(packet)) ==
                 packet);
    }
  }
  return 0;
}
