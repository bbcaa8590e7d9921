// Upload bodies as clients send them: the input is a Content-Type line, a newline, then the
// body. The multipart reader must never crash or read outside the body; the file it returns is
// a slice of the body. Whatever name comes out, sanitised, is a safe display name (no path
// separators, no control characters, valid UTF-8, 1-200 code points, not "." or ".."), and
// sniffing never calls markup inline.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/multipart.h"
#include "rooms/file_names.h"
#include "rooms/file_types.h"

namespace {

// Valid UTF-8 with no C0/C1 controls or DEL; returns the number of code points, -1 otherwise.
long safe_code_points(std::string_view text) {
  long count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return -1;
    uint32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return -1;
    i += length;
  }
  return count;
}

void check_name(std::string_view raw) {
  auto name = rooms::sanitize_file_name(raw);
  FUZZ_CHECK(name.find('/') == std::string::npos && name.find('\\') == std::string::npos);
  FUZZ_CHECK(name != "." && name != "..");
  long length = safe_code_points(name);
  FUZZ_CHECK(length >= 1 && length <= long(rooms::kMaxFileNameCodePoints));
  FUZZ_CHECK(rooms::sanitize_file_name(name) == name);
  auto header = rooms::content_disposition("inline", name);
  FUZZ_CHECK(header.find_first_of("\r\n") == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? "" : input.substr(newline + 1);

  check_name(input);
  check_name(rooms::decode_header_file_name(content_type));
  auto sniffed = rooms::sniff_file_type(body, "upload");
  if (sniffed.show_inline) FUZZ_CHECK(rooms::shown_inline(sniffed.content_type));

  auto boundary = http::multipart_boundary(content_type);
  if (!boundary) return 0;
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);
  auto form = http::first_file_part(body, *boundary);
  if (form.status != http::FormStatus::ok) {
    FUZZ_CHECK(!form.reason.empty());
    return 0;
  }
  const char* begin = form.file.data.data();
  FUZZ_CHECK(form.file.data.empty() ||
             (begin >= body.data() && begin + form.file.data.size() <= body.data() + body.size()));
  check_name(form.file.filename);
  return 0;
}
