// Producer: see producer.h.
#include "media/producer.h"

#include <algorithm>

#include "media/consumer.h"
#include "media/webrtc_transport.h"

namespace media {

namespace {

constexpr auto kKeyFrameInterval = std::chrono::milliseconds(300);

bool has_feedback(const boost::json::object& codec, std::string_view type,
                  std::string_view parameter) {
  const auto* feedback = codec.if_contains("rtcpFeedback");
  if (!feedback || !feedback->is_array()) return false;
  for (const auto& item : feedback->get_array()) {
    const auto* object = item.if_object();
    if (!object) continue;
    const auto* t = object->if_contains("type");
    const auto* p = object->if_contains("parameter");
    if (t && t->is_string() && t->get_string() == type &&
        (p && p->is_string() ? std::string_view(p->get_string()) : std::string_view()) == parameter)
      return true;
  }
  return false;
}

}  // namespace

Producer::Producer(std::string id, WebRtcTransport& transport, ProducerParameters parameters,
                   boost::json::value app_data)
    : id_(std::move(id)),
      transport_(transport),
      parameters_(std::move(parameters)),
      app_data_(std::move(app_data)) {
  supports_pli_ = !has_feedback(parameters_.codec, "ccm", "fir") ||
                  has_feedback(parameters_.codec, "nack", "pli");
}

void Producer::receive_rtp(const RtpPacket& packet, Clock::time_point now) {
  // Only the media codec is forwarded (RTX and FEC are not negotiated by the router).
  if (packet.payload_type() != parameters_.payload_type) return;
  if (!media_ssrc_) media_ssrc_ = packet.ssrc();
  if (packet.ssrc() != *media_ssrc_) return;
  note_sequence(packet.sequence());
  if (kind() == MediaKind::video)
    buffer_.store(packet.sequence(), packet.bytes().data(), packet.bytes().size(), now);
  if (paused()) return;
  for (Consumer* consumer : consumers_) consumer->forward(packet, now);
}

void Producer::note_sequence(uint16_t sequence) {
  ++packets_received_;
  if (!started_) {
    started_ = true;
    base_sequence_ = max_sequence_ = sequence;
    return;
  }
  if (seq_newer(sequence, max_sequence_)) {
    if (sequence < max_sequence_) ++cycles_;
    max_sequence_ = sequence;
  }
}

void Producer::receive_sender_report(const rtcp::SenderReport& report, Clock::time_point now) {
  last_sr_ = uint32_t(report.ntp_time >> 16);
  last_sr_at_ = now;
  for (Consumer* consumer : consumers_) consumer->producer_sender_report(report);
}

void Producer::request_key_frame(Clock::time_point now) {
  if (kind() != MediaKind::video || !media_ssrc_) return;
  if (now - last_key_frame_request_ < kKeyFrameInterval) return;
  last_key_frame_request_ = now;
  std::vector<uint8_t> out;
  if (supports_pli_)
    rtcp::append_pli(out, {kSfuSsrc, *media_ssrc_});
  else
    rtcp::append_fir(out, {kSfuSsrc, {{*media_ssrc_, fir_sequence_++}}});
  transport_.send_rtcp(std::move(out));
}

void Producer::append_receiver_report(std::vector<uint8_t>& out, Clock::time_point now) {
  if (!media_ssrc_ || !started_) return;
  const uint64_t extended_max = (uint64_t(cycles_) << 16) + max_sequence_;
  const uint64_t expected = extended_max - base_sequence_ + 1;
  const int64_t lost = int64_t(expected) - int64_t(packets_received_);
  const uint64_t expected_interval = expected - expected_prior_;
  const uint64_t received_interval = packets_received_ - received_prior_;
  expected_prior_ = expected;
  received_prior_ = packets_received_;
  const int64_t lost_interval = int64_t(expected_interval) - int64_t(received_interval);
  rtcp::ReportBlock block;
  block.ssrc = *media_ssrc_;
  block.fraction_lost = expected_interval == 0 || lost_interval <= 0
                            ? 0
                            : uint8_t((lost_interval << 8) / int64_t(expected_interval));
  block.cumulative_lost = int32_t(std::clamp<int64_t>(lost, -0x800000, 0x7FFFFF));
  block.highest_sequence = uint32_t(extended_max);
  if (last_sr_at_ != Clock::time_point{}) {
    block.last_sr = last_sr_;
    const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(now - last_sr_at_);
    block.delay_since_last_sr = uint32_t(delay.count() * 65536 / 1'000'000);
  }
  rtcp::append_receiver_report(out, {kSfuSsrc, {block}});
}

void Producer::set_paused_by_client(bool paused) {
  const bool was = this->paused();
  paused_by_client_ = paused;
  pause_changed(was);
}

void Producer::set_paused_by_room(bool paused) {
  const bool was = this->paused();
  paused_by_room_ = paused;
  pause_changed(was);
}

void Producer::pause_changed(bool was_paused) {
  if (was_paused == paused()) return;
  for (Consumer* consumer : consumers_) consumer->producer_pause_changed(paused());
  if (!paused()) request_key_frame(Clock::now());
}

void Producer::add_consumer(Consumer* consumer) {
  consumers_.push_back(consumer);
}

void Producer::remove_consumer(Consumer* consumer) {
  std::erase(consumers_, consumer);
}

}  // namespace media
