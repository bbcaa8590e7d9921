// Request fields are validated with one message per bad field.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "rooms/fields.h"

namespace {

using rooms::Fields;
namespace json = boost::json;

TEST(Fields, ReadsValidFields) {
  auto body = json::parse(R"({"name":"  Ada ","email":"Ada@Example.org","n":5,"flag":true,
                              "type":"EMOJI","id":"0E47DD93-470F-4922-AF4F-BBEE5F791615"})");
  Fields fields(body);
  EXPECT_EQ(fields.string("name", {.min = 1, .max = 10}), "Ada");
  EXPECT_EQ(fields.email("email"), "ada@example.org");
  EXPECT_EQ(fields.integer("n", true, 1, 10), 5);
  EXPECT_EQ(fields.boolean("flag"), true);
  EXPECT_EQ(fields.one_of("type", {"TEXT", "EMOJI"}, true), "EMOJI");
  EXPECT_EQ(fields.uuid("id", true), "0e47dd93-470f-4922-af4f-bbee5f791615");
  EXPECT_TRUE(fields.ok());
}

TEST(Fields, ListsEveryBadField) {
  auto body =
      json::parse(R"({"name":"","email":"nope","n":"5","flag":1,"type":"HTML","id":"1 OR 1=1"})");
  Fields fields(body);
  fields.string("name", {.min = 1, .max = 10});
  fields.email("email");
  fields.integer("n", true, 1, 10);
  fields.boolean("flag");
  fields.one_of("type", {"TEXT", "EMOJI"}, true);
  fields.uuid("id", true);
  fields.string("missing");
  EXPECT_FALSE(fields.ok());
  for (const char* key : {"name", "email", "n", "flag", "type", "id", "missing"})
    EXPECT_TRUE(fields.errors().contains(key)) << key;
}

TEST(Fields, CountsCharactersNotBytes) {
  std::string thousand_emoji;
  for (int i = 0; i < 1000; ++i) thousand_emoji += "😀";
  json::value body = json::object{{"content", thousand_emoji}};
  Fields fields(body);
  EXPECT_TRUE(fields.string("content", {.min = 1, .max = 1000}).has_value());
  EXPECT_EQ(rooms::code_points("añ😀"), 3u);
}

TEST(Fields, ABodyThatIsNotAnObjectIsOneError) {
  json::value body = json::array{1, 2};
  Fields fields(body);
  EXPECT_FALSE(fields.ok());
  EXPECT_TRUE(fields.errors().contains("body"));
}

TEST(Fields, NullReadsAsAbsent) {
  auto body = json::parse(R"({"duration":null})");
  Fields fields(body);
  EXPECT_EQ(fields.integer("duration", false, 1, 10), std::nullopt);
  EXPECT_TRUE(fields.ok());
}

TEST(Fields, RejectsNonIntegralAndOutOfRangeNumbers) {
  auto body = json::parse(R"({"a":1.5,"b":100,"c":18446744073709551615})");
  Fields fields(body);
  fields.integer("a", true, 0, 10);
  fields.integer("b", true, 0, 10);
  fields.integer("c", true, 0, 10);
  EXPECT_EQ(fields.errors().size(), 3u);
}

TEST(Fields, WholeDoublesCountAsIntegersAndHugeOnesAreRefused) {
  auto body = json::parse(R"({"whole":25.0,"exp":1e3,"huge":1e80,"tiny":-9.3e18,"edge":9.3e18})");
  Fields fields(body);
  EXPECT_EQ(fields.integer("whole", true, 0, 100), 25);
  EXPECT_EQ(fields.integer("exp", true, 0, 1000), 1000);
  EXPECT_EQ(fields.integer("huge", true, 0, 100), std::nullopt);
  EXPECT_EQ(fields.integer("tiny", true, 0, 100), std::nullopt);
  EXPECT_EQ(fields.integer("edge", true, 0, 100), std::nullopt);
  EXPECT_EQ(fields.errors().at("huge").as_string(), "must be an integer");
  EXPECT_EQ(fields.errors().size(), 3u);
}

}  // namespace
