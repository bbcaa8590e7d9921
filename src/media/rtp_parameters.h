// mediasoup's RTP parameter objects, as JSON (camelCase, like mediasoup-client sends and
// expects): the router's RTP capabilities (Opus and VP8, the mid header extension), the
// reading of a producer's rtpParameters, and the rtpParameters of a consumer built from its
// producer and the consuming device's rtpCapabilities (payload type and extension ids are the
// device's, the SSRC and mid the consumer's own).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace media {

enum class MediaKind { audio, video };
const char* kind_name(MediaKind kind);
MediaKind parse_kind(const boost::json::value& value);  // throws MediaError

inline constexpr char kMidUri[] = "urn:ietf:params:rtp-hdrext:sdes:mid";

boost::json::object router_rtp_capabilities();

// What the SFU needs from a producer's rtpParameters.
struct ProducerParameters {
  MediaKind kind = MediaKind::audio;
  std::string mid;
  std::string cname;
  std::string mime_type;  // "audio/opus", "video/VP8"
  uint8_t payload_type = 0;
  uint32_t clock_rate = 0;
  boost::json::object codec;           // the producer's media codec object
  std::vector<uint32_t> ssrcs;         // media SSRCs of its encodings, possibly empty (mid-only)
  uint8_t mid_extension_id = 0;        // 0 when the producer sends no mid extension
  boost::json::object rtp_parameters;  // as received
};
// Throws MediaError("UNSUPPORTED_CODEC" / "INVALID_RTP_PARAMETERS").
ProducerParameters parse_producer_parameters(MediaKind kind, const boost::json::value& rtp);

struct ConsumerParameters {
  uint8_t payload_type = 0;
  uint8_t mid_extension_id = 0;
  boost::json::object rtp_parameters;
};
// Throws MediaError("CANNOT_CONSUME") when the device cannot receive the producer's codec.
ConsumerParameters consumer_parameters(const ProducerParameters& producer,
                                       const boost::json::value& device_capabilities, uint32_t ssrc,
                                       const std::string& mid);

}  // namespace media
