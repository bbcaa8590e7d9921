// Unit tests for the JSON writer: its output must be byte-identical to JavaScript's
// JSON.stringify. Every expected string below was produced by JSON.stringify in Node.js 20.
#include "sio/protocol/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace {

namespace json = boost::json;
using sio::protocol::append_js_number;
using sio::protocol::append_json;
using sio::protocol::to_json;
using namespace std::string_literals;

std::string js_number(double number) {
  std::string out;
  append_js_number(out, number);
  return out;
}

std::string js_string(std::string_view s) {
  return to_json(json::string(s));
}

// --- literals and integers ------------------------------------------------------------------

TEST(JsonWriter, WritesLiterals) {
  EXPECT_EQ(to_json(nullptr), "null");
  EXPECT_EQ(to_json(true), "true");
  EXPECT_EQ(to_json(false), "false");
}

TEST(JsonWriter, WritesSafeIntegersExactly) {
  EXPECT_EQ(to_json(0), "0");
  EXPECT_EQ(to_json(-1), "-1");
  EXPECT_EQ(to_json(std::int64_t{9007199254740991}), "9007199254740991");
  EXPECT_EQ(to_json(std::int64_t{-9007199254740992}), "-9007199254740992");
  EXPECT_EQ(to_json(std::uint64_t{9007199254740992}), "9007199254740992");
}

// JSON.parse rounds such integers to a double, so JSON.stringify never writes them exactly.
TEST(JsonWriter, WritesIntegersBeyondTwoToThe53AsTheNearestDouble) {
  EXPECT_EQ(to_json(std::int64_t{9007199254740993}), "9007199254740992");
  EXPECT_EQ(to_json(std::numeric_limits<std::int64_t>::min()), "-9223372036854776000");
  EXPECT_EQ(to_json(std::numeric_limits<std::int64_t>::max()), "9223372036854776000");
  EXPECT_EQ(to_json(std::numeric_limits<std::uint64_t>::max()), "18446744073709552000");
}

// --- doubles --------------------------------------------------------------------------------

TEST(JsonWriter, WritesShortestRoundTripDigits) {
  EXPECT_EQ(to_json(1.5), "1.5");
  EXPECT_EQ(to_json(0.1), "0.1");
  EXPECT_EQ(to_json(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(to_json(-2.5), "-2.5");
  EXPECT_EQ(to_json(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(JsonWriter, WritesIntegralDoublesWithoutFraction) {
  EXPECT_EQ(to_json(2.0), "2");
  EXPECT_EQ(to_json(100.0), "100");
  EXPECT_EQ(to_json(9007199254740994.0), "9007199254740994");
}

TEST(JsonWriter, WritesPlainNotationUpToTwentyOneDigits) {
  EXPECT_EQ(to_json(1e20), "100000000000000000000");
  EXPECT_EQ(to_json(123456789012345680000.0), "123456789012345680000");
}

TEST(JsonWriter, WritesExponentNotationFrom1e21) {
  EXPECT_EQ(to_json(1e21), "1e+21");
  EXPECT_EQ(to_json(1.5e300), "1.5e+300");
  EXPECT_EQ(to_json(-1e21), "-1e+21");
}

TEST(JsonWriter, WritesSmallNumbersPlainDownToOneMillionth) {
  EXPECT_EQ(to_json(0.000001), "0.000001");
  EXPECT_EQ(to_json(0.0000015), "0.0000015");
  EXPECT_EQ(to_json(0.00123), "0.00123");
}

TEST(JsonWriter, WritesExponentNotationBelowOneMillionth) {
  EXPECT_EQ(to_json(1e-7), "1e-7");
  EXPECT_EQ(to_json(-1e-7), "-1e-7");
  EXPECT_EQ(to_json(1.23e-18), "1.23e-18");
  EXPECT_EQ(to_json(5e-324), "5e-324");
}

TEST(JsonWriter, WritesNegativeZeroAsZero) {
  EXPECT_EQ(to_json(-0.0), "0");
  EXPECT_EQ(to_json(0.0), "0");
}

TEST(JsonWriter, WritesNonFiniteNumbersAsNull) {
  EXPECT_EQ(to_json(std::nan("")), "null");
  EXPECT_EQ(to_json(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(to_json(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, AppendJsNumberMatchesNumberToString) {
  EXPECT_EQ(js_number(1.5), "1.5");
  EXPECT_EQ(js_number(1e21), "1e+21");
  EXPECT_EQ(js_number(-0.0), "0");
  EXPECT_EQ(js_number(std::nan("")), "null");
}

// --- strings --------------------------------------------------------------------------------

TEST(JsonWriter, EscapesQuoteAndBackslash) {
  EXPECT_EQ(js_string(R"(say "hi" \o/)"), R"("say \"hi\" \\o/")");
}

TEST(JsonWriter, UsesShortEscapesForBackspaceFormFeedNewlineReturnAndTab) {
  EXPECT_EQ(js_string("\b\f\n\r\t"), R"("\b\f\n\r\t")");
}

TEST(JsonWriter, EscapesOtherControlCharactersAsLowercaseUnicode) {
  EXPECT_EQ(js_string("\0"s), R"("\u0000")");
  EXPECT_EQ(js_string("\x01\x0b\x0e\x1b\x1f"), R"("\u0001\u000b\u000e\u001b\u001f")");
}

TEST(JsonWriter, WritesSlashDeleteAndNonAsciiUnescaped) {
  EXPECT_EQ(js_string("a/b\x7f"), "\"a/b\x7f\"");
  EXPECT_EQ(js_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
            "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");                             // é € 😀
  EXPECT_EQ(js_string("\xe2\x80\xa8\xe2\x80\xa9"), "\"\xe2\x80\xa8\xe2\x80\xa9\"");  // U+2028/9
}

TEST(JsonWriter, WritesEveryAsciiCharacterLikeJsonStringify) {
  std::string ascii;
  for (int c = 0; c < 0x80; ++c) ascii += char(c);
  EXPECT_EQ(js_string(ascii),
            R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
            R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c)"
            R"(\u001d\u001e\u001f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\])"
            "^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\"");
}

// A lone surrogate is held in its 3-byte generalized UTF-8 form (as parse_json stores "\ud800");
// JSON.stringify writes a lone surrogate as a lower-case escape.
TEST(JsonWriter, EscapesLoneSurrogatesInLowerCase) {
  EXPECT_EQ(js_string("\xed\xa0\x80"), R"("\ud800")");
  EXPECT_EQ(js_string("a\xed\xb0\x80"
                      "b"),
            R"("a\udc00b")");
  EXPECT_EQ(js_string("x\xed\xbf\xbf"), R"("x\udfff")");
  EXPECT_EQ(js_string("\xed\xaf\xbf\xed\xa0\x80"), R"("\udbff\ud800")");  // high, high
  EXPECT_EQ(js_string("\xed\xb8\x80\xed\xa0\xbd"), R"("\ude00\ud83d")");  // low, high
  EXPECT_EQ(js_string("\xed\xb0\x80\xed\xa0\x80"), R"("\udc00\ud800")");
  EXPECT_EQ(js_string("\xed\xa0\x80\xf4\x8f\xb0\x80"), "\"\\ud800\xf4\x8f\xb0\x80\"");
}

TEST(JsonWriter, EscapesLoneSurrogatesInKeys) {
  json::object object;
  object["\xed\xa0\x80k"] = json::string("\xed\xb0\x80");
  EXPECT_EQ(to_json(object), R"({"\ud800k":"\udc00"})");
}

// In JavaScript "\ud83d" + "\ude00" is "😀", which JSON.stringify writes as raw UTF-8.
TEST(JsonWriter, WritesTwoSurrogatesThatMakeAPairAsTheirCharacter) {
  EXPECT_EQ(js_string("\xed\xa0\xbd\xed\xb8\x80"), "\"\xf0\x9f\x98\x80\"");
  EXPECT_EQ(js_string("\xed\xaf\xbf\xed\xaf\xbf\xed\xbf\xbf"), "\"\\udbff\xf4\x8f\xbf\xbf\"");
}

// Bytes ED 80..9F start U+D000..U+D7FF, ordinary characters; cut-short forms are copied as well.
TEST(JsonWriter, CopiesOtherSequencesStartingWithED) {
  EXPECT_EQ(js_string("\xed\x80\x80\xed\x9f\xbf"), "\"\xed\x80\x80\xed\x9f\xbf\"");
  EXPECT_EQ(js_string("\xed\xa0"), "\"\xed\xa0\"");
  EXPECT_EQ(js_string("\xed\xa0"
                      "a"),
            "\"\xed\xa0"
            "a\"");
  EXPECT_EQ(js_string("\xed"), "\"\xed\"");
}

// --- arrays and objects ---------------------------------------------------------------------

TEST(JsonWriter, WritesEmptyContainers) {
  EXPECT_EQ(to_json(json::array{}), "[]");
  EXPECT_EQ(to_json(json::object{}), "{}");
}

TEST(JsonWriter, WritesCompactlyWithoutWhitespace) {
  EXPECT_EQ(to_json(json::parse(R"( [ "message" , 1 , "2" , { "3" : [ true ] } ] )")),
            R"(["message",1,"2",{"3":[true]}])");
}

TEST(JsonWriter, KeepsObjectKeysInInsertionOrder) {
  json::object object;
  object["zebra"] = 1;
  object["apple"] = 2;
  object["mango"] = 3;
  EXPECT_EQ(to_json(object), R"({"zebra":1,"apple":2,"mango":3})");
}

TEST(JsonWriter, EscapesObjectKeys) {
  json::object object;
  object["a\"b\n"] = nullptr;
  EXPECT_EQ(to_json(object), R"({"a\"b\n":null})");
}

TEST(JsonWriter, WritesNestedValues) {
  json::value value = json::parse(R"({"a":[1,2.5,{"b":null}],"c":{"d":[[],{}]},"e":"f"})");
  EXPECT_EQ(to_json(value), R"({"a":[1,2.5,{"b":null}],"c":{"d":[[],{}]},"e":"f"})");
}

TEST(JsonWriter, AppendAddsToExistingText) {
  std::string out = "42";
  append_json(out, json::array{"message", 1});
  EXPECT_EQ(out, R"(42["message",1])");
}

}  // namespace
