// MessagePack for the Redis channels of the Socket.IO Redis adapter: the Node.js adapter and
// emitter encode [uid, packet, opts] with notepack.io, so Carrel reads and writes the same bytes.
// Values are Boost.JSON values; MessagePack `bin` (a Node Buffer) maps to a Socket.IO attachment:
// decoding replaces each bin by a placeholder {"_placeholder":true,"num":i} and appends the bytes
// to `binaries`, and encoding writes the attachment a placeholder names as bin. So a decoded
// packet is in the same form as a sio::protocol::Packet's data and attachments.
//
// Numbers follow JavaScript: a double with an integral value in the safe range is written as an
// integer, as notepack writes a JS number. notepack's ext 0 (undefined, Date) decode to null and
// the Date's milliseconds; other ext types decode to null.
#pragma once

#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cluster::msgpack {

struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Limits {
  size_t max_depth = 64;
  size_t max_elements = 1 << 20;  // array items plus map entries over the whole message
};

// Appends the encoding of `value`; placeholders name entries of `attachments`.
void append(std::string& out, const boost::json::value& value,
            const std::vector<std::string>* attachments = nullptr);
std::string encode(const boost::json::value& value,
                   const std::vector<std::string>* attachments = nullptr);

struct Decoded {
  boost::json::value value;
  std::vector<std::string> binaries;
};
// Decodes exactly one value filling `bytes`; throws DecodeError on malformed, truncated or
// trailing input, non-string map keys, or input beyond `limits`.
Decoded decode(std::string_view bytes, const Limits& limits = {});

}  // namespace cluster::msgpack
