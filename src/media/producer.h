// A producer: one track a client sends on its send transport. It keeps the producer's RTP
// parameters, a retransmission buffer (video) for its consumers' NACKs, receive statistics for
// the receiver reports the SFU sends back, and the list of its consumers (owned by the
// Router), to which every packet is handed while it is not paused. It may be paused by its
// client (sfu-pause-producer) or by its room (audio-only degradation); it forwards only when
// neither holds it. Key frame requests from consumers reach the browser as one PLI (or FIR)
// at most every 300 ms.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "media/retransmission_buffer.h"
#include "media/rtcp_packet.h"
#include "media/rtp_packet.h"
#include "media/rtp_parameters.h"

namespace media {

class Consumer;
class WebRtcTransport;

// The SSRC the SFU writes as the sender of its RTCP feedback and reports.
inline constexpr uint32_t kSfuSsrc = 0x43415252;  // "CARR"

class Producer {
 public:
  using Clock = std::chrono::steady_clock;

  Producer(std::string id, WebRtcTransport& transport, ProducerParameters parameters,
           boost::json::value app_data);

  const std::string& id() const { return id_; }
  WebRtcTransport& transport() { return transport_; }
  const ProducerParameters& parameters() const { return parameters_; }
  MediaKind kind() const { return parameters_.kind; }
  const boost::json::value& app_data() const { return app_data_; }

  void receive_rtp(const RtpPacket& packet, Clock::time_point now);
  void receive_sender_report(const rtcp::SenderReport& report, Clock::time_point now);
  // Asks the browser for a key frame, unless it was asked very recently.
  void request_key_frame(Clock::time_point now);
  // The receiver report block for each SSRC heard from, appended to `out` as one RR.
  void append_receiver_report(std::vector<uint8_t>& out, Clock::time_point now);

  const std::vector<uint8_t>* stored(uint16_t sequence, Clock::time_point now) const {
    return buffer_.find(sequence, now);
  }

  void set_paused_by_client(bool paused);
  void set_paused_by_room(bool paused);
  bool paused() const { return paused_by_client_ || paused_by_room_; }
  bool paused_by_client() const { return paused_by_client_; }

  void add_consumer(Consumer* consumer);
  void remove_consumer(Consumer* consumer);
  const std::vector<Consumer*>& consumers() const { return consumers_; }

  uint64_t packets_received() const { return packets_received_; }

 private:
  void note_sequence(uint16_t sequence);
  void pause_changed(bool was_paused);

  std::string id_;
  WebRtcTransport& transport_;
  ProducerParameters parameters_;
  boost::json::value app_data_;
  RetransmissionBuffer buffer_;
  std::vector<Consumer*> consumers_;
  bool paused_by_client_ = false;
  bool paused_by_room_ = false;
  bool supports_pli_ = true;
  uint8_t fir_sequence_ = 0;
  Clock::time_point last_key_frame_request_{};

  // Receive statistics (RFC 3550 appendix A.1/A.3).
  std::optional<uint32_t> media_ssrc_;
  bool started_ = false;
  uint16_t base_sequence_ = 0;
  uint16_t max_sequence_ = 0;
  uint32_t cycles_ = 0;
  uint64_t packets_received_ = 0;
  uint64_t expected_prior_ = 0;
  uint64_t received_prior_ = 0;
  uint32_t last_sr_ = 0;  // middle 32 bits of the last SR's NTP time
  Clock::time_point last_sr_at_{};
};

}  // namespace media
