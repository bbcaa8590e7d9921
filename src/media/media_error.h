// The one exception the SFU throws for a refused request (unknown transport, unsupported
// codec, bad parameters...). `code` is an upper-case token the signaling layer sends to the
// client as error.code; the message is for people.
#pragma once

#include <stdexcept>
#include <string>

namespace media {

struct MediaError : std::runtime_error {
  MediaError(std::string code, const std::string& message)
      : std::runtime_error(message), code(std::move(code)) {}
  std::string code;
};

}  // namespace media
