// The value forms of build/carrel's flags (docs/configuration.md): durations, sizes and rates.
#include "app/config.h"

#include <gtest/gtest.h>

namespace app {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, AcceptsUnitsAndPlainSeconds) {
  EXPECT_EQ(parse_duration("300s"), 300s);
  EXPECT_EQ(parse_duration("5m"), 5min);
  EXPECT_EQ(parse_duration("2h"), 2h);
  EXPECT_EQ(parse_duration("45"), 45s);
  EXPECT_EQ(parse_duration("250ms"), 250ms);
}

TEST(ParseDuration, RefusesAnythingElse) {
  for (const char* text : {"", "s", "5 m", "-5s", "5d", "1.5h", "m5", "5mm"})
    EXPECT_FALSE(parse_duration(text)) << text;
}

TEST(ParseSize, AcceptsBinaryUnitsAndPlainBytes) {
  EXPECT_EQ(parse_size("25MiB"), 25u << 20);
  EXPECT_EQ(parse_size("512KiB"), 512u << 10);
  EXPECT_EQ(parse_size("1048576"), 1048576u);
  EXPECT_EQ(parse_size("2GiB"), 2ull << 30);
}

TEST(ParseSize, RefusesAnythingElse) {
  for (const char* text : {"", "MiB", "25MB", "25 MiB", "-1", "1.5MiB"})
    EXPECT_FALSE(parse_size(text)) << text;
}

TEST(ParseRate, AcceptsCountsPerSecondMinuteOrHour) {
  EXPECT_EQ(parse_rate("100/min"), (Rate{100, 60s}));
  EXPECT_EQ(parse_rate("1000/hour"), (Rate{1000, 3600s}));
  EXPECT_EQ(parse_rate("5/sec"), (Rate{5, 1s}));
}

TEST(ParseRate, RefusesAnythingElse) {
  for (const char* text : {"", "100", "/min", "100/day", "100 / min", "x/min"})
    EXPECT_FALSE(parse_rate(text)) << text;
}

}  // namespace
}  // namespace app
