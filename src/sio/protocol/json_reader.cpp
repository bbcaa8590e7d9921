// A JSON parser of its own, building values on a boost::json::value_stack as boost::json::parser
// does. Boost.JSON's basic_parser cannot be used underneath: it decodes string escapes itself and
// fails on a lone surrogate before a handler sees the string. Containers are tracked on an explicit
// stack (not by recursion), so max_depth bounds memory rather than the call stack. Non-integer
// numbers are converted from their text with std::from_chars (correctly rounded).
#include "sio/protocol/json_reader.h"

#include <algorithm>
#include <bit>
#include <boost/container/small_vector.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cstdint>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sio::protocol {
namespace {

namespace json = boost::json;
using boost::system::error_code;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at `p` (at least four characters must be there) as a UTF-16 code unit, or
// -1 if they are not all hex digits.
int32_t read_hex4(const char* p) {
  int32_t unit = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = hex_value(p[i]);
    if (digit < 0) return -1;
    unit = unit << 4 | digit;
  }
  return unit;
}

// The first character from `p` on that a string cannot just copy (a quote, a backslash, a control
// character or a non-ASCII byte), or `end`. With SSE2, sixteen bytes at a time: compared as
// signed, bytes from 0x80 up are negative, so one comparison finds them and the control characters.
const char* skip_plain(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i stop =
        _mm_or_si128(_mm_cmplt_epi8(x, space),
                     _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    if (const int mask = _mm_movemask_epi8(stop)) return p + std::countr_zero(unsigned(mask));
    p += 16;
  }
#endif
  for (; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
  }
  return p;
}

bool is_continuation(unsigned char c) {
  return (c & 0xc0) == 0x80;
}

// The length of the well-formed UTF-8 sequence at `p` (Unicode table 3-7: no overlong forms, no
// surrogates, nothing beyond U+10FFFF), or 0 if there is none.
std::size_t utf8_sequence_length(const char* p, const char* end) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  const std::size_t available = std::size_t(end - p);
  auto byte = [p](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  if (b0 >= 0xc2 && b0 <= 0xdf) return available >= 2 && is_continuation(byte(1)) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (available < 3 || !is_continuation(byte(2))) return 0;
    const unsigned char lo = b0 == 0xe0 ? 0xa0 : 0x80;
    const unsigned char hi = b0 == 0xed ? 0x9f : 0xbf;  // ED A0..BF would be a surrogate
    return byte(1) >= lo && byte(1) <= hi ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (available < 4 || !is_continuation(byte(2)) || !is_continuation(byte(3))) return 0;
    const unsigned char lo = b0 == 0xf0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xf4 ? 0x8f : 0xbf;
    return byte(1) >= lo && byte(1) <= hi ? 4 : 0;
  }
  return 0;
}

// Writes `cp` (up to U+10FFFF) in generalized UTF-8, which gives a surrogate its 3-byte form;
// returns the length.
std::size_t encode_utf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = char(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = char(0xc0 | cp >> 6);
    out[1] = char(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = char(0xe0 | cp >> 12);
    out[1] = char(0x80 | (cp >> 6 & 0x3f));
    out[2] = char(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = char(0xf0 | cp >> 18);
  out[1] = char(0x80 | (cp >> 12 & 0x3f));
  out[2] = char(0x80 | (cp >> 6 & 0x3f));
  out[3] = char(0x80 | (cp & 0x3f));
  return 4;
}

// Whether a number that std::from_chars finds out of a double's range is too large rather than
// too small. `p` is the number's text without its sign: digits, then maybe a fraction and an
// exponent. Out of range means a decimal exponent beyond about +-308, so the sign of the position
// of the first significant digit relative to the decimal point tells which.
bool overflows(const char* p, const char* end) {
  int64_t magnitude = -1;  // the decimal exponent of the first significant digit
  const bool integer_part_is_zero = *p == '0';
  while (p != end && is_digit(*p)) ++p, ++magnitude;
  if (p != end && *p == '.') {
    ++p;
    if (integer_part_is_zero) {  // the first significant digit is in the fraction
      magnitude = -1;
      while (p != end && *p == '0') ++p, --magnitude;
    }
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    int64_t exponent = 0;
    for (; p != end && is_digit(*p); ++p)
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (*p - '0');
    magnitude += negative ? -exponent : exponent;
  }
  return magnitude > 0;
}

class Reader {
 public:
  Reader(std::string_view text, const json::parse_options& options)
      : p_(text.data()), end_(text.data() + text.size()), options_(options) {
    stack_.reset();
  }

  json::value parse(error_code& ec) {
    if (!parse_value(ec)) return nullptr;
    if (!skip_space(ec)) return nullptr;
    if (p_ != end_) {
      ec = json::error::extra_data;
      return nullptr;
    }
    return stack_.release();
  }

 private:
  struct Container {
    bool is_object;
    std::size_t size;  // members or items read so far
  };

  static bool fail(error_code& ec, json::error error) {
    ec = error;
    return false;
  }

  static int32_t fail_escape(error_code& ec, json::error error) {
    ec = error;
    return -1;
  }

  bool at(char c) const { return p_ != end_ && *p_ == c; }

  // Skips whitespace and, if allowed, comments.
  bool skip_space(error_code& ec) {
    for (;;) {
      while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
      if (!options_.allow_comments || !at('/')) return true;
      if (++p_ == end_) return fail(ec, json::error::incomplete);
      if (*p_ == '/') {  // to the end of the line, or of the text
        while (p_ != end_ && *p_ != '\n') ++p_;
      } else if (*p_ == '*') {
        ++p_;
        for (;;) {
          if (end_ - p_ < 2) return fail(ec, json::error::incomplete);
          if (p_[0] == '*' && p_[1] == '/') break;
          ++p_;
        }
        p_ += 2;
      } else {
        return fail(ec, json::error::syntax);
      }
    }
  }

  // Reads one value, nested containers included, onto the stack.
  bool parse_value(error_code& ec) {
    for (;;) {
      // A value starts here: a scalar, or a container whose first item is read next.
      if (!skip_space(ec)) return false;
      if (p_ == end_) return fail(ec, json::error::incomplete);
      if (*p_ == '[' || *p_ == '{') {
        if (containers_.size() >= options_.max_depth) return fail(ec, json::error::too_deep);
        const bool is_object = *p_++ == '{';
        containers_.push_back({is_object, 0});
        if (!skip_space(ec)) return false;
        if (!at(is_object ? '}' : ']')) {
          if (is_object && !read_key(ec)) return false;
          continue;
        }
        ++p_;
        close_container();
      } else if (!read_scalar(ec)) {
        return false;
      }
      // A value has been read: what follows it in the containers around it.
      for (;;) {
        if (containers_.empty()) return true;
        Container& container = containers_.back();
        const std::size_t max_size =
            container.is_object ? json::object::max_size() : json::array::max_size();
        if (++container.size > max_size)
          return fail(ec, container.is_object ? json::error::object_too_large
                                              : json::error::array_too_large);
        if (!skip_space(ec)) return false;
        if (p_ == end_) return fail(ec, json::error::incomplete);
        const char close = container.is_object ? '}' : ']';
        if (*p_ == ',') {
          ++p_;
          if (!skip_space(ec)) return false;
          if (options_.allow_trailing_commas && at(close)) {
            ++p_;
            close_container();
            continue;
          }
          if (container.is_object && !read_key(ec)) return false;
          break;  // on to the next value
        }
        if (*p_ != close) return fail(ec, json::error::syntax);
        ++p_;
        close_container();
      }
    }
  }

  void close_container() {
    const Container container = containers_.back();
    containers_.pop_back();
    if (container.is_object) {
      stack_.push_object(container.size);
    } else {
      stack_.push_array(container.size);
    }
  }

  // Reads `"key" :` (whitespace before it already skipped).
  bool read_key(error_code& ec) {
    if (p_ == end_) return fail(ec, json::error::incomplete);
    if (*p_ != '"') return fail(ec, json::error::syntax);
    if (!read_string(true, ec)) return false;
    if (!skip_space(ec)) return false;
    if (p_ == end_) return fail(ec, json::error::incomplete);
    if (*p_ != ':') return fail(ec, json::error::syntax);
    ++p_;
    return true;
  }

  bool read_scalar(error_code& ec) {
    switch (*p_) {
      case '"':
        return read_string(false, ec);
      case 't':
        if (!read_literal("true", ec)) return false;
        stack_.push_bool(true);
        return true;
      case 'f':
        if (!read_literal("false", ec)) return false;
        stack_.push_bool(false);
        return true;
      case 'n':
        if (!read_literal("null", ec)) return false;
        stack_.push_null();
        return true;
      default:
        if (*p_ == '-' || is_digit(*p_)) return read_number(ec);
        return fail(ec, json::error::syntax);
    }
  }

  bool read_literal(std::string_view literal, error_code& ec) {
    const std::size_t available = std::size_t(end_ - p_);
    const std::size_t n = std::min(available, literal.size());
    if (std::string_view(p_, n) != literal.substr(0, n)) return fail(ec, json::error::syntax);
    if (n < literal.size()) return fail(ec, json::error::incomplete);
    p_ += n;
    return true;
  }

  // Reads a string from its opening quote and pushes it onto the stack as a key or a string value:
  // the pieces before each escape and what the escapes stand for go in by push_chars, the rest
  // with push_key or push_string (so a string without escapes is copied once, straight from the
  // text).
  bool read_string(bool is_key, error_code& ec) {
    static constexpr std::string_view kEscapes = "\"\\/bfnrt", kEscaped = "\"\\/\b\f\n\r\t";
    ++p_;
    std::size_t length = 0;  // of the string so far
    auto grow = [&](std::size_t n) {
      length += n;
      return length <= json::string::max_size() ||
             fail(ec, is_key ? json::error::key_too_large : json::error::string_too_large);
    };
    const char* run = p_;  // start of the characters not pushed yet
    for (;;) {
      p_ = skip_plain(p_, end_);
      if (p_ == end_) return fail(ec, json::error::incomplete);
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        const json::string_view rest(run, std::size_t(p_ - run));
        if (!grow(rest.size())) return false;
        ++p_;
        if (is_key) {
          stack_.push_key(rest);
        } else {
          stack_.push_string(rest);
        }
        return true;
      }
      if (c >= 0x80) {
        std::size_t n = utf8_sequence_length(p_, end_);
        if (n == 0) {
          if (!options_.allow_invalid_utf8) return fail(ec, json::error::syntax);
          n = 1;
        }
        p_ += n;
        continue;
      }
      if (c < 0x20) return fail(ec, json::error::syntax);
      // A backslash: push what precedes it, then what the escape stands for.
      if (!grow(std::size_t(p_ - run))) return false;
      stack_.push_chars({run, std::size_t(p_ - run)});
      if (++p_ == end_) return fail(ec, json::error::incomplete);
      char buf[4];
      std::size_t n = 1;
      if (*p_ == 'u') {
        ++p_;
        const int32_t code_point = read_unicode_escape(ec);
        if (code_point < 0) return false;
        n = encode_utf8(uint32_t(code_point), buf);
      } else if (const std::size_t k = kEscapes.find(*p_); k != std::string_view::npos) {
        ++p_;
        buf[0] = kEscaped[k];
      } else {
        return fail(ec, json::error::syntax);
      }
      if (!grow(n)) return false;
      stack_.push_chars({buf, n});
      run = p_;
    }
  }

  // Reads the hex digits of a \u escape, and the low surrogate escape after a high surrogate if
  // one follows; returns the code point, which is a surrogate (U+D800..U+DFFF) if it is not part
  // of a pair, or -1 on failure.
  int32_t read_unicode_escape(error_code& ec) {
    if (end_ - p_ < 4) return fail_escape(ec, json::error::incomplete);
    const int32_t unit = read_hex4(p_);
    if (unit < 0) return fail_escape(ec, json::error::expected_hex_digit);
    p_ += 4;
    if (unit < 0xd800 || unit > 0xdbff) return unit;
    if (end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
      const int32_t low = read_hex4(p_ + 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        p_ += 6;
        return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      }
    }
    return unit;  // a lone high surrogate; whatever follows is read on its own
  }

  bool read_number(error_code& ec) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_) return fail(ec, json::error::incomplete);
    const char* digits = p_;
    uint64_t magnitude = 0;  // of the integer part, while it has at most 19 digits
    if (*p_ == '0') {
      ++p_;
    } else if (is_digit(*p_)) {
      for (; p_ != end_ && is_digit(*p_); ++p_) magnitude = magnitude * 10 + uint64_t(*p_ - '0');
    } else {
      return fail(ec, json::error::syntax);
    }
    const bool exact = p_ - digits <= 19;
    bool integral = true;
    if (at('.')) {
      integral = false;
      ++p_;
      if (!read_digits(ec)) return false;
    }
    if (at('e') || at('E')) {
      integral = false;
      ++p_;
      if (at('+') || at('-')) ++p_;
      if (!read_digits(ec)) return false;
    }
    if (integral) {
      // As Boost.JSON does: int64 if it fits, else uint64 if it fits, else a double.
      constexpr uint64_t kInt64Limit = uint64_t(1) << 63;
      if (exact && (negative ? magnitude <= kInt64Limit : magnitude < kInt64Limit)) {
        stack_.push_int64(negative ? int64_t(0 - magnitude) : int64_t(magnitude));
        return true;
      }
      uint64_t u = magnitude;
      if (!negative && (exact || std::from_chars(digits, p_, u).ec == std::errc())) {
        stack_.push_uint64(u);
        return true;
      }
    }
    double d = 0;
    if (std::from_chars(start, p_, d).ec == std::errc::result_out_of_range) {
      // 1e400 and 1e-400: JSON.parse gives infinity and zero, with the number's sign.
      d = overflows(digits, p_) ? std::numeric_limits<double>::infinity() : 0.0;
      if (negative) d = -d;
    }
    stack_.push_double(d);
    return true;
  }

  // One or more decimal digits, as after a number's point or exponent.
  bool read_digits(error_code& ec) {
    if (p_ == end_) return fail(ec, json::error::incomplete);
    if (!is_digit(*p_)) return fail(ec, json::error::syntax);
    while (p_ != end_ && is_digit(*p_)) ++p_;
    return true;
  }

  const char* p_;
  const char* const end_;
  const json::parse_options options_;
  json::value_stack stack_;
  boost::container::small_vector<Container, 32> containers_;  // open ones, innermost last
};

}  // namespace

json::value parse_json(std::string_view text, error_code& ec, const json::parse_options& options) {
  ec = {};
  return Reader(text, options).parse(ec);
}

}  // namespace sio::protocol
