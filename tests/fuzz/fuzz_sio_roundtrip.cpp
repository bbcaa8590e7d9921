// Fuzzes Socket.IO decoding and encoding together: whatever text decodes (given the attachments
// it asks for) must encode to a text that decodes to the same packet, and encoding that packet
// again must give the same text, i.e. encode(decode(x)) is a fixed point.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "sio/protocol/packet.h"

namespace {

using sio::protocol::Decoder;
using sio::protocol::Packet;

// Feeds `text` and then `attachments` (or, if absent, as many made-up attachments as the text
// announces); the completed packet, or nullopt if the decoder rejects anything.
std::optional<Packet> decode(std::string_view text, const std::vector<std::string>* attachments) {
  sio::protocol::DecoderLimits limits;
  limits.max_attachments = 64;
  Decoder decoder(limits);
  auto status = decoder.add_text(text);
  for (size_t i = 0; status == Decoder::Status::kAwaitingAttachments; ++i) {
    if (attachments) {
      FUZZ_CHECK(i < attachments->size());
      status = decoder.add_binary((*attachments)[i]);
    } else {
      status = decoder.add_binary("attachment " + std::to_string(i));
    }
  }
  if (status != Decoder::Status::kComplete) return std::nullopt;
  return decoder.take();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto first = decode(input, nullptr);
  if (!first) return 0;

  const std::string text = sio::protocol::encode(*first);
  auto second = decode(text, &first->attachments);
  FUZZ_CHECK(second.has_value());
  FUZZ_CHECK(second->type == first->type);
  FUZZ_CHECK(second->nsp == first->nsp);
  FUZZ_CHECK(second->id == first->id);
  FUZZ_CHECK(second->attachments == first->attachments);
  FUZZ_CHECK(second->data.has_value() == first->data.has_value());
  // JSON data compares as JavaScript would: 1.0 and 1 are one value, so compare the encodings.
  FUZZ_CHECK(sio::protocol::encode(*second) == text);
  return 0;
}
