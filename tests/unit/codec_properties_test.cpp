// Property-based tests (RapidCheck, 100 random cases each) of the codecs: whatever is encoded
// decodes back to an equal value. The generators build arbitrary bytes, text (JavaScript strings,
// lone surrogates included), JSON values and packets that are valid for their type; RapidCheck
// shrinks any failure to a minimal case.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "packet_printers.h"
#include "sio/engine/base64.h"
#include "sio/engine/packet.h"
#include "sio/protocol/json_reader.h"
#include "sio/protocol/json_writer.h"
#include "sio/protocol/packet.h"

namespace {

namespace json = boost::json;
namespace engine = sio::engine;
namespace protocol = sio::protocol;

// --- comparing JSON values as JavaScript does -----------------------------------------------

// JavaScript has one number type: 3, 3.0 and 3e0 are the same value, and an integer beyond 2^53
// is the double nearest to it.
double as_double(const json::value& number) {
  if (number.is_int64()) return double(number.get_int64());
  if (number.is_uint64()) return double(number.get_uint64());
  return number.get_double();
}

bool js_equal(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) return as_double(a) == as_double(b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::null:
      return true;
    case json::kind::bool_:
      return a.get_bool() == b.get_bool();
    case json::kind::string:
      return a.get_string() == b.get_string();
    case json::kind::array: {
      const auto &x = a.get_array(), &y = b.get_array();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (!js_equal(x[i], y[i])) return false;
      return true;
    }
    case json::kind::object: {  // same keys in the same order
      const auto &x = a.get_object(), &y = b.get_object();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
        if (i->key() != j->key() || !js_equal(i->value(), j->value())) return false;
      return true;
    }
    default:
      return false;
  }
}

bool same_packet(const protocol::Packet& a, const protocol::Packet& b) {
  return a.type == b.type && a.nsp == b.nsp && a.id == b.id && a.attachments == b.attachments &&
         a.data.has_value() == b.data.has_value() && (!a.data || js_equal(*a.data, *b.data));
}

// --- generators -----------------------------------------------------------------------------

template <typename T>
rc::Gen<std::optional<T>> gen_optional(rc::Gen<T> gen) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>()), rc::gen::map(gen, [](T value) {
                          return std::optional<T>(std::move(value));
                        }));
}

rc::Gen<char> gen_byte() {
  return rc::gen::map(rc::gen::inRange(0, 256), [](int byte) { return char(byte); });
}

rc::Gen<std::string> gen_bytes() {
  return rc::gen::container<std::string>(gen_byte());
}

rc::Gen<std::string> gen_bytes_without(char excluded) {
  return rc::gen::container<std::string>(
      rc::gen::suchThat(gen_byte(), [excluded](char c) { return c != excluded; }));
}

// Generalized UTF-8: a surrogate code point (U+D800..U+DFFF) gets its 3-byte form too.
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xc0 | cp >> 6);
    out += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += char(0xe0 | cp >> 12);
    out += char(0x80 | (cp >> 6 & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  } else {
    out += char(0xf0 | cp >> 18);
    out += char(0x80 | (cp >> 12 & 0x3f));
    out += char(0x80 | (cp >> 6 & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  }
}

bool is_high_surrogate(char16_t unit) {
  return unit >= 0xd800 && unit <= 0xdbff;
}
bool is_low_surrogate(char16_t unit) {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

// Whether units[i] and units[i + 1] make a surrogate pair.
bool pair_at(const std::u16string& units, size_t i) {
  return is_high_surrogate(units[i]) && i + 1 < units.size() && is_low_surrogate(units[i + 1]);
}

uint32_t pair_code_point(const std::u16string& units, size_t i) {
  return 0x10000 + (uint32_t(units[i] - 0xd800) << 10) + (units[i + 1] - 0xdc00);
}

// A JavaScript string: UTF-16 code units, rich in characters to escape and in surrogates, both
// in pairs and alone (a lone high surrogate may still land before a low one and pair with it).
rc::Gen<std::u16string> gen_js_string() {
  auto code_point = rc::gen::weightedOneOf<uint32_t>({
      {6, rc::gen::inRange<uint32_t>(0x20, 0x7f)},
      {1, rc::gen::inRange<uint32_t>(0, 0x20)},
      {1, rc::gen::element<uint32_t>('"', '\\', '/', 0x7f)},
      {1, rc::gen::inRange<uint32_t>(0x80, 0xd800)},
      {1, rc::gen::inRange<uint32_t>(0xd800, 0xe000)},
      {1, rc::gen::inRange<uint32_t>(0xe000, 0x110000)},
  });
  return rc::gen::map(rc::gen::container<std::vector<uint32_t>>(code_point),
                      [](const std::vector<uint32_t>& code_points) {
                        std::u16string units;
                        for (uint32_t cp : code_points) {
                          if (cp < 0x10000) {
                            units += char16_t(cp);
                          } else {
                            units += char16_t(0xd800 + ((cp - 0x10000) >> 10));
                            units += char16_t(0xdc00 + ((cp - 0x10000) & 0x3ff));
                          }
                        }
                        return units;
                      });
}

// How parse_json holds a JavaScript string: UTF-8, but lone surrogates in their 3-byte form.
std::string to_stored(const std::u16string& units) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    if (pair_at(units, i)) {
      append_utf8(out, pair_code_point(units, i++));
    } else {
      append_utf8(out, units[i]);
    }
  }
  return out;
}

void append_escape(std::string& out, char16_t unit, bool upper_case) {
  const char* hex = upper_case ? "0123456789ABCDEF" : "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[unit >> shift & 15];
}

// JSON.stringify of a string as ECMA-262 specifies it (QuoteJSONString), code unit by code unit.
std::string js_stringify(const std::u16string& units) {
  std::string out = "\"";
  for (size_t i = 0; i < units.size(); ++i) {
    const char16_t unit = units[i];
    if (pair_at(units, i)) {
      append_utf8(out, pair_code_point(units, i++));
    } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
      append_escape(out, unit, false);
    } else if (unit == '"' || unit == '\\') {
      out += '\\';
      out += char(unit);
    } else if (unit == '\b' || unit == '\f' || unit == '\n' || unit == '\r' || unit == '\t') {
      out += '\\';
      out += "btnvfr"[unit - '\b'];
    } else if (unit < 0x20) {
      append_escape(out, unit, false);
    } else {
      append_utf8(out, unit);
    }
  }
  return out + '"';
}

// Text that parse_json holds: valid UTF-8 but for lone surrogates, rich in characters to escape.
rc::Gen<std::string> gen_text() {
  return rc::gen::map(gen_js_string(), to_stored);
}

rc::Gen<double> gen_finite_double() {
  auto any_bits = rc::gen::map(rc::gen::arbitrary<uint64_t>(),
                               [](uint64_t bits) { return std::bit_cast<double>(bits); });
  return rc::gen::suchThat(rc::gen::oneOf(rc::gen::arbitrary<double>(), any_bits),
                           [](double d) { return std::isfinite(d); });
}

rc::Gen<json::value> gen_number() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t v) { return json::value(v); }),
      rc::gen::map(rc::gen::arbitrary<uint64_t>(), [](uint64_t v) { return json::value(v); }),
      rc::gen::map(gen_finite_double(), [](double v) { return json::value(v); }));
}

rc::Gen<json::value> gen_scalar() {
  return rc::gen::oneOf(
      rc::gen::just(json::value(nullptr)),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return json::value(b); }), gen_number(),
      rc::gen::map(gen_text(), [](std::string s) { return json::value(json::string(s)); }));
}

rc::Gen<json::value> gen_json(int depth);

// A short array (0 to 5 items), so that nested values stay small.
rc::Gen<json::array> gen_array(rc::Gen<json::value> item) {
  return rc::gen::mapcat(rc::gen::inRange<size_t>(0, 6), [item](size_t count) {
    return rc::gen::map(rc::gen::container<std::vector<json::value>>(count, item),
                        [](const std::vector<json::value>& items) {
                          return json::array(items.begin(), items.end());
                        });
  });
}

rc::Gen<json::object> gen_object(int depth) {
  auto member = rc::gen::pair(gen_text(), gen_json(depth));
  return rc::gen::mapcat(rc::gen::inRange<size_t>(0, 6), [member](size_t count) {
    return rc::gen::map(
        rc::gen::container<std::vector<std::pair<std::string, json::value>>>(count, member),
        [](const std::vector<std::pair<std::string, json::value>>& members) {
          json::object object;
          for (const auto& [key, value] : members) object[key] = value;
          return object;
        });
  });
}

// Any JSON value with containers nested at most `depth` deep.
rc::Gen<json::value> gen_json(int depth) {
  if (depth == 0) return gen_scalar();
  return rc::gen::weightedOneOf<json::value>({
      {3, gen_scalar()},
      {1,
       rc::gen::map(gen_array(gen_json(depth - 1)), [](json::array a) { return json::value(a); })},
      {1, rc::gen::map(gen_object(depth - 1), [](json::object o) { return json::value(o); })},
  });
}

bool is_reserved_event(const std::string& name) {
  return name == "connect" || name == "connect_error" || name == "disconnect" ||
         name == "disconnecting" || name == "newListener" || name == "removeListener";
}

// EVENT arguments: an event name (a string that is not reserved, or a number), then any values.
rc::Gen<json::value> gen_event_arguments() {
  auto name = rc::gen::oneOf(
      rc::gen::map(
          rc::gen::suchThat(gen_text(), [](const std::string& s) { return !is_reserved_event(s); }),
          [](std::string s) { return json::value(json::string(s)); }),
      gen_number());
  return rc::gen::map(rc::gen::pair(name, gen_array(gen_json(3))), [](auto name_and_args) {
    json::array arguments{name_and_args.first};
    for (const auto& arg : name_and_args.second) arguments.push_back(arg);
    return json::value(arguments);
  });
}

rc::Gen<json::value> gen_array_value() {
  return rc::gen::map(gen_array(gen_json(3)), [](json::array a) { return json::value(a); });
}

rc::Gen<json::value> gen_object_value() {
  return rc::gen::map(gen_object(3), [](json::object o) { return json::value(o); });
}

rc::Gen<std::optional<json::value>> present(rc::Gen<json::value> gen) {
  return rc::gen::map(gen, [](json::value v) { return std::optional<json::value>(std::move(v)); });
}

// A payload the reference parser accepts for a non-binary packet of `type`.
rc::Gen<std::optional<json::value>> gen_payload(protocol::PacketType type) {
  using protocol::PacketType;
  switch (type) {
    case PacketType::kConnect:
      return gen_optional(gen_object_value());
    case PacketType::kDisconnect:
      return rc::gen::just(std::optional<json::value>());
    case PacketType::kEvent:
      return present(gen_event_arguments());
    case PacketType::kAck:
      return present(gen_array_value());
    case PacketType::kConnectError:
      return present(rc::gen::oneOf(gen_object_value(), rc::gen::map(gen_text(), [](std::string s) {
                                      return json::value(json::string(s));
                                    })));
    default:
      break;
  }
  return rc::gen::just(std::optional<json::value>());
}

// "/" or "/" followed by any bytes but the comma that ends a namespace.
rc::Gen<std::string> gen_namespace() {
  return rc::gen::weightedOneOf<std::string>({
      {1, rc::gen::just(std::string("/"))},
      {3, rc::gen::map(gen_bytes_without(','), [](std::string s) { return "/" + s; })},
  });
}

// Packet types that are sent as text alone.
rc::Gen<protocol::PacketType> gen_plain_type() {
  using protocol::PacketType;
  return rc::gen::element(PacketType::kConnect, PacketType::kDisconnect, PacketType::kEvent,
                          PacketType::kAck, PacketType::kConnectError);
}

rc::Gen<engine::PacketType> gen_engine_type() {
  using engine::PacketType;
  return rc::gen::element(PacketType::kOpen, PacketType::kClose, PacketType::kPing,
                          PacketType::kPong, PacketType::kMessage, PacketType::kUpgrade,
                          PacketType::kNoop);
}

// An Engine.IO packet: a binary message, or a text packet of any type. Text data meant for a
// polling payload cannot contain the record separator.
rc::Gen<engine::Packet> gen_engine_packet(bool for_payload) {
  auto text_data = for_payload ? gen_bytes_without(engine::kRecordSeparator) : gen_bytes();
  return rc::gen::oneOf(
      rc::gen::map(gen_bytes(),
                   [](std::string bytes) {
                     return engine::Packet{engine::PacketType::kMessage, std::move(bytes), true};
                   }),
      rc::gen::map(rc::gen::pair(gen_engine_type(), text_data), [](auto type_and_data) {
        return engine::Packet{type_and_data.first, std::move(type_and_data.second), false};
      }));
}

// Every container in `value` that a new placeholder may go into (not placeholders themselves).
void collect_containers(json::value& value, std::vector<json::value*>& out) {
  if (value.is_array()) {
    out.push_back(&value);
    for (auto& item : value.get_array()) collect_containers(item, out);
  } else if (value.is_object() && !protocol::is_placeholder(value)) {
    out.push_back(&value);
    for (auto& member : value.get_object()) collect_containers(member.value(), out);
  }
}

// Inserts placeholders 0..count-1 at random places in `data`, an EVENT or ACK argument array.
void insert_placeholders(json::value& data, size_t count, bool keep_first_item) {
  for (size_t num = 0; num < count; ++num) {
    std::vector<json::value*> containers;
    collect_containers(data, containers);
    json::value* target = containers[*rc::gen::inRange<size_t>(0, containers.size())];
    if (target->is_array()) {
      auto& array = target->get_array();
      size_t first = (target == &data && keep_first_item) ? 1 : 0;
      size_t index = *rc::gen::inRange<size_t>(first, array.size() + 1);
      array.insert(array.begin() + std::ptrdiff_t(index), protocol::placeholder(num));
    } else {
      target->get_object()["file" + std::to_string(num)] = protocol::placeholder(num);
    }
  }
}

// The `num` of every placeholder in `value`, depth first and keys in order.
void placeholder_nums(const json::value& value, std::vector<uint64_t>& out) {
  if (protocol::is_placeholder(value)) {
    out.push_back(value.get_object().at("num").to_number<uint64_t>());
  } else if (value.is_array()) {
    for (const auto& item : value.get_array()) placeholder_nums(item, out);
  } else if (value.is_object()) {
    for (const auto& member : value.get_object()) placeholder_nums(member.value(), out);
  }
}

// Gives the placeholders of `value`, in order of appearance, the numbers nums[next], ...
void renumber_in_order(json::value& value, const std::vector<size_t>& nums, size_t& next) {
  if (protocol::is_placeholder(value)) {
    value.get_object()["num"] = nums[next++];
  } else if (value.is_array()) {
    for (auto& item : value.get_array()) renumber_in_order(item, nums, next);
  } else if (value.is_object()) {
    for (auto& member : value.get_object()) renumber_in_order(member.value(), nums, next);
  }
}

// --- base64 ---------------------------------------------------------------------------------

RC_GTEST_PROP(Base64Properties, DecodingTheEncodingGivesTheBytesBack, ()) {
  const auto bytes = *gen_bytes();
  RC_ASSERT(engine::decode_base64(engine::encode_base64(bytes)) == bytes);
}

RC_GTEST_PROP(Base64Properties, EncodingTakesFourCharactersPerThreeBytesRoundedUp, ()) {
  const auto bytes = *gen_bytes();
  RC_ASSERT(engine::encode_base64(bytes).size() == (bytes.size() + 2) / 3 * 4);
}

// Decoding is one-to-one: any text that decodes is exactly what the encoder writes for it.
RC_GTEST_PROP(Base64Properties, WhateverDecodesIsTheCanonicalEncoding, ()) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto groups = *rc::gen::inRange<size_t>(1, 8);
  auto text = *rc::gen::container<std::string>(groups * 4, rc::gen::elementOf(kAlphabet));
  const auto padding = *rc::gen::inRange<size_t>(0, 3);
  text.replace(text.size() - padding, padding, padding, '=');
  const auto bytes = engine::decode_base64(text);
  RC_CLASSIFY(bytes.has_value(), "decodes");
  if (bytes) RC_ASSERT(engine::encode_base64(*bytes) == text);
}

// --- Engine.IO ------------------------------------------------------------------------------

RC_GTEST_PROP(EnginePacketProperties, PacketSurvivesEncodeThenDecode, ()) {
  const auto packet = *gen_engine_packet(false);
  RC_ASSERT(engine::decode_text_packet(engine::encode_text_packet(packet)) == packet);
}

RC_GTEST_PROP(EnginePacketProperties, PayloadSurvivesEncodeThenDecode, ()) {
  const auto packets =
      *rc::gen::nonEmpty(rc::gen::container<std::vector<engine::Packet>>(gen_engine_packet(true)));
  const auto body = engine::encode_payload(packets);
  RC_LOG() << "payload: " << json::serialize(json::string_view(body.data(), body.size()));
  RC_ASSERT(engine::decode_payload(body) == packets);
}

// --- JSON writer ----------------------------------------------------------------------------

RC_GTEST_PROP(JsonWriterProperties, OutputParsesBackToAnEqualValue, ()) {
  const auto value = *gen_json(4);
  const auto text = protocol::to_json(value);
  RC_LOG() << "json: " << text;
  boost::system::error_code ec;
  const auto parsed = protocol::parse_json(text, ec);
  RC_ASSERT(!ec);
  RC_ASSERT(js_equal(parsed, value));
}

RC_GTEST_PROP(JsonWriterProperties, OutputIsUnchangedByParsingAndWritingAgain, ()) {
  const auto text = protocol::to_json(*gen_json(4));
  RC_LOG() << "json: " << text;
  boost::system::error_code ec;
  RC_ASSERT(protocol::to_json(protocol::parse_json(text, ec)) == text);
}

RC_GTEST_PROP(JsonWriterProperties, NumbersParseBackToTheSameDouble, ()) {
  const double number = *gen_finite_double();
  std::string text;
  protocol::append_js_number(text, number);
  RC_LOG() << "text: " << text;
  RC_ASSERT(std::strtod(text.c_str(), nullptr) == number);
}

// --- JSON reader ----------------------------------------------------------------------------

// Whatever way a number is written (shortest, fixed, scientific, many digits), parse_json reads
// the double that strtod reads, the correctly rounded one that JSON.parse gives too.
RC_GTEST_PROP(JsonReaderProperties, ReadsNumbersAsCorrectlyRounded, ()) {
  const double number = *gen_finite_double();
  const auto format = *rc::gen::element(std::chars_format::general, std::chars_format::fixed,
                                        std::chars_format::scientific);
  const auto precision = *rc::gen::inRange(0, 25);
  std::string text(1200, '\0');
  auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), number, format, precision);
  RC_ASSERT(ec == std::errc());
  text.resize(size_t(end - text.data()));
  RC_LOG() << "text: " << text;
  boost::system::error_code parse_error;
  const auto parsed = protocol::parse_json(text, parse_error);
  RC_ASSERT(!parse_error);
  RC_ASSERT(as_double(parsed) == std::strtod(text.c_str(), nullptr));
}

// --- strings with lone surrogates -----------------------------------------------------------

// What append_json writes for a string is what JSON.stringify writes for the JavaScript string.
RC_GTEST_PROP(JsStringProperties, WriterMatchesJsonStringify, ()) {
  const auto units = *gen_js_string();
  const auto stored = to_stored(units);
  RC_LOG() << "stored: " << json::serialize(json::string_view(stored));
  RC_ASSERT(protocol::to_json(json::string(stored)) == js_stringify(units));
}

// A string that JSON.stringify wrote reads back and is written again byte for byte, lone
// surrogates included.
RC_GTEST_PROP(JsStringProperties, StringifiedTextRoundTripsByteIdentically, ()) {
  const auto text = js_stringify(*gen_js_string());
  RC_LOG() << "json: " << text;
  boost::system::error_code ec;
  const auto parsed = protocol::parse_json(text, ec);
  RC_ASSERT(!ec);
  RC_ASSERT(protocol::to_json(parsed) == text);
}

// However its code units are written (raw, or \u escapes in either case), parse_json holds the
// same string.
RC_GTEST_PROP(JsStringProperties, ReaderKeepsEveryCodeUnitHoweverEscaped, ()) {
  const auto units = *gen_js_string();
  std::string text = "\"";
  for (size_t i = 0; i < units.size(); ++i) {
    const bool pair = pair_at(units, i);
    const size_t count = pair ? 2 : 1;
    const bool surrogate = units[i] >= 0xd800 && units[i] <= 0xdfff;
    if (*rc::gen::arbitrary<bool>() || (surrogate && !pair)) {
      for (size_t j = i; j < i + count; ++j)
        append_escape(text, units[j], *rc::gen::arbitrary<bool>());
    } else {
      text += js_stringify(units.substr(i, count)).substr(1);
      text.pop_back();
    }
    i += count - 1;
  }
  text += '"';
  RC_LOG() << "json: " << text;
  boost::system::error_code ec;
  const auto parsed = protocol::parse_json(text, ec);
  RC_ASSERT(!ec);
  RC_ASSERT(parsed.is_string());
  RC_ASSERT(std::string_view(parsed.get_string()) == to_stored(units));
  RC_ASSERT(protocol::to_json(parsed) == js_stringify(units));
}

// --- Socket.IO ------------------------------------------------------------------------------

RC_GTEST_PROP(SioPacketProperties, PacketSurvivesEncodeThenDecode, ()) {
  protocol::Packet packet;
  packet.type = *gen_plain_type();
  packet.nsp = *gen_namespace();
  packet.id = *gen_optional(rc::gen::arbitrary<uint64_t>());
  packet.data = *gen_payload(packet.type);
  const auto text = protocol::encode(packet);
  RC_LOG() << "encoded: " << text;
  const auto result = protocol::decode_text(text);
  RC_LOG() << "error: " << result.error;
  RC_ASSERT(result.packet.has_value());
  RC_ASSERT(result.expected_attachments == 0u);
  RC_ASSERT(same_packet(*result.packet, packet));
}

RC_GTEST_PROP(SioPacketProperties, DecoderCompletesEveryPlainPacket, ()) {
  protocol::Packet packet;
  packet.type = *gen_plain_type();
  packet.nsp = *gen_namespace();
  packet.id = *gen_optional(rc::gen::arbitrary<uint64_t>());
  packet.data = *gen_payload(packet.type);
  protocol::Decoder decoder;
  RC_ASSERT(decoder.add_text(protocol::encode(packet)) == protocol::Decoder::Status::kComplete);
  RC_ASSERT(same_packet(decoder.take(), packet));
}

// EVENT and ACK packets with attachments travel as BINARY_EVENT / BINARY_ACK text followed by one
// binary message per attachment; the decoder gives back the placeholders and the bytes.
RC_GTEST_PROP(SioPacketProperties, AttachmentsAreReconstructed, ()) {
  using protocol::PacketType;
  const bool is_ack = *rc::gen::arbitrary<bool>();
  const auto count = *rc::gen::inRange<size_t>(1, 11);
  protocol::Packet packet;
  packet.type = *rc::gen::element(is_ack ? PacketType::kAck : PacketType::kEvent,
                                  is_ack ? PacketType::kBinaryAck : PacketType::kBinaryEvent);
  packet.nsp = *gen_namespace();
  packet.id = *gen_optional(rc::gen::arbitrary<uint64_t>());
  packet.data = is_ack ? *gen_array_value() : *gen_event_arguments();
  insert_placeholders(*packet.data, count, !is_ack);
  packet.attachments = *rc::gen::container<std::vector<std::string>>(count, gen_bytes());

  const auto text = protocol::encode(packet);
  RC_LOG() << "encoded: " << text;
  protocol::Decoder decoder;
  RC_ASSERT(decoder.add_text(text) == protocol::Decoder::Status::kAwaitingAttachments);
  for (size_t i = 0; i + 1 < count; ++i)
    RC_ASSERT(decoder.add_binary(packet.attachments[i]) ==
              protocol::Decoder::Status::kAwaitingAttachments);
  RC_ASSERT(decoder.add_binary(packet.attachments.back()) == protocol::Decoder::Status::kComplete);

  auto expected = packet;
  expected.type = is_ack ? PacketType::kBinaryAck : PacketType::kBinaryEvent;
  RC_ASSERT(same_packet(decoder.take(), expected));
}

// normalize_attachments renumbers placeholders in order of appearance and reorders the bytes to
// match: each placeholder still stands for the same bytes.
RC_GTEST_PROP(SioPacketProperties, NormalizingKeepsTheBytesOfEveryPlaceholder, ()) {
  const auto count = *rc::gen::inRange<size_t>(1, 8);
  protocol::Packet packet;
  packet.type = protocol::PacketType::kEvent;
  packet.data = *gen_event_arguments();
  insert_placeholders(*packet.data, count, true);
  // Shuffle which attachment each placeholder names, using some more than once.
  std::vector<uint64_t> nums;
  placeholder_nums(*packet.data, nums);
  const auto shuffled =
      *rc::gen::container<std::vector<size_t>>(nums.size(), rc::gen::inRange<size_t>(0, count));
  size_t next = 0;
  renumber_in_order(*packet.data, shuffled, next);
  packet.attachments = *rc::gen::container<std::vector<std::string>>(count, gen_bytes());

  std::vector<std::string> bytes_before;
  for (size_t num : shuffled) bytes_before.push_back(packet.attachments[num]);
  protocol::normalize_attachments(packet);

  std::vector<uint64_t> nums_after;
  placeholder_nums(*packet.data, nums_after);
  RC_ASSERT(nums_after.size() == bytes_before.size());
  for (size_t i = 0; i < nums_after.size(); ++i) {
    RC_ASSERT(nums_after[i] == i);
    RC_ASSERT(packet.attachments[i] == bytes_before[i]);
  }
}

}  // namespace
