// Unit tests for parse_json, the JSON reader behind Socket.IO packet decoding: it must read
// values as JavaScript's JSON.parse does, in particular numbers rounded correctly and strings
// with lone surrogates kept.
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
  EXPECT_TRUE(rejects("\"\x80\""));  // a lone continuation byte
  EXPECT_TRUE(rejects("\"\xc3\""));  // a sequence cut short
  EXPECT_TRUE(rejects("\"\xe2\x82\""));
  EXPECT_TRUE(rejects("\"\xc0\xaf\""));  // overlong forms
  EXPECT_TRUE(rejects("\"\xe0\x80\xaf\""));
  EXPECT_TRUE(rejects("\"\xf0\x8f\xbf\xbf\""));
  EXPECT_TRUE(rejects("\"\xf4\x90\x80\x80\""));  // beyond U+10FFFF
  EXPECT_TRUE(rejects("\"\xf5\x80\x80\x80\""));
  EXPECT_TRUE(rejects("[\"\xc3\xa9\", \xc3\xa9]"));  // outside a string
}

TEST(JsonReader, ReadsValidUtf8) {
  EXPECT_EQ(parse("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"")
                .as_string(),
            "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
}

// allow_invalid_utf8 lets such bytes through as they are, raw surrogate forms included.
TEST(JsonReader, AllowInvalidUtf8KeepsTheBytes) {
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  EXPECT_EQ(parse("\"a\xff\xed\xa0\x80\"", options).as_string(), "a\xff\xed\xa0\x80");
}

// JSON.parse accepts a lone surrogate escape. Such a string has no UTF-8 form; it is kept in
// generalized UTF-8, where U+D800..U+DFFF take 3 bytes, ED A0 80..ED BF BF.
TEST(JsonReader, KeepsLoneSurrogatesAsTheirThreeByteForm) {
  EXPECT_EQ(parse(R"("\ud800")").as_string(), "\xed\xa0\x80");
  EXPECT_EQ(parse(R"("\udbff")").as_string(), "\xed\xaf\xbf");
  EXPECT_EQ(parse(R"("\udc00")").as_string(), "\xed\xb0\x80");
  EXPECT_EQ(parse(R"("\uDFFF")").as_string(), "\xed\xbf\xbf");
  EXPECT_EQ(parse(R"("a\uDC00b")").as_string(),
            "a\xed\xb0\x80"
            "b");
}

// Only a high surrogate followed at once by a low one is a pair; any other surrogate stays alone.
TEST(JsonReader, PairsOnlyAHighSurrogateFollowedByALowOne) {
  EXPECT_EQ(parse(R"("\ud83d\ude00")").as_string(), "\xf0\x9f\x98\x80");  // U+1F600
  EXPECT_EQ(parse(R"("\uD800\uDC00\uDBFF\uDFFF")").as_string(),
            "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");  // U+10000, U+10FFFF
  EXPECT_EQ(parse(R"("\udbff\ud800")").as_string(), "\xed\xaf\xbf\xed\xa0\x80");
  EXPECT_EQ(parse(R"("\ude00\ud83d")").as_string(), "\xed\xb8\x80\xed\xa0\xbd");
  EXPECT_EQ(parse(R"("\ud800\udbff\udc00")").as_string(), "\xed\xa0\x80\xf4\x8f\xb0\x80");
  EXPECT_EQ(parse(R"("\ud83dx\ude00")").as_string(), "\xed\xa0\xbdx\xed\xb8\x80");
  EXPECT_EQ(parse(R"("\ud83d\n")").as_string(), "\xed\xa0\xbd\n");
  EXPECT_EQ(parse(R"("\ud83d\u0041")").as_string(),
            "\xed\xa0\xbd"
            "A");
  EXPECT_EQ(parse(R"("\ud83d\ud83d\ude00")").as_string(), "\xed\xa0\xbd\xf0\x9f\x98\x80");
}

TEST(JsonReader, KeepsLoneSurrogatesInKeysAndNestedValues) {
  auto value = parse(R"({"\ud800k":["\udc00",{"x":"\udfff"}]})");
  const auto& object = value.as_object();
  ASSERT_EQ(object.size(), 1u);
  EXPECT_EQ(object.begin()->key(), "\xed\xa0\x80k");
  EXPECT_EQ(object.begin()->value().as_array()[0].as_string(), "\xed\xb0\x80");
  EXPECT_EQ(object.begin()->value().as_array()[1].as_object().at("x").as_string(), "\xed\xbf\xbf");
}

// What a Node.js Socket.IO server echoes for 42["message","\ud800","a\uDC00b","\udbff\ud800"].
TEST(JsonReader, LoneSurrogatesComeBackAsJsonStringifyWritesThem) {
  EXPECT_EQ(to_json(parse(R"(["message","\ud800","a\uDC00b","\udbff\ud800"])")),
            R"(["message","\ud800","a\udc00b","\udbff\ud800"])");
  EXPECT_EQ(to_json(parse(R"({"\ud800k":"\udc00","e":"\ud83d\ude00"})")),
            "{\"\\ud800k\":\"\\udc00\",\"e\":\"\xf0\x9f\x98\x80\"}");
}

// Surrogates come only from escapes: their bytes in the text are invalid UTF-8, as in JSON.parse
// of a Buffer's text, where they would become U+FFFD.
TEST(JsonReader, RejectsRawSurrogateBytes) {
  EXPECT_TRUE(rejects("\"\xed\xa0\x80\""));
  EXPECT_TRUE(rejects("\"\xed\xbf\xbf\""));
  EXPECT_TRUE(rejects("\"\xed\xa0\xbd\xed\xb8\x80\""));  // a pair in 3-byte forms (CESU-8)
  EXPECT_TRUE(rejects("{\"\xed\xa0\x80\":1}"));
  EXPECT_EQ(parse("\"\xed\x9f\xbf\"").as_string(), "\xed\x9f\xbf");  // U+D7FF is fine
}

TEST(JsonReader, RejectsMalformedUnicodeEscapes) {
  EXPECT_TRUE(rejects(R"("\u12")"));
  EXPECT_TRUE(rejects(R"("\u12g4")"));
  EXPECT_TRUE(rejects(R"("\ud800\u")"));
  EXPECT_TRUE(rejects(R"("\ud800\udc0")"));
  EXPECT_TRUE(rejects(R"("\ud800\uzzzz")"));
  EXPECT_TRUE(rejects(R"("\U0041")"));
  EXPECT_TRUE(rejects(R"("\x41")"));
  EXPECT_TRUE(rejects(R"("\ud800)"));
}

TEST(JsonReader, ReadsLiteralsAndEmptyContainers) {
  EXPECT_EQ(to_json(parse(R"([true,false,null,[],{},"",[[]],{"a":{}}])")),
            R"([true,false,null,[],{},"",[[]],{"a":{}}])");
  EXPECT_TRUE(rejects("tru"));
  EXPECT_TRUE(rejects("nul1"));
  EXPECT_TRUE(rejects("True"));
}

TEST(JsonReader, RejectsMalformedNumbers) {
  EXPECT_TRUE(rejects("-"));
  EXPECT_TRUE(rejects("+1"));
  EXPECT_TRUE(rejects("1."));
  EXPECT_TRUE(rejects(".5"));
  EXPECT_TRUE(rejects("1e"));
  EXPECT_TRUE(rejects("1e+"));
  EXPECT_TRUE(rejects("[1.e5]"));
  EXPECT_TRUE(rejects("-01"));
  EXPECT_TRUE(rejects("0x10"));
}

// JSON.parse takes any exponent, however long: the number is then infinite or zero.
TEST(JsonReader, ReadsHugeExponents) {
  EXPECT_EQ(parse("1e99999999999999999999").as_double(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse("-1e99999999999999999999").as_double(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse("1e-99999999999999999999").as_double(), 0.0);
  EXPECT_EQ(parse("0.00001e-320").as_double(), 0.0);
  EXPECT_EQ(parse("100000e304").as_double(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parse("0e99999").as_double(), 0.0);
}

TEST(JsonReader, RejectsMalformedContainers) {
  EXPECT_TRUE(rejects("[1 2]"));
  EXPECT_TRUE(rejects("[,1]"));
  EXPECT_TRUE(rejects("{\"a\"}"));
  EXPECT_TRUE(rejects("{\"a\":}"));
  EXPECT_TRUE(rejects("{\"a\":1,}"));
  EXPECT_TRUE(rejects("{1:1}"));
  EXPECT_TRUE(rejects("[1}"));
  EXPECT_TRUE(rejects("{\"a\":1]"));
  EXPECT_TRUE(rejects("]"));
}

TEST(JsonReader, HonoursTrailingCommasAndCommentsWhenAllowed) {
  json::parse_options options;
  options.allow_trailing_commas = true;
  EXPECT_EQ(to_json(parse("[1,]", options)), "[1]");
  EXPECT_EQ(to_json(parse("{\"a\":[1 , ] , }", options)), R"({"a":[1]})");
  EXPECT_TRUE(rejects("[,]", options));
  EXPECT_TRUE(rejects("[1,,]", options));
  options = {};
  options.allow_comments = true;
  EXPECT_EQ(to_json(parse("/* a */ [1, // b\n 2 /**/] // c", options)), "[1,2]");
  EXPECT_EQ(to_json(parse("{/***/\"a\"/*:*/:1}", options)), R"({"a":1})");
  EXPECT_TRUE(rejects("[1 /* open", options));
  EXPECT_TRUE(rejects("[1 / 2]", options));
  EXPECT_TRUE(rejects("[1] // c"));
}

TEST(JsonReader, AppliesMaximumDepth) {
  json::parse_options options;
  options.max_depth = 2;
  EXPECT_EQ(to_json(parse("[[1]]", options)), "[[1]]");
  EXPECT_TRUE(rejects("[[[1]]]", options));
  EXPECT_TRUE(rejects("[{\"a\":{}}]", options));
  options.max_depth = 0;
  EXPECT_EQ(parse("1", options).as_int64(), 1);
  EXPECT_TRUE(rejects("[]", options));
}

TEST(JsonReader, ReadsDeepNestingUpToMaximumDepth) {
  json::parse_options options;
  options.max_depth = 10'000;
  const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
  EXPECT_EQ(to_json(parse(deep, options)), deep);
  EXPECT_TRUE(rejects("[" + deep + "]", options));
}

}  // namespace
