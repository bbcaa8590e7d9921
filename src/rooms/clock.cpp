#include "rooms/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace rooms {

namespace {

// Reads exactly `digits` decimal digits at `at`.
std::optional<int> number(std::string_view text, size_t at, size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

int64_t days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = unsigned(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + int64_t(day_of_era) - 719468;
}

// The zone suffix at `at` ("Z", "+02:00", "-0530" or nothing) as an offset in minutes.
std::optional<int> zone_offset(std::string_view text, size_t at) {
  if (at == text.size()) return 0;
  if (text[at] == 'Z' || text[at] == 'z')
    return at + 1 == text.size() ? std::optional(0) : std::nullopt;
  if (text[at] != '+' && text[at] != '-') return std::nullopt;
  auto hours = number(text, at + 1, 2);
  size_t minutes_at = at + 3 < text.size() && text[at + 3] == ':' ? at + 4 : at + 3;
  auto minutes = number(text, minutes_at, 2);
  if (!hours || !minutes || minutes_at + 2 != text.size() || *hours > 23 || *minutes > 59)
    return std::nullopt;
  int offset = *hours * 60 + *minutes;
  return text[at] == '-' ? -offset : offset;
}

}  // namespace

store::Millis now_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_iso8601(store::Millis millis) {
  std::time_t seconds = std::time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000);
  int fraction = int(millis - int64_t(seconds) * 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];  // room for any int fields, though real years have four digits
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  return text;
}

std::optional<store::Millis> parse_iso8601(std::string_view text) {
  auto year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-' || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31)
    return std::nullopt;
  int64_t millis = days_from_civil(*year, unsigned(*month), unsigned(*day)) * 86'400'000;
  if (text.size() == 10) return millis;
  if (text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
    return std::nullopt;
  auto hour = number(text, 11, 2), minute = number(text, 14, 2), second = number(text, 17, 2);
  if (!hour || !minute || !second || text[13] != ':' || text[16] != ':' || *hour > 23 ||
      *minute > 59 || *second > 60)
    return std::nullopt;
  millis += (*hour * 3600 + *minute * 60 + *second) * 1000LL;
  size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    size_t digits = 0;
    int64_t fraction = 0, scale = 1000;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 3) fraction = fraction * 10 + (text[at] - '0'), scale /= 10;
    }
    if (digits == 0) return std::nullopt;
    millis += fraction * scale;
  }
  auto offset = zone_offset(text, at);
  if (!offset) return std::nullopt;
  return millis - int64_t(*offset) * 60'000;
}

}  // namespace rooms
