// The Redis client's protocol pieces: command encoding, reply parsing fed in pieces (as bytes
// arrive from a socket), protocol errors and redis:// URLs.
#include <gtest/gtest.h>

#include "cluster/resp.h"

namespace {

using cluster::format_command;
using cluster::parse_redis_url;
using cluster::Reply;
using cluster::ReplyParser;

TEST(ClusterResp, FormatsCommandsAsBulkStringArrays) {
  EXPECT_EQ(format_command({"SET", "k", "v"}), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  using namespace std::string_literals;
  EXPECT_EQ(format_command({"PUBLISH", "c", "a\0b\r\n"s}),
            "*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$5\r\na\0b\r\n\r\n"s);
  EXPECT_EQ(format_command({""}), "*1\r\n$0\r\n\r\n");
}

TEST(ClusterResp, ParsesRepliesArrivingInPieces) {
  ReplyParser parser;
  parser.feed("+OK\r");
  EXPECT_FALSE(parser.next());
  parser.feed("\n:42\r\n$-1\r\n-ERR bad\r\n");
  auto ok = parser.next();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->type, Reply::Type::status);
  EXPECT_EQ(ok->text, "OK");
  auto number = parser.next();
  ASSERT_TRUE(number);
  EXPECT_EQ(number->type, Reply::Type::integer);
  EXPECT_EQ(number->integer, 42);
  auto nil = parser.next();
  ASSERT_TRUE(nil);
  EXPECT_EQ(nil->type, Reply::Type::nil);
  auto error = parser.next();
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->is_error());
  EXPECT_EQ(error->text, "ERR bad");
  EXPECT_FALSE(parser.next());
}

TEST(ClusterResp, ParsesPubSubMessagesWithBinaryPayloads) {
  ReplyParser parser;
  std::string payload(
      "\x93\xa7"
      "emitter\x00",
      10);
  std::string wire = "*4\r\n$8\r\npmessage\r\n$3\r\np:*\r\n$3\r\np:1\r\n$10\r\n" + payload + "\r\n";
  for (char c : wire) parser.feed(std::string(1, c));  // one byte at a time
  auto message = parser.next();
  ASSERT_TRUE(message);
  ASSERT_TRUE(message->is_array());
  ASSERT_EQ(message->elements.size(), 4u);
  EXPECT_EQ(message->elements[0].text, "pmessage");
  EXPECT_EQ(message->elements[2].text, "p:1");
  EXPECT_EQ(message->elements[3].text, payload);
}

TEST(ClusterResp, ProtocolErrorsThrow) {
  ReplyParser parser;
  parser.feed("?what\r\n");
  EXPECT_THROW(parser.next(), std::runtime_error);
}

TEST(ClusterResp, ParsesRedisUrls) {
  auto plain = parse_redis_url("redis://127.0.0.1:6380");
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, "6380");
  EXPECT_EQ(plain.db, 0);
  auto full = parse_redis_url("redis://user:se:cret@cache.internal:7000/3");
  EXPECT_EQ(full.user, "user");
  EXPECT_EQ(full.password, "se:cret");
  EXPECT_EQ(full.host, "cache.internal");
  EXPECT_EQ(full.port, "7000");
  EXPECT_EQ(full.db, 3);
  auto v6 = parse_redis_url("redis://[::1]:6379");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(parse_redis_url("redis://localhost").port, "6379");
  EXPECT_EQ(parse_redis_url("redis://:pw@h").password, "pw");
  EXPECT_THROW(parse_redis_url("http://h:1"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://h:1/x"), std::invalid_argument);
  EXPECT_THROW(parse_redis_url("redis://h:"), std::invalid_argument);
}

}  // namespace
