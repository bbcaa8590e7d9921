// The Redis wire protocol (RESP2) pieces of the Redis client: commands are written as arrays of
// bulk strings, and replies are parsed with hiredis's reader (redisReader) into Reply values
// that own their data. Pure functions and a feed-and-pull parser, so they are tested without a
// server.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cluster {

struct Reply {
  enum class Type { string, array, integer, nil, status, error };
  Type type = Type::nil;
  std::string text;  // string, status and error
  long long integer = 0;
  std::vector<Reply> elements;

  bool is_error() const { return type == Type::error; }
  bool is_array() const { return type == Type::array; }
  static Reply error(std::string message) { return {Type::error, std::move(message), 0, {}}; }
};

// "*<n>\r\n$<len>\r\n<arg>\r\n..." for one command.
std::string format_command(const std::vector<std::string>& args);
void append_command(std::string& out, const std::vector<std::string>& args);

// Feeds bytes as they arrive and pulls complete replies out.
class ReplyParser {
 public:
  ReplyParser();
  ~ReplyParser();
  ReplyParser(const ReplyParser&) = delete;
  ReplyParser& operator=(const ReplyParser&) = delete;

  void feed(std::string_view bytes);
  // The next complete reply, or nullopt if more bytes are needed. Throws std::runtime_error on
  // a protocol error; the parser is unusable afterwards (the connection must be dropped).
  std::optional<Reply> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// redis://[[user]:password@]host[:port][/db]; throws std::invalid_argument when malformed.
struct RedisAddress {
  std::string host = "127.0.0.1";
  std::string port = "6379";
  std::string user;
  std::string password;
  int db = 0;
};
RedisAddress parse_redis_url(std::string_view url);

}  // namespace cluster
