// Minimal streaming JSON writer for the bench tools' one-line results: objects, arrays,
// numbers in fixed-point notation (Boost.JSON would print 1.5 as 1.5E0, which is awkward in
// reports), integers, booleans, null and escaped strings. Keys are written as given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bench {

class JsonOut {
 public:
  JsonOut& begin_object(std::string_view key = {}) { return open(key, '{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array(std::string_view key = {}) { return open(key, '['); }
  JsonOut& end_array() { return close(']'); }
  // A non-finite value is written as null.
  JsonOut& num(std::string_view key, double v, int prec = 3);
  JsonOut& integer(std::string_view key, int64_t v);
  JsonOut& boolean(std::string_view key, bool v);
  JsonOut& null(std::string_view key);
  JsonOut& str(std::string_view key, std::string_view v);
  const std::string& text() const { return s_; }

 private:
  JsonOut& open(std::string_view key, char c);
  JsonOut& close(char c);
  void prefix(std::string_view key);

  std::string s_;
  bool first_ = true;
};

}  // namespace bench
