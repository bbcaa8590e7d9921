// The MessagePack codec of the Redis adapter: byte-exact encodings as notepack.io writes them,
// every decoder form, Buffers as Socket.IO attachments, and refusals of malformed input.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cluster/msgpack.h"

namespace {

namespace json = boost::json;
using cluster::msgpack::decode;
using cluster::msgpack::DecodeError;
using cluster::msgpack::encode;

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(char(b));
  return out;
}

TEST(ClusterMsgpack, IntegersUseTheSmallestForm) {
  EXPECT_EQ(encode(0), bytes({0x00}));
  EXPECT_EQ(encode(127), bytes({0x7f}));
  EXPECT_EQ(encode(128), bytes({0xcc, 0x80}));
  EXPECT_EQ(encode(256), bytes({0xcd, 0x01, 0x00}));
  EXPECT_EQ(encode(65536), bytes({0xce, 0x00, 0x01, 0x00, 0x00}));
  EXPECT_EQ(encode(int64_t(1) << 32), bytes({0xcf, 0, 0, 0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(encode(-1), bytes({0xff}));
  EXPECT_EQ(encode(-32), bytes({0xe0}));
  EXPECT_EQ(encode(-33), bytes({0xd0, 0xdf}));
  EXPECT_EQ(encode(-129), bytes({0xd1, 0xff, 0x7f}));
  EXPECT_EQ(encode(-40000), bytes({0xd2, 0xff, 0xff, 0x63, 0xc0}));
}

TEST(ClusterMsgpack, DoublesWithIntegralValuesAreIntegersAsInJavaScript) {
  EXPECT_EQ(encode(2.0), bytes({0x02}));
  EXPECT_EQ(encode(1.5), bytes({0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(encode(-0.0), bytes({0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(ClusterMsgpack, StringsArraysAndMaps) {
  EXPECT_EQ(encode(json::value("ab")), bytes({0xa2, 'a', 'b'}));
  EXPECT_EQ(encode(json::value(std::string(32, 'x'))).substr(0, 2), bytes({0xd9, 0x20}));
  EXPECT_EQ(encode(json::value(std::string(300, 'x'))).substr(0, 3), bytes({0xda, 0x01, 0x2c}));
  EXPECT_EQ(encode(json::parse(R"({"a":[1,true,null]})")),
            bytes({0x81, 0xa1, 'a', 0x93, 0x01, 0xc3, 0xc0}));
  json::array sixteen(16, json::value(0));
  EXPECT_EQ(encode(sixteen).substr(0, 3), bytes({0xdc, 0x00, 0x10}));
}

TEST(ClusterMsgpack, PlaceholdersBecomeBinAndBack) {
  std::vector<std::string> attachments{"abc"};
  auto value = json::parse(R"(["file",{"_placeholder":true,"num":0}])");
  auto encoded = encode(value, &attachments);
  EXPECT_EQ(encoded, bytes({0x92, 0xa4, 'f', 'i', 'l', 'e', 0xc4, 0x03, 'a', 'b', 'c'}));
  auto decoded = decode(encoded);
  EXPECT_EQ(decoded.value, value);
  ASSERT_EQ(decoded.binaries.size(), 1u);
  EXPECT_EQ(decoded.binaries[0], "abc");
}

TEST(ClusterMsgpack, PlaceholderWithoutAttachmentsStaysAMap) {
  auto value = json::parse(R"({"_placeholder":true,"num":3})");
  EXPECT_EQ(encode(value, nullptr)[0], char(0x82));
  std::vector<std::string> one{"x"};
  EXPECT_EQ(encode(value, &one)[0], char(0x82));  // num out of range
}

TEST(ClusterMsgpack, DecodesEveryWideForm) {
  EXPECT_EQ(decode(bytes({0xca, 0x3f, 0xc0, 0, 0})).value, json::value(1.5));
  EXPECT_EQ(decode(bytes({0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe})).value,
            json::value(-2));
  EXPECT_EQ(decode(bytes({0xcd, 0x01, 0x00})).value, json::value(256));
  EXPECT_EQ(decode(bytes({0xdb, 0, 0, 0, 1, 'z'})).value, json::value("z"));
  EXPECT_EQ(decode(bytes({0xde, 0, 1, 0xa1, 'k', 0xc2})).value, json::parse(R"({"k":false})"));
  EXPECT_EQ(decode(bytes({0xdd, 0, 0, 0, 1, 0x05})).value, json::parse("[5]"));
  EXPECT_EQ(decode(bytes({0xc5, 0, 2, 'h', 'i'})).binaries.at(0), "hi");
}

TEST(ClusterMsgpack, NotepackUndefinedAndDate) {
  EXPECT_TRUE(decode(bytes({0xd4, 0x00, 0x00})).value.is_null());
  auto date = decode(bytes({0xd7, 0x00, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0})).value;
  EXPECT_EQ(date, json::value(1.0));
  EXPECT_TRUE(decode(bytes({0xd5, 0x07, 1, 2})).value.is_null());
}

TEST(ClusterMsgpack, RoundTripsAnEmitterMessage) {
  auto message = json::parse(
      R"(["emitter",{"type":2,"data":["new-message",{"text":"h\u00e9","n":-7.25}],"nsp":"/room/x"},)"
      R"({"rooms":["a"],"except":[],"flags":{}}])");
  EXPECT_EQ(decode(encode(message)).value, message);
}

TEST(ClusterMsgpack, RefusesMalformedInput) {
  EXPECT_THROW(decode(""), DecodeError);
  EXPECT_THROW(decode(bytes({0xc1})), DecodeError);
  EXPECT_THROW(decode(bytes({0xa3, 'a'})), DecodeError);
  EXPECT_THROW(decode(bytes({0x01, 0x02})), DecodeError);
  EXPECT_THROW(decode(bytes({0x81, 0x01, 0x02})), DecodeError);  // integer key
  EXPECT_THROW(decode(bytes({0xdd, 0xff, 0xff, 0xff, 0xff})), DecodeError);
  EXPECT_THROW(decode(bytes({0xc6, 0xff, 0xff, 0xff, 0xff})), DecodeError);
  EXPECT_THROW(decode(std::string(100, char(0x91))), DecodeError);  // too deep
}

TEST(ClusterMsgpack, ElementLimitCountsTheWholeMessage) {
  cluster::msgpack::Limits limits;
  limits.max_elements = 3;
  EXPECT_NO_THROW(decode(bytes({0x93, 1, 2, 3}), limits));
  EXPECT_THROW(decode(bytes({0x92, 0x92, 1, 2, 0x91, 3}), limits), DecodeError);
}

}  // namespace
