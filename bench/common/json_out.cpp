// bench::JsonOut (see json_out.h): commas are placed by remembering whether the current
// container already has a member.
#include "json_out.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>
#include <cmath>
#include <cstdio>

namespace bench {

JsonOut& JsonOut::num(std::string_view key, double v, int prec) {
  prefix(key);
  if (!std::isfinite(v)) {
    s_ += "null";
    return *this;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  s_ += buf;
  return *this;
}

JsonOut& JsonOut::integer(std::string_view key, int64_t v) {
  prefix(key);
  s_ += std::to_string(v);
  return *this;
}

JsonOut& JsonOut::boolean(std::string_view key, bool v) {
  prefix(key);
  s_ += v ? "true" : "false";
  return *this;
}

JsonOut& JsonOut::null(std::string_view key) {
  prefix(key);
  s_ += "null";
  return *this;
}

JsonOut& JsonOut::str(std::string_view key, std::string_view v) {
  prefix(key);
  s_ += boost::json::serialize(boost::json::string_view(v.data(), v.size()));
  return *this;
}

JsonOut& JsonOut::open(std::string_view key, char c) {
  prefix(key);
  s_ += c;
  first_ = true;
  return *this;
}

JsonOut& JsonOut::close(char c) {
  s_ += c;
  first_ = false;
  return *this;
}

void JsonOut::prefix(std::string_view key) {
  if (!first_) s_ += ',';
  first_ = false;
  if (!key.empty()) {
    s_ += '"';
    s_ += key;
    s_ += "\":";
  }
}

}  // namespace bench
