// Unit tests for parse_json, the JSON reader behind Socket.IO packet decoding: it must read
// values as JavaScript's JSON.parse does, in particular numbers rounded correctly.
#include "sio/protocol/json_reader.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "sio/protocol/json_writer.h"

namespace {

namespace json = boost::json;
using sio::protocol::parse_json;
using sio::protocol::to_json;

json::value parse(std::string_view text, const json::parse_options& options = {}) {
  boost::system::error_code ec;
  auto value = parse_json(text, ec, options);
  EXPECT_FALSE(ec) << text << ": " << ec.message();
  return value;
}

bool rejects(std::string_view text, const json::parse_options& options = {}) {
  boost::system::error_code ec;
  auto value = parse_json(text, ec, options);
  return ec && value.is_null();
}

// Boost.JSON 1.81's own parser reads these one double away from JSON.parse.
TEST(JsonReader, ReadsNumbersCorrectlyRounded) {
  EXPECT_EQ(parse("1.9943870155891414").as_double(), 1.9943870155891414);
  EXPECT_EQ(parse("240512526719601.66").as_double(), 240512526719601.66);
  EXPECT_EQ(to_json(parse("[1.9943870155891414,240512526719601.66]")),
            "[1.9943870155891414,240512526719601.66]");
}

TEST(JsonReader, ReadsExtremeDoubles) {
  EXPECT_EQ(parse("5e-324").as_double(), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parse("1.7976931348623157e308").as_double(), std::numeric_limits<double>::max());
  EXPECT_EQ(parse("-2.2250738585072014E-308").as_double(), -std::numeric_limits<double>::min());
}

// JSON.parse gives Infinity and 0 here; JSON.stringify then writes null and 0.
TEST(JsonReader, ReadsOutOfRangeNumbersAsInfinityOrZero) {
  EXPECT_EQ(parse("1e400").as_double(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse("-1e400").as_double(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse("1e-400").as_double(), 0.0);
  EXPECT_EQ(to_json(parse("[1e400,1e-400]")), "[null,0]");
}

TEST(JsonReader, KeepsIntegersAsIntegers) {
  EXPECT_EQ(parse("42").as_int64(), 42);
  EXPECT_EQ(parse("-9223372036854775808").as_int64(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parse("18446744073709551615").as_uint64(), std::numeric_limits<uint64_t>::max());
}

TEST(JsonReader, ReadsIntegersBeyond64BitsAsDoubles) {
  EXPECT_EQ(parse("18446744073709551616").as_double(), 18446744073709551616.0);
  EXPECT_EQ(parse("123456789012345678901234567890").as_double(), 1.2345678901234568e29);
}

TEST(JsonReader, ReadsNumbersWithFractionOrExponentAsDoubles) {
  EXPECT_TRUE(parse("1.0").is_double());
  EXPECT_TRUE(parse("1e2").is_double());
  EXPECT_EQ(parse("1E+2").as_double(), 100.0);
  EXPECT_TRUE(std::signbit(parse("-0.0").as_double()));
}

TEST(JsonReader, ReadsEscapedStrings) {
  EXPECT_EQ(parse(R"("a\"b\\c\/d\n\u00e9\ud83d\ude00")").as_string(),
            "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(JsonReader, KeepsObjectKeysInOrder) {
  EXPECT_EQ(to_json(parse(R"({"z":1,"a":{"y":2,"b":3}})")), R"({"z":1,"a":{"y":2,"b":3}})");
}

// JSON.parse('{"a":1,"b":2,"a":3}') is {a: 3, b: 2}.
TEST(JsonReader, KeepsTheLastValueOfARepeatedKeyInItsFirstPlace) {
  EXPECT_EQ(to_json(parse(R"({"a":1,"b":2,"a":3})")), R"({"a":3,"b":2})");
}

TEST(JsonReader, AllowsSurroundingWhitespace) {
  EXPECT_EQ(to_json(parse(" \t\r\n[1, {\"a\" : true}] \n")), R"([1,{"a":true}])");
}

TEST(JsonReader, RejectsInvalidJson) {
  EXPECT_TRUE(rejects(""));
  EXPECT_TRUE(rejects("["));
  EXPECT_TRUE(rejects("[1,]"));
  EXPECT_TRUE(rejects("{'a':1}"));
  EXPECT_TRUE(rejects("01"));
  EXPECT_TRUE(rejects("NaN"));
  EXPECT_TRUE(rejects("[1] x"));
  EXPECT_TRUE(rejects("1 2"));
  EXPECT_TRUE(rejects("\"tab\there\""));
}

TEST(JsonReader, RejectsInvalidUtf8) {
  EXPECT_TRUE(rejects("\"\xff\""));
}

// JSON.parse accepts "\ud800", but such a string has no UTF-8 form, so it cannot be held here.
TEST(JsonReader, RejectsLoneSurrogateEscapes) {
  EXPECT_TRUE(rejects(R"("\ud800")"));
}

TEST(JsonReader, AppliesMaximumDepth) {
  json::parse_options options;
  options.max_depth = 2;
  EXPECT_EQ(to_json(parse("[[1]]", options)), "[[1]]");
  EXPECT_TRUE(rejects("[[[1]]]", options));
}

}  // namespace
