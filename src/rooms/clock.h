// Wall-clock time as milliseconds since the Unix epoch, and its ISO 8601 form as the API
// writes it (2026-11-22T10:15:30.123Z) and reads it (a date, or a date and time with optional
// fraction and zone; no zone means UTC).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace rooms {

store::Millis now_millis();
std::string format_iso8601(store::Millis millis);
std::optional<store::Millis> parse_iso8601(std::string_view text);

}  // namespace rooms
