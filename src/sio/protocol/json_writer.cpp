// Strings are written as JSON.stringify writes the UTF-16 string they stand for: the generalized
// UTF-8 form of a lone surrogate (see json_reader.h) becomes a \udxxx escape, two such forms that
// make a surrogate pair become the UTF-8 of their code point, and all other bytes are copied,
// only quote, backslash and control characters escaped.
//
// Number formatting follows ECMA-262 Number::toString: the shortest round-trip digits (from
// std::to_chars), written in plain notation for decimal exponents in (-7, 21] and in exponent
// notation otherwise.
#include "sio/protocol/json_writer.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace sio::protocol {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex4(std::string& out, uint32_t unit) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[unit >> shift & 15];
}

// The UTF-16 surrogate whose generalized UTF-8 form (ED A0 80..ED BF BF) is at s[i], or 0.
uint32_t surrogate_at(std::string_view s, size_t i) {
  if (i + 2 >= s.size()) return 0;
  auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
       b2 = static_cast<unsigned char>(s[i + 2]);
  if (b0 != 0xed || b1 < 0xa0 || b1 > 0xbf || (b2 & 0xc0) != 0x80) return 0;
  return 0xd000 | uint32_t(b1 & 0x3f) << 6 | (b2 & 0x3f);
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0xed) continue;
    if (c == 0xed) {
      // A surrogate: JSON.stringify escapes a lone one. Two that form a pair (which parse_json
      // never stores, but a string joined from two others may hold) are one character, which
      // it writes as is.
      const uint32_t unit = surrogate_at(s, i);
      if (unit == 0) continue;  // U+D000..U+D7FF, or not UTF-8 at all
      out.append(s.data() + run, i - run);
      const uint32_t low = unit < 0xdc00 ? surrogate_at(s, i + 3) : 0;
      if (low >= 0xdc00) {
        const uint32_t cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        out += char(0xf0 | cp >> 18);
        out += char(0x80 | (cp >> 12 & 0x3f));
        out += char(0x80 | (cp >> 6 & 0x3f));
        out += char(0x80 | (cp & 0x3f));
        i += 5;
      } else {
        append_hex4(out, unit);
        i += 2;
      }
      run = i + 1;
      continue;
    }
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        append_hex4(out, c);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

template <typename Integer>
void append_integer(std::string& out, Integer v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Integers beyond 2^53 have no exact JavaScript number: JSON.parse rounds them to the nearest
// double and JSON.stringify writes that (2^53 + 1 -> 9007199254740992, 2^64 - 1 ->
// 18446744073709552000), so they are written the same way.
constexpr uint64_t kMaxSafeMagnitude = uint64_t(1) << 53;

void append_json_integer(std::string& out, int64_t v) {
  if (v > int64_t(kMaxSafeMagnitude) || v < -int64_t(kMaxSafeMagnitude)) {
    append_js_number(out, double(v));
    return;
  }
  append_integer(out, v);
}

void append_json_integer(std::string& out, uint64_t v) {
  if (v > kMaxSafeMagnitude) {
    append_js_number(out, double(v));
    return;
  }
  append_integer(out, v);
}

}  // namespace

void append_js_number(std::string& out, double number) {
  if (!std::isfinite(number)) {
    out += "null";
    return;
  }
  if (number == 0) {
    out += '0';  // JSON.stringify(-0) is "0"
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number, std::chars_format::scientific);
  std::string_view sci(buf, end - buf);  // "-d.ddde+XX"
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exponent = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+'), sci.data() + sci.size(), exponent);
  const int k = int(digits.size());
  const int n = exponent + 1;  // position of the decimal point relative to the digits
  if (k <= n && n <= 21) {
    out += digits;
    out.append(size_t(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, size_t(n));
    out += '.';
    out.append(digits, size_t(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(size_t(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    append_integer(out, std::abs(n - 1));
  }
}

void append_json(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      break;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
      append_json_integer(out, value.get_int64());
      break;
    case boost::json::kind::uint64:
      append_json_integer(out, value.get_uint64());
      break;
    case boost::json::kind::double_:
      append_js_number(out, value.get_double());
      break;
    case boost::json::kind::string:
      append_string(out, value.get_string());
      break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_object()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append_json(out, item);
      }
      out += '}';
      break;
    }
  }
}

std::string to_json(const boost::json::value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace sio::protocol
