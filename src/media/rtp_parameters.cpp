// RTP parameter objects: see rtp_parameters.h.
#include "media/rtp_parameters.h"

#include <strings.h>

#include "media/media_error.h"

namespace media {

namespace json = boost::json;

namespace {

constexpr uint8_t kOpusPayloadType = 100;
constexpr uint8_t kVp8PayloadType = 101;
constexpr uint8_t kMidExtensionId = 1;

json::array video_feedback() {
  return {json::object{{"type", "nack"}, {"parameter", ""}},
          json::object{{"type", "nack"}, {"parameter", "pli"}},
          json::object{{"type", "ccm"}, {"parameter", "fir"}}};
}

bool same_mime(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

int64_t int_field(const json::object& object, std::string_view key, int64_t fallback = -1) {
  const auto* value = object.if_contains(key);
  if (value && value->is_int64()) return value->get_int64();
  if (value && value->is_uint64()) return int64_t(value->get_uint64());
  if (value && value->is_double()) return int64_t(value->get_double());
  return fallback;
}

[[noreturn]] void invalid(const std::string& message) {
  throw MediaError("INVALID_RTP_PARAMETERS", message);
}

const json::object& object_at(const json::value& value, const char* what) {
  if (!value.is_object()) invalid(std::string(what) + " must be an object");
  return value.get_object();
}

// The router codec with this MIME type and clock rate, or nullptr.
const json::object* router_codec(const json::object& capabilities, std::string_view mime,
                                 int64_t clock_rate) {
  for (const auto& codec : capabilities.at("codecs").get_array()) {
    const auto& object = codec.get_object();
    if (same_mime(object.at("mimeType").get_string(), mime) &&
        object.at("clockRate").as_int64() == clock_rate)
      return &object;
  }
  return nullptr;
}

void read_encodings(const json::object& rtp, ProducerParameters& out) {
  const auto* encodings = rtp.if_contains("encodings");
  if (!encodings || !encodings->is_array() || encodings->get_array().empty())
    invalid("encodings must be a non-empty array");
  for (const auto& encoding : encodings->get_array()) {
    if (!encoding.is_object()) invalid("each encoding must be an object");
    const int64_t ssrc = int_field(encoding.get_object(), "ssrc");
    if (ssrc > 0 && ssrc <= 0xFFFFFFFF) out.ssrcs.push_back(uint32_t(ssrc));
  }
}

void read_extensions(const json::object& rtp, ProducerParameters& out) {
  const auto* extensions = rtp.if_contains("headerExtensions");
  if (!extensions || !extensions->is_array()) return;
  for (const auto& extension : extensions->get_array()) {
    if (!extension.is_object()) continue;
    const auto& object = extension.get_object();
    const int64_t id = int_field(object, "id");
    if (string_field(object, "uri") == kMidUri && id > 0 && id < 256)
      out.mid_extension_id = uint8_t(id);
  }
}

}  // namespace

const char* kind_name(MediaKind kind) {
  return kind == MediaKind::audio ? "audio" : "video";
}

MediaKind parse_kind(const json::value& value) {
  if (value.is_string() && value.get_string() == "audio") return MediaKind::audio;
  if (value.is_string() && value.get_string() == "video") return MediaKind::video;
  throw MediaError("INVALID_KIND", "kind must be audio or video");
}

json::object router_rtp_capabilities() {
  json::array codecs{json::object{{"kind", "audio"},
                                  {"mimeType", "audio/opus"},
                                  {"clockRate", 48000},
                                  {"channels", 2},
                                  {"preferredPayloadType", kOpusPayloadType},
                                  {"parameters", json::object{}},
                                  {"rtcpFeedback", json::array{}}},
                     json::object{{"kind", "video"},
                                  {"mimeType", "video/VP8"},
                                  {"clockRate", 90000},
                                  {"preferredPayloadType", kVp8PayloadType},
                                  {"parameters", json::object{}},
                                  {"rtcpFeedback", video_feedback()}}};
  json::array extensions;
  for (const char* kind : {"audio", "video"})
    extensions.push_back(json::object{{"kind", kind},
                                      {"uri", kMidUri},
                                      {"preferredId", kMidExtensionId},
                                      {"preferredEncrypt", false},
                                      {"direction", "sendrecv"}});
  return {{"codecs", std::move(codecs)}, {"headerExtensions", std::move(extensions)}};
}

ProducerParameters parse_producer_parameters(MediaKind kind, const json::value& value) {
  const auto& rtp = object_at(value, "rtpParameters");
  ProducerParameters out;
  out.kind = kind;
  out.rtp_parameters = rtp;
  out.mid = string_field(rtp, "mid");
  if (const auto* rtcp = rtp.if_contains("rtcp"); rtcp && rtcp->is_object())
    out.cname = string_field(rtcp->get_object(), "cname");
  const auto* codecs = rtp.if_contains("codecs");
  if (!codecs || !codecs->is_array() || codecs->get_array().empty())
    invalid("codecs must be a non-empty array");
  // The first codec is the media codec (RTX and FEC follow it in mediasoup's order).
  const auto& codec = object_at(codecs->get_array().front(), "codec");
  out.mime_type = string_field(codec, "mimeType");
  const int64_t payload_type = int_field(codec, "payloadType");
  const int64_t clock_rate = int_field(codec, "clockRate");
  if (payload_type < 0 || payload_type > 127) invalid("payloadType must be 0..127");
  const auto capabilities = router_rtp_capabilities();
  const auto* supported = router_codec(capabilities, out.mime_type, clock_rate);
  if (!supported || string_field(*supported, "kind") != kind_name(kind))
    throw MediaError("UNSUPPORTED_CODEC", "The router does not support " + out.mime_type);
  out.mime_type = string_field(*supported, "mimeType");
  out.payload_type = uint8_t(payload_type);
  out.clock_rate = uint32_t(clock_rate);
  out.codec = codec;
  read_encodings(rtp, out);
  read_extensions(rtp, out);
  if (out.ssrcs.empty() && out.mid.empty()) invalid("encodings need an ssrc, or a mid is needed");
  return out;
}

namespace {

// The device codec matching the producer's, or nullptr.
const json::object* device_codec(const json::object& capabilities,
                                 const ProducerParameters& producer) {
  const auto* codecs = capabilities.if_contains("codecs");
  if (!codecs || !codecs->is_array()) return nullptr;
  for (const auto& codec : codecs->get_array()) {
    if (!codec.is_object()) continue;
    const auto& object = codec.get_object();
    if (same_mime(string_field(object, "mimeType"), producer.mime_type) &&
        int_field(object, "clockRate") == int64_t(producer.clock_rate) &&
        int_field(object, "preferredPayloadType") >= 0)
      return &object;
  }
  return nullptr;
}

uint8_t device_extension_id(const json::object& capabilities, MediaKind kind,
                            std::string_view uri) {
  const auto* extensions = capabilities.if_contains("headerExtensions");
  if (!extensions || !extensions->is_array()) return 0;
  for (const auto& extension : extensions->get_array()) {
    if (!extension.is_object()) continue;
    const auto& object = extension.get_object();
    const int64_t id = int_field(object, "preferredId");
    const auto extension_kind = string_field(object, "kind");
    if (string_field(object, "uri") == uri && id > 0 && id < 15 &&
        (extension_kind.empty() || extension_kind == kind_name(kind)))
      return uint8_t(id);
  }
  return 0;
}

json::array supported_feedback(const json::object& device) {
  json::array out;
  const auto* feedback = device.if_contains("rtcpFeedback");
  if (!feedback || !feedback->is_array()) return out;
  for (const auto& item : feedback->get_array()) {
    if (!item.is_object()) continue;
    const auto type = string_field(item.get_object(), "type");
    const auto parameter = string_field(item.get_object(), "parameter");
    if ((type == "nack" && (parameter.empty() || parameter == "pli")) ||
        (type == "ccm" && parameter == "fir"))
      out.push_back(json::object{{"type", type}, {"parameter", parameter}});
  }
  return out;
}

}  // namespace

ConsumerParameters consumer_parameters(const ProducerParameters& producer,
                                       const json::value& device_capabilities, uint32_t ssrc,
                                       const std::string& mid) {
  if (!device_capabilities.is_object())
    throw MediaError("INVALID_RTP_CAPABILITIES", "rtpCapabilities must be an object");
  const auto& capabilities = device_capabilities.get_object();
  const auto* device = device_codec(capabilities, producer);
  if (!device)
    throw MediaError("CANNOT_CONSUME", "The device cannot receive " + producer.mime_type);
  ConsumerParameters out;
  out.payload_type = uint8_t(int_field(*device, "preferredPayloadType"));
  out.mid_extension_id = device_extension_id(capabilities, producer.kind, kMidUri);
  json::object codec{{"mimeType", producer.mime_type},
                     {"payloadType", out.payload_type},
                     {"clockRate", producer.clock_rate}};
  if (const auto* channels = producer.codec.if_contains("channels")) codec["channels"] = *channels;
  const auto* parameters = producer.codec.if_contains("parameters");
  codec["parameters"] = parameters && parameters->is_object() ? *parameters : json::object{};
  codec["rtcpFeedback"] = supported_feedback(*device);
  json::array extensions;
  if (out.mid_extension_id)
    extensions.push_back(json::object{{"uri", kMidUri},
                                      {"id", out.mid_extension_id},
                                      {"encrypt", false},
                                      {"parameters", json::object{}}});
  out.rtp_parameters = {
      {"mid", mid},
      {"codecs", json::array{std::move(codec)}},
      {"headerExtensions", std::move(extensions)},
      {"encodings", json::array{json::object{{"ssrc", ssrc}}}},
      {"rtcp", json::object{{"cname", producer.cname.empty() ? "carrel" : producer.cname},
                            {"reducedSize", true},
                            {"mux", true}}}};
  return out;
}

}  // namespace media
