// ISO 8601 times as the API writes and reads them.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "rooms/clock.h"

namespace {

using rooms::format_iso8601;
using rooms::parse_iso8601;

TEST(Clock, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1'795'000'000'123), "2026-11-18T11:06:40.123Z");
}

TEST(Clock, ParsesDatesTimesFractionsAndZones) {
  EXPECT_EQ(parse_iso8601("1970-01-02"), 86'400'000);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_iso8601("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00-0030"), 1'800'000);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00"), 0);
}

TEST(Clock, RejectsMalformedText) {
  for (const char* text : {"", "yesterday", "2026-13-01", "2026-01-32", "2026-01-01T25:00:00Z",
                           "2026-01-01T10:00Z", "2026-01-01T10:00:00.Z", "2026-01-01T10:00:00ZZ",
                           "2026-01-01T10:00:00+2", "'; DROP TABLE rooms; --"})
    EXPECT_EQ(parse_iso8601(text), std::nullopt) << text;
}

TEST(Clock, PropertyFormatThenParseIsIdentity) {
  rc::check([](uint32_t seconds, uint16_t millis) {
    int64_t value = int64_t(seconds) * 1000 + millis % 1000;
    RC_ASSERT(parse_iso8601(format_iso8601(value)) == value);
  });
}

}  // namespace
