// RESP2 command formatting, reply parsing over hiredis's redisReader, and redis:// URLs.
#include "cluster/resp.h"

#include <hiredis/hiredis.h>

#include <charconv>
#include <stdexcept>

namespace cluster {

void append_command(std::string& out, const std::vector<std::string>& args) {
  out += '*';
  out += std::to_string(args.size());
  out += "\r\n";
  for (const auto& arg : args) {
    out += '$';
    out += std::to_string(arg.size());
    out += "\r\n";
    out += arg;
    out += "\r\n";
  }
}

std::string format_command(const std::vector<std::string>& args) {
  std::string out;
  append_command(out, args);
  return out;
}

namespace {

Reply convert(const redisReply* raw) {
  Reply reply;
  switch (raw->type) {
    case REDIS_REPLY_STRING:
      reply.type = Reply::Type::string;
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = Reply::Type::array;
      break;
    case REDIS_REPLY_INTEGER:
      reply.type = Reply::Type::integer;
      break;
    case REDIS_REPLY_STATUS:
      reply.type = Reply::Type::status;
      break;
    case REDIS_REPLY_ERROR:
      reply.type = Reply::Type::error;
      break;
    default:
      reply.type = Reply::Type::nil;
      break;
  }
  if (raw->str) reply.text.assign(raw->str, raw->len);
  reply.integer = raw->integer;
  for (size_t i = 0; i < raw->elements; ++i) reply.elements.push_back(convert(raw->element[i]));
  return reply;
}

}  // namespace

struct ReplyParser::Impl {
  redisReader* reader = redisReaderCreate();
  ~Impl() { redisReaderFree(reader); }
};

ReplyParser::ReplyParser() : impl_(std::make_unique<Impl>()) {
  if (!impl_->reader) throw std::bad_alloc();
}

ReplyParser::~ReplyParser() = default;

void ReplyParser::feed(std::string_view bytes) {
  if (redisReaderFeed(impl_->reader, bytes.data(), bytes.size()) != REDIS_OK)
    throw std::runtime_error("redis: cannot buffer reply bytes");
}

std::optional<Reply> ReplyParser::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(impl_->reader, &raw) != REDIS_OK)
    throw std::runtime_error(std::string("redis: protocol error: ") + impl_->reader->errstr);
  if (!raw) return std::nullopt;
  auto reply = convert(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return reply;
}

RedisAddress parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) throw std::invalid_argument("redis URL must start with redis://");
  auto rest = url.substr(kScheme.size());
  RedisAddress address;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    auto db = rest.substr(slash + 1);
    if (!db.empty() &&
        std::from_chars(db.data(), db.data() + db.size(), address.db).ec != std::errc{})
      throw std::invalid_argument("redis URL: bad database number");
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = credentials.find(':');
    address.user = std::string(credentials.substr(0, colon));
    if (colon != std::string_view::npos) address.password = credentials.substr(colon + 1);
  }
  if (rest.starts_with('[')) {  // [::1]:6379
    auto close = rest.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("redis URL: bad IPv6 host");
    address.host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (rest.starts_with(':')) address.port = rest.substr(1);
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    address.host = rest.substr(0, colon);
    address.port = rest.substr(colon + 1);
  } else if (!rest.empty()) {
    address.host = rest;
  }
  if (address.host.empty() || address.port.empty())
    throw std::invalid_argument("redis URL: missing host or port");
  return address;
}

}  // namespace cluster
