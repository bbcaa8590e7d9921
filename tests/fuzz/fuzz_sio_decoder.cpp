// Fuzzes the Socket.IO Decoder with a sequence of Engine.IO messages. The input is split on
// '\n'; a line starting with 'b' is a binary message holding the rest of the line, any other line
// is a text message. The decoder must never crash and must follow the reference state machine:
// text while attachments are awaited and binary data when none are awaited are both invalid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "sio/protocol/packet.h"

namespace {

using sio::protocol::Decoder;

// Every placeholder in a completed binary packet names an attachment that arrived.
void check_placeholders(const boost::json::value& value, size_t attachments) {
  if (sio::protocol::is_placeholder(value)) {
    boost::system::error_code ec;
    auto num = value.get_object().at("num").to_number<uint64_t>(ec);
    FUZZ_CHECK(!ec && num < attachments);
  } else if (value.is_array()) {
    for (const auto& item : value.get_array()) check_placeholders(item, attachments);
  } else if (value.is_object()) {
    for (const auto& member : value.get_object()) check_placeholders(member.value(), attachments);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  sio::protocol::DecoderLimits limits;
  limits.max_attachments = 10;  // the reference parser's default, so packets can complete
  Decoder decoder(limits);
  bool awaiting = false;  // the reference state: a binary packet is waiting for attachments

  while (true) {
    size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    const bool binary = !line.empty() && line.front() == 'b';

    auto status = binary ? decoder.add_binary(std::string(line.substr(1))) : decoder.add_text(line);
    if (binary != awaiting) FUZZ_CHECK(status == Decoder::Status::kInvalid);
    if (status == Decoder::Status::kInvalid) {
      FUZZ_CHECK(!decoder.error().empty());
    } else if (status == Decoder::Status::kComplete) {
      auto packet = decoder.take();
      FUZZ_CHECK(packet.attachments.size() <= limits.max_attachments);
      // Only binary packets have placeholders; elsewhere such objects are plain data.
      if (!packet.attachments.empty() && packet.data)
        check_placeholders(*packet.data, packet.attachments.size());
    }
    awaiting = status == Decoder::Status::kAwaitingAttachments;

    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
