// Synthetic WebRTC peer: see synthetic_peer.h.
#include "synthetic_peer.h"

#include <openssl/rand.h>

#include <cstdio>

#include "media/rtp_packet.h"
#include "media/stun_packet.h"

namespace bench {

SyntheticPeer::SyntheticPeer(boost::asio::any_io_executor executor,
                             const media::DtlsCertificate& certificate, Remote remote)
    : socket_(executor, Endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
      remote_(std::move(remote)),
      dtls_(certificate, *this),
      buffer_(65536) {
  socket_.set_option(boost::asio::socket_base::receive_buffer_size(1 << 20));
  receive();
}

void SyntheticPeer::start() {
  std::array<uint8_t, 12> id{};
  RAND_bytes(id.data(), int(id.size()));
  auto check = media::StunPacket::binding_request(id, remote_.ufrag + ":peer", remote_.password,
                                                  0x7e0000ff, true);
  socket_.send_to(boost::asio::buffer(check), remote_.server);
}

void SyntheticPeer::receive() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), from_, [this](boost::system::error_code error, size_t size) {
        if (error) return;
        std::span<const uint8_t> data(buffer_.data(), size);
        if (media::StunPacket::looks_like_stun(data)) {
          auto answer = media::StunPacket::parse(data);
          if (answer && answer->message_class() == media::StunPacket::Class::success && !checked_) {
            checked_ = true;
            dtls_.start(media::DtlsTransport::Role::client, "sha-256", remote_.fingerprint);
          }
        } else if (media::DtlsTransport::looks_like_dtls(data)) {
          dtls_.receive(data);
        } else if (media::RtpPacket::looks_like_rtp_or_rtcp(data) &&
                   !media::RtpPacket::is_rtcp(data)) {
          ++received_rtp_;
        }
        receive();
      });
}

void SyntheticPeer::send_rtp(uint32_t ssrc, uint16_t sequence, uint32_t timestamp,
                             size_t payload_size) {
  if (!srtp_) return;
  std::vector<uint8_t> payload(payload_size, 0x42);
  payload[0] = 0x10;  // VP8 descriptor: start of partition 0
  payload[1] = 0x00;  // VP8 header: key frame
  auto packet =
      media::RtpPacket::build({ssrc, 96, sequence, timestamp, {{1, {'0'}}}}, false, payload);
  if (!srtp_->protect_rtp(packet)) return;
  boost::system::error_code ignored;
  socket_.send_to(boost::asio::buffer(packet), remote_.server, 0, ignored);
  ++sent_rtp_;
}

void SyntheticPeer::dtls_send(std::vector<uint8_t> datagram) {
  boost::system::error_code ignored;
  socket_.send_to(boost::asio::buffer(datagram), remote_.server, 0, ignored);
}

void SyntheticPeer::dtls_connected(const media::SrtpKeys& keys) {
  srtp_ = std::make_unique<media::SrtpSession>(keys.profile,
                                               media::SrtpSession::Direction::outbound, keys.local);
}

void SyntheticPeer::dtls_failed(const std::string& reason) {
  std::fprintf(stderr, "peer DTLS failed: %s\n", reason.c_str());
}

}  // namespace bench
