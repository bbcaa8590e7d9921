// Chat content from clients through sanitize_message(): never crashes, grows at most five-fold,
// is empty only for empty input, is idempotent, and leaves no <script tag or javascript:
// scheme behind.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "rooms/sanitize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string clean = rooms::sanitize_message(text);
  FUZZ_CHECK(clean.size() <= 5 * text.size());
  FUZZ_CHECK(clean.empty() == text.empty());
  FUZZ_CHECK(rooms::sanitize_message(clean) == clean);
  std::string lowered = clean;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  FUZZ_CHECK(lowered.find("<script") == std::string::npos);
  FUZZ_CHECK(lowered.find("javascript:") == std::string::npos);
  return 0;
}
