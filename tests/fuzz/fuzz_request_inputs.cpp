// What REST and socket clients send before any business logic sees it: the JSON body read by
// Fields with every kind of rule, ISO 8601 times, and request targets split into path
// segments and query parameters. Nothing may crash, and what validation accepts must satisfy
// its rule.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "http/router.h"
#include "rooms/clock.h"
#include "rooms/fields.h"

namespace {

void read_body(const std::string& text) {
  boost::system::error_code ec;
  auto body = boost::json::parse(text, ec);
  if (ec) return;
  rooms::Fields fields(body);
  if (auto content = fields.string("content", {.min = 1, .max = 1000}))
    FUZZ_CHECK(rooms::code_points(*content) >= 1 && rooms::code_points(*content) <= 1000);
  if (auto email = fields.email("email")) FUZZ_CHECK(email->find('@') != std::string::npos);
  if (auto number = fields.integer("duration", false, 1, 86400))
    FUZZ_CHECK(*number >= 1 && *number <= 86400);
  fields.boolean("mic");
  fields.one_of("type", {"TEXT", "EMOJI", "POLL"}, false);
  if (auto id = fields.uuid("target_user_id", false)) FUZZ_CHECK(rooms::is_uuid(*id));
  if (!fields.ok()) FUZZ_CHECK(!fields.errors().empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  read_body(text);
  if (auto millis = rooms::parse_iso8601(text)) {
    auto again = rooms::parse_iso8601(rooms::format_iso8601(*millis));
    FUZZ_CHECK(again == millis);
  }
  std::string target = "/" + text;
  for (const auto& segment : http::path_segments(target)) FUZZ_CHECK(!segment.empty());
  http::query_param(target, "before");
  return 0;
}
