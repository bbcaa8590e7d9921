#include "sio/protocol/packet.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "sio/protocol/json_reader.h"
#include "sio/protocol/json_writer.h"

namespace sio::protocol {
namespace {

namespace json = boost::json;

bool is_binary(PacketType type) {
  return type == PacketType::kBinaryEvent || type == PacketType::kBinaryAck;
}

PacketType wire_type(const Packet& packet) {
  if (packet.attachments.empty()) return packet.type;
  if (packet.type == PacketType::kEvent) return PacketType::kBinaryEvent;
  if (packet.type == PacketType::kAck) return PacketType::kBinaryAck;
  return packet.type;
}

bool is_reserved_event(std::string_view name) {
  return name == "connect" || name == "connect_error" || name == "disconnect" ||
         name == "disconnecting" || name == "newListener" || name == "removeListener";
}

bool is_payload_valid(PacketType type, const std::optional<json::value>& data) {
  switch (type) {
    case PacketType::kConnect:
      return !data || data->is_object();
    case PacketType::kDisconnect:
      return !data;
    case PacketType::kConnectError:
      return data && (data->is_object() || data->is_string());
    case PacketType::kEvent:
    case PacketType::kBinaryEvent: {
      if (!data || !data->is_array() || data->get_array().empty()) return false;
      const auto& name = data->get_array().front();
      // A number that is not finite (1e400) would be re-encoded as null, which is no event name.
      if (name.is_double()) return std::isfinite(name.get_double());
      return name.is_number() || (name.is_string() && !is_reserved_event(name.get_string()));
    }
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      return data && data->is_array();
  }
  return false;
}

// The attachment index a placeholder's `num` names, if it is a non-negative integer below
// `attachments` (JSON has one number type, so 1.0 counts as 1). Never throws: `num` comes from
// the peer and may be 0.5, -1 or 1e300.
std::optional<size_t> attachment_index(const json::value& num, size_t attachments) {
  if (num.is_int64() && num.get_int64() >= 0 && uint64_t(num.get_int64()) < attachments)
    return size_t(num.get_int64());
  if (num.is_uint64() && num.get_uint64() < attachments) return size_t(num.get_uint64());
  if (num.is_double()) {
    double d = num.get_double();
    if (d >= 0 && d < double(attachments) && std::trunc(d) == d) return size_t(d);
  }
  return std::nullopt;
}

// Every placeholder must name an attachment that exists.
bool placeholders_valid(const json::value& value, size_t attachments) {
  if (value.is_array()) {
    for (const auto& item : value.get_array())
      if (!placeholders_valid(item, attachments)) return false;
  } else if (value.is_object()) {
    if (is_placeholder(value)) {
      return attachment_index(value.get_object().at("num"), attachments).has_value();
    }
    for (const auto& [key, item] : value.get_object())
      if (!placeholders_valid(item, attachments)) return false;
  }
  return true;
}

// Reads a run of decimal digits at `pos`, advancing it; nullopt if none or on overflow.
std::optional<uint64_t> read_number(std::string_view text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  if (pos == start) return std::nullopt;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data() + start, text.data() + pos, value);
  if (ec != std::errc()) return std::nullopt;
  return value;
}

void renumber(json::value& value, const std::vector<std::string>& from,
              std::vector<std::string>& to) {
  if (auto* array = value.if_array()) {
    for (auto& item : *array) renumber(item, from, to);
  } else if (auto* object = value.if_object()) {
    if (is_placeholder(value)) {
      // Not to_number<int64_t>(), which throws for a `num` such as 0.5 or 1e300.
      auto index = attachment_index((*object)["num"], from.size());
      to.push_back(index ? from[*index] : std::string());
      (*object)["num"] = to.size() - 1;
      return;
    }
    for (auto& [key, item] : *object) renumber(item, from, to);
  }
}

}  // namespace

void normalize_attachments(Packet& packet) {
  if (packet.attachments.empty() || !packet.data) return;
  std::vector<std::string> ordered;
  ordered.reserve(packet.attachments.size());
  renumber(*packet.data, packet.attachments, ordered);
  packet.attachments = std::move(ordered);
}

json::value placeholder(size_t num) {
  return json::object{{"_placeholder", true}, {"num", num}};
}

bool is_placeholder(const json::value& value) {
  const auto* object = value.if_object();
  if (!object || object->size() != 2) return false;
  const auto* flag = object->if_contains("_placeholder");
  const auto* num = object->if_contains("num");
  return flag && flag->is_bool() && flag->get_bool() && num && num->is_number();
}

void append_encoded(std::string& out, const Packet& packet) {
  PacketType type = wire_type(packet);
  out += char('0' + int(type));
  if (is_binary(type)) {
    out += std::to_string(packet.attachments.size());
    out += '-';
  }
  if (!packet.nsp.empty() && packet.nsp != "/") {  // "" means the main namespace, as in JS
    out += packet.nsp;
    out += ',';
  }
  if (packet.id) out += std::to_string(*packet.id);
  if (packet.data) append_json(out, *packet.data);
}

std::string encode(const Packet& packet) {
  std::string out;
  append_encoded(out, packet);
  return out;
}

TextDecodeResult decode_text(std::string_view text, const DecoderLimits& limits) {
  TextDecodeResult result;
  auto fail = [&](const char* reason) {
    result.packet.reset();
    result.error = reason;
    return result;
  };
  if (text.empty() || text[0] < '0' || text[0] > '6') return fail("unknown packet type");
  Packet packet;
  packet.type = PacketType(text[0] - '0');
  size_t pos = 1;

  if (is_binary(packet.type)) {
    auto count = read_number(text, pos);
    // A binary packet has at least one attachment, as in the reference parser ("50-" is illegal).
    if (!count || *count == 0 || pos >= text.size() || text[pos] != '-')
      return fail("illegal attachments");
    if (*count > limits.max_attachments) return fail("too many attachments");
    result.expected_attachments = size_t(*count);
    ++pos;
  }
  if (pos < text.size() && text[pos] == '/') {
    size_t comma = text.find(',', pos);
    size_t end = comma == std::string_view::npos ? text.size() : comma;
    packet.nsp.assign(text.substr(pos, end - pos));
    pos = comma == std::string_view::npos ? end : comma + 1;
  }
  if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    packet.id = read_number(text, pos);
    if (!packet.id) return fail("invalid ack id");
  }
  if (pos < text.size()) {
    json::parse_options options;
    options.max_depth = limits.max_json_depth;
    boost::system::error_code ec;
    json::value data = parse_json(text.substr(pos), ec, options);
    if (ec) return fail("invalid payload");
    packet.data = std::move(data);
  }
  if (!is_payload_valid(packet.type, packet.data)) return fail("invalid payload");
  result.packet = std::move(packet);
  return result;
}

Decoder::Status Decoder::fail(std::string reason) {
  error_ = std::move(reason);
  reconstructing_ = false;
  packet_ = Packet{};
  return Status::kInvalid;
}

Decoder::Status Decoder::finish() {
  reconstructing_ = false;
  // Only binary packets have placeholders; in others such objects are ordinary data.
  if (is_binary(packet_.type) && packet_.data &&
      !placeholders_valid(*packet_.data, packet_.attachments.size()))
    return fail("illegal attachments");
  return Status::kComplete;
}

Decoder::Status Decoder::add_text(std::string_view text) {
  if (reconstructing_) return fail("got plaintext data when reconstructing a packet");
  auto result = decode_text(text, limits_);
  if (!result.packet) return fail(std::move(result.error));
  packet_ = std::move(*result.packet);
  expected_attachments_ = result.expected_attachments;
  if (expected_attachments_ == 0) return finish();
  packet_.attachments.reserve(expected_attachments_);
  reconstructing_ = true;
  return Status::kAwaitingAttachments;
}

Decoder::Status Decoder::add_binary(std::string bytes) {
  if (!reconstructing_) return fail("got binary data when not reconstructing a packet");
  packet_.attachments.push_back(std::move(bytes));
  if (packet_.attachments.size() < expected_attachments_) return Status::kAwaitingAttachments;
  return finish();
}

}  // namespace sio::protocol
