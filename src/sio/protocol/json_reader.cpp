// A Boost.JSON basic_parser handler that builds values as boost::json::parser does, except that
// non-integer numbers are converted from their text with std::from_chars (correctly rounded).
#include "sio/protocol/json_reader.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cstdint>
#include <string>

namespace sio::protocol {
namespace {

namespace json = boost::json;
using boost::system::error_code;

class Handler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) {
    stack.push_object(n);
    return true;
  }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code&) {
    stack.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view s, error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, error_code&) {
    number_.clear();
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) {
    number_.clear();
    stack.push_uint64(u);
    return true;
  }
  // `s` is the number's text, or its rest when earlier parts came through on_number_part.
  bool on_double(double d, json::string_view s, error_code&) {
    number_.append(s.data(), s.size());
    double exact = 0;
    auto [end, ec] = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    // Out of range (1e400, 1e-400): keep Boost's infinity or zero, as JSON.parse gives.
    if (ec == std::errc() && end == number_.data() + number_.size()) d = exact;
    number_.clear();
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

 private:
  std::string number_;
};

}  // namespace

json::value parse_json(std::string_view text, error_code& ec, const json::parse_options& options) {
  json::basic_parser<Handler> parser(options);
  parser.handler().stack.reset();
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = json::error::extra_data;
  if (ec) return nullptr;
  return parser.handler().stack.release();
}

}  // namespace sio::protocol
