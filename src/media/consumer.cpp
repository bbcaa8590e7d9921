// Consumer: see consumer.h.
#include "media/consumer.h"

#include "media/producer.h"
#include "media/vp8.h"
#include "media/webrtc_transport.h"

namespace media {

Consumer::Consumer(std::string id, WebRtcTransport& transport, Producer& producer,
                   ConsumerParameters parameters, uint32_t ssrc, std::string mid)
    : id_(std::move(id)),
      transport_(transport),
      producer_(producer),
      parameters_(std::move(parameters)),
      ssrc_(ssrc),
      mid_(std::move(mid)),
      clock_rate_(producer.parameters().clock_rate),
      video_(producer.kind() == MediaKind::video) {}

void Consumer::pause() {
  paused_ = true;
  synced_ = false;
}

void Consumer::resume(Clock::time_point now) {
  if (!paused_) return;
  paused_ = false;
  synced_ = false;
  producer_.request_key_frame(now);
}

void Consumer::producer_pause_changed(bool paused) {
  synced_ = false;
}

bool Consumer::synchronize(const RtpPacket& packet, Clock::time_point now) {
  if (video_ && !vp8_starts_key_frame(packet.payload())) {
    producer_.request_key_frame(now);
    return false;
  }
  if (started_) {
    // Continue one past the last packet sent, the timestamp advanced by the time elapsed.
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - last_sent_).count();
    const uint32_t advance = uint32_t(std::max<int64_t>(1, elapsed * clock_rate_ / 1000));
    sequence_offset_ = uint16_t(last_sequence_ + 1 - packet.sequence());
    timestamp_offset_ = last_timestamp_ + advance - packet.timestamp();
  }
  started_ = true;
  synced_ = true;
  sync_sequence_ = packet.sequence();
  last_sequence_ = uint16_t(packet.sequence() + sequence_offset_ - 1);
  return true;
}

RtpPacket::Rewrite Consumer::rewrite_for(const RtpPacket& packet, uint16_t sequence) const {
  RtpPacket::Rewrite header;
  header.ssrc = ssrc_;
  header.payload_type = parameters_.payload_type;
  header.sequence = sequence;
  header.timestamp = packet.timestamp() + timestamp_offset_;
  if (parameters_.mid_extension_id)
    header.extensions.push_back(
        {parameters_.mid_extension_id, std::vector<uint8_t>(mid_.begin(), mid_.end())});
  return header;
}

void Consumer::forward(const RtpPacket& packet, Clock::time_point now) {
  if (paused_) return;
  if (!synced_ && !synchronize(packet, now)) return;
  // Packets from before the sync point would land on numbers already used.
  if (seq_newer(sync_sequence_, packet.sequence())) return;
  const uint16_t sequence = uint16_t(packet.sequence() + sequence_offset_);
  auto header = rewrite_for(packet, sequence);
  if (seq_newer(sequence, last_sequence_)) {
    last_sequence_ = sequence;
    last_timestamp_ = header.timestamp;
    last_sent_ = now;
  }
  if (!transport_.send_rtp(packet.rewrite(header))) {
    // Not connected yet: what was sent is lost, so start again from a key frame once it is.
    if (!transport_.connected()) synced_ = false;
    return;
  }
  ++packets_forwarded_;
  octets_forwarded_ += packet.payload().size();
}

void Consumer::producer_sender_report(const rtcp::SenderReport& report) {
  if (paused_ || !synced_ || packets_forwarded_ == 0) return;
  std::vector<uint8_t> out;
  rtcp::SenderReport own;
  own.ssrc = ssrc_;
  own.ntp_time = report.ntp_time;
  own.rtp_timestamp = report.rtp_timestamp + timestamp_offset_;
  own.packet_count = uint32_t(packets_forwarded_);
  own.octet_count = uint32_t(octets_forwarded_);
  rtcp::append_sender_report(out, own);
  const auto* cname = parameters_.rtp_parameters.at("rtcp").get_object().if_contains("cname");
  rtcp::append_sdes_cname(
      out, ssrc_,
      cname && cname->is_string() ? std::string(cname->get_string()) : std::string("carrel"));
  transport_.send_rtcp(std::move(out));
}

void Consumer::receive_nack(const rtcp::Nack& nack, Clock::time_point now) {
  if (!synced_) return;
  for (uint16_t sequence : nack.lost) {
    if (seq_newer(sequence, last_sequence_)) continue;  // never sent
    const uint16_t original = uint16_t(sequence - sequence_offset_);
    if (seq_newer(sync_sequence_, original)) continue;  // from before the current numbering
    const auto* bytes = producer_.stored(original, now);
    if (!bytes) continue;
    auto packet = RtpPacket::parse(*bytes);
    if (!packet) continue;
    if (transport_.send_rtp(packet->rewrite(rewrite_for(*packet, sequence))))
      ++packets_retransmitted_;
  }
}

void Consumer::receive_key_frame_request(Clock::time_point now) {
  if (!paused_) producer_.request_key_frame(now);
}

}  // namespace media
