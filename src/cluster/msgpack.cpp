// MessagePack encoder and decoder (see msgpack.h). The encoder picks the smallest form of each
// value as notepack.io does; the decoder accepts every standard form.
#include "cluster/msgpack.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace cluster::msgpack {

namespace json = boost::json;

namespace {

void put_be(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(char((value >> (8 * i)) & 0xff));
}

void put_head(std::string& out, uint8_t tag, uint64_t value, int bytes) {
  out.push_back(char(tag));
  put_be(out, value, bytes);
}

// A length-prefixed family (str, bin, array, map): `fix` is the fix-form tag and mask limit,
// tags8/16/32 the wider forms (0 when the form does not exist).
void put_length(std::string& out, size_t size, int fix_tag, size_t fix_max, uint8_t tag8,
                uint8_t tag16, uint8_t tag32) {
  if (fix_tag >= 0 && size <= fix_max) return out.push_back(char(fix_tag | int(size)));
  if (tag8 && size <= 0xff) return put_head(out, tag8, size, 1);
  if (size <= 0xffff) return put_head(out, tag16, size, 2);
  put_head(out, tag32, size, 4);
}

void put_uint(std::string& out, uint64_t value) {
  if (value < 0x80) return out.push_back(char(value));
  if (value <= 0xff) return put_head(out, 0xcc, value, 1);
  if (value <= 0xffff) return put_head(out, 0xcd, value, 2);
  if (value <= 0xffffffffu) return put_head(out, 0xce, value, 4);
  put_head(out, 0xcf, value, 8);
}

void put_int(std::string& out, int64_t value) {
  if (value >= 0) return put_uint(out, uint64_t(value));
  if (value >= -32) return out.push_back(char(int8_t(value)));
  if (value >= INT8_MIN) return put_head(out, 0xd0, uint8_t(value), 1);
  if (value >= INT16_MIN) return put_head(out, 0xd1, uint16_t(value), 2);
  if (value >= INT32_MIN) return put_head(out, 0xd2, uint32_t(value), 4);
  put_head(out, 0xd3, uint64_t(value), 8);
}

void put_double(std::string& out, double value) {
  constexpr double kSafe = 9007199254740991.0;
  if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) <= kSafe &&
      !(value == 0 && std::signbit(value)))
    return put_int(out, int64_t(value));
  put_head(out, 0xcb, std::bit_cast<uint64_t>(value), 8);
}

void put_str(std::string& out, std::string_view text) {
  put_length(out, text.size(), 0xa0, 31, 0xd9, 0xda, 0xdb);
  out.append(text);
}

void put_bin(std::string& out, std::string_view bytes) {
  put_length(out, bytes.size(), -1, 0, 0xc4, 0xc5, 0xc6);
  out.append(bytes);
}

const std::string* attachment_of(const json::value& value,
                                 const std::vector<std::string>* attachments) {
  if (!attachments || !value.is_object()) return nullptr;
  const auto& object = value.get_object();
  const auto* flag = object.if_contains("_placeholder");
  const auto* num = object.if_contains("num");
  if (object.size() != 2 || !flag || !flag->is_bool() || !flag->get_bool() || !num) return nullptr;
  auto index = num->to_number<int64_t>();  // throws for non-numbers, caught below
  if (index < 0 || size_t(index) >= attachments->size()) return nullptr;
  return &(*attachments)[size_t(index)];
}

const std::string* try_attachment(const json::value& value,
                                  const std::vector<std::string>* attachments) {
  try {
    return attachment_of(value, attachments);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

void append(std::string& out, const json::value& value,
            const std::vector<std::string>* attachments) {
  switch (value.kind()) {
    case json::kind::null:
      return out.push_back(char(0xc0));
    case json::kind::bool_:
      return out.push_back(char(value.get_bool() ? 0xc3 : 0xc2));
    case json::kind::int64:
      return put_int(out, value.get_int64());
    case json::kind::uint64:
      return put_uint(out, value.get_uint64());
    case json::kind::double_:
      return put_double(out, value.get_double());
    case json::kind::string:
      return put_str(out, value.get_string());
    case json::kind::array:
      put_length(out, value.get_array().size(), 0x90, 15, 0, 0xdc, 0xdd);
      for (const auto& item : value.get_array()) append(out, item, attachments);
      return;
    case json::kind::object:
      if (const auto* bytes = try_attachment(value, attachments)) return put_bin(out, *bytes);
      put_length(out, value.get_object().size(), 0x80, 15, 0, 0xde, 0xdf);
      for (const auto& [key, item] : value.get_object()) {
        put_str(out, key);
        append(out, item, attachments);
      }
      return;
  }
}

std::string encode(const json::value& value, const std::vector<std::string>* attachments) {
  std::string out;
  append(out, value, attachments);
  return out;
}

namespace {

class Reader {
 public:
  Reader(std::string_view bytes, const Limits& limits, Decoded& result)
      : bytes_(bytes), limits_(limits), result_(result) {}

  json::value value(size_t depth);
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  [[noreturn]] void fail(const char* why) const {
    throw DecodeError(std::string("msgpack: ") + why + " at byte " + std::to_string(pos_));
  }
  std::string_view take(size_t n) {
    if (bytes_.size() - pos_ < n) fail("truncated input");
    auto part = bytes_.substr(pos_, n);
    pos_ += n;
    return part;
  }
  uint64_t be(int n) {
    uint64_t v = 0;
    for (unsigned char c : take(size_t(n))) v = (v << 8) | c;
    return v;
  }
  void count(uint64_t n) {
    if (n > limits_.max_elements - elements_) fail("too many elements");
    elements_ += size_t(n);
  }
  json::value array(uint64_t n, size_t depth);
  json::value map(uint64_t n, size_t depth);
  json::value binary(uint64_t n);
  json::value ext(uint64_t n);
  json::value fixed(uint8_t tag, size_t depth);

  std::string_view bytes_;
  const Limits& limits_;
  Decoded& result_;
  size_t pos_ = 0;
  size_t elements_ = 0;
};

json::value Reader::array(uint64_t n, size_t depth) {
  count(n);
  json::array items;
  items.reserve(size_t(std::min<uint64_t>(n, bytes_.size() - pos_)));
  for (uint64_t i = 0; i < n; ++i) items.push_back(value(depth + 1));
  return items;
}

json::value Reader::map(uint64_t n, size_t depth) {
  count(n);
  json::object entries;
  for (uint64_t i = 0; i < n; ++i) {
    auto key = value(depth + 1);
    if (!key.is_string()) fail("map key is not a string");
    entries[key.get_string()] = value(depth + 1);
  }
  return entries;
}

json::value Reader::binary(uint64_t n) {
  result_.binaries.emplace_back(take(size_t(n)));
  return json::object{{"_placeholder", true}, {"num", result_.binaries.size() - 1}};
}

// notepack's ext type 0: size 1 is undefined, size 8 a Date (float64 milliseconds).
json::value Reader::ext(uint64_t n) {
  auto type = int8_t(uint8_t(take(1)[0]));
  auto data = take(size_t(n));
  if (type == 0 && n == 8) {
    uint64_t bits = 0;
    for (unsigned char c : data) bits = (bits << 8) | c;
    return std::bit_cast<double>(bits);
  }
  return nullptr;
}

json::value Reader::fixed(uint8_t tag, size_t depth) {
  switch (tag) {
    case 0xc0:
      return nullptr;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return binary(be(1));
    case 0xc5:
      return binary(be(2));
    case 0xc6:
      return binary(be(4));
    case 0xc7:
      return ext(be(1));
    case 0xc8:
      return ext(be(2));
    case 0xc9:
      return ext(be(4));
    case 0xca:
      return double(std::bit_cast<float>(uint32_t(be(4))));
    case 0xcb:
      return std::bit_cast<double>(be(8));
    case 0xcc:
      return be(1);
    case 0xcd:
      return be(2);
    case 0xce:
      return be(4);
    case 0xcf:
      return be(8);
    case 0xd0:
      return int64_t(int8_t(be(1)));
    case 0xd1:
      return int64_t(int16_t(be(2)));
    case 0xd2:
      return int64_t(int32_t(be(4)));
    case 0xd3:
      return int64_t(be(8));
    case 0xd4:
      return ext(1);
    case 0xd5:
      return ext(2);
    case 0xd6:
      return ext(4);
    case 0xd7:
      return ext(8);
    case 0xd8:
      return ext(16);
    case 0xd9:
      return json::string(take(size_t(be(1))));
    case 0xda:
      return json::string(take(size_t(be(2))));
    case 0xdb:
      return json::string(take(size_t(be(4))));
    case 0xdc:
      return array(be(2), depth);
    case 0xdd:
      return array(be(4), depth);
    case 0xde:
      return map(be(2), depth);
    case 0xdf:
      return map(be(4), depth);
    default:
      fail("reserved type byte 0xc1");
  }
}

json::value Reader::value(size_t depth) {
  if (depth > limits_.max_depth) fail("nested too deeply");
  const auto tag = uint8_t(take(1)[0]);
  if (tag < 0x80) return uint64_t(tag);
  if (tag >= 0xe0) return int64_t(int8_t(tag));
  if (tag < 0x90) return map(tag & 0x0f, depth);
  if (tag < 0xa0) return array(tag & 0x0f, depth);
  if (tag < 0xc0) return json::string(take(tag & 0x1f));
  return fixed(tag, depth);
}

}  // namespace

Decoded decode(std::string_view bytes, const Limits& limits) {
  Decoded result;
  Reader reader(bytes, limits, result);
  result.value = reader.value(0);
  if (!reader.at_end()) throw DecodeError("msgpack: trailing bytes after the value");
  return result;
}

}  // namespace cluster::msgpack
