// A consumer: one producer's track sent to one client's receive transport. It is created
// paused (the client resumes it once its transceiver exists) and rewrites every packet it
// forwards: its own SSRC, the payload type and mid extension id the client negotiated, and
// sequence numbers and timestamps that continue without a jump when forwarding stops and
// starts again (consumer or producer paused, resumed). After such a gap a video consumer waits
// for a key frame (and asks for one) so the browser can decode at once. It answers the
// client's NACKs from the producer's buffer, passes PLI/FIR on to the producer and sends a
// sender report for each one of the producer's, mapped to its own timestamps.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "media/rtcp_packet.h"
#include "media/rtp_packet.h"
#include "media/rtp_parameters.h"

namespace media {

class Producer;
class WebRtcTransport;

class Consumer {
 public:
  using Clock = std::chrono::steady_clock;

  Consumer(std::string id, WebRtcTransport& transport, Producer& producer,
           ConsumerParameters parameters, uint32_t ssrc, std::string mid);

  const std::string& id() const { return id_; }
  WebRtcTransport& transport() { return transport_; }
  Producer& producer() { return producer_; }
  uint32_t ssrc() const { return ssrc_; }
  const std::string& mid() const { return mid_; }
  const ConsumerParameters& parameters() const { return parameters_; }
  bool paused() const { return paused_; }

  void pause();
  void resume(Clock::time_point now);

  // From the producer.
  void forward(const RtpPacket& packet, Clock::time_point now);
  void producer_pause_changed(bool paused);
  void producer_sender_report(const rtcp::SenderReport& report);

  // From the client's RTCP.
  void receive_nack(const rtcp::Nack& nack, Clock::time_point now);
  void receive_key_frame_request(Clock::time_point now);

  uint64_t packets_forwarded() const { return packets_forwarded_; }
  uint64_t packets_retransmitted() const { return packets_retransmitted_; }

 private:
  bool synchronize(const RtpPacket& packet, Clock::time_point now);
  RtpPacket::Rewrite rewrite_for(const RtpPacket& packet, uint16_t sequence) const;

  std::string id_;
  WebRtcTransport& transport_;
  Producer& producer_;
  ConsumerParameters parameters_;
  uint32_t ssrc_;
  std::string mid_;
  uint32_t clock_rate_;
  bool video_;
  bool paused_ = true;

  // Output numbering: out = in + offset, re-based after every gap.
  bool synced_ = false;
  bool started_ = false;
  uint16_t sync_sequence_ = 0;  // first input sequence number forwarded since the last sync
  uint16_t sequence_offset_ = 0;
  uint32_t timestamp_offset_ = 0;
  uint16_t last_sequence_ = 0;
  uint32_t last_timestamp_ = 0;
  Clock::time_point last_sent_{};

  uint64_t packets_forwarded_ = 0;
  uint64_t octets_forwarded_ = 0;
  uint64_t packets_retransmitted_ = 0;
};

}  // namespace media
