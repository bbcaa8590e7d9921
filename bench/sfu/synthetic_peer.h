// A synthetic WebRTC peer for the SFU benchmark: one UDP socket per transport, an ICE check
// with USE-CANDIDATE, a DTLS client handshake and SRTP, built from the SFU's own classes
// (StunPacket, DtlsTransport, SrtpSession). A publishing peer sends VP8-shaped RTP at a fixed
// rate; a receiving peer counts the SRTP packets that arrive without decrypting them.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "media/dtls_transport.h"
#include "media/srtp_session.h"

namespace bench {

class SyntheticPeer : private media::DtlsTransport::Listener {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;

  struct Remote {
    Endpoint server;
    std::string ufrag;
    std::string password;
    std::string fingerprint;
  };

  SyntheticPeer(boost::asio::any_io_executor executor, const media::DtlsCertificate& certificate,
                Remote remote);

  // Sends the ICE check; the DTLS handshake follows its answer.
  void start();
  bool connected() const { return srtp_ != nullptr; }
  // Sends one RTP packet (a key frame start, so consumers forward at once).
  void send_rtp(uint32_t ssrc, uint16_t sequence, uint32_t timestamp, size_t payload_size);

  uint64_t received_rtp() const { return received_rtp_; }
  uint64_t sent_rtp() const { return sent_rtp_; }

 private:
  void receive();
  void dtls_send(std::vector<uint8_t> datagram) override;
  void dtls_connected(const media::SrtpKeys& keys) override;
  void dtls_failed(const std::string& reason) override;
  void dtls_closed() override {}

  boost::asio::ip::udp::socket socket_;
  Remote remote_;
  media::DtlsTransport dtls_;
  std::unique_ptr<media::SrtpSession> srtp_;
  std::vector<uint8_t> buffer_;
  Endpoint from_;
  bool checked_ = false;
  uint64_t received_rtp_ = 0;
  uint64_t sent_rtp_ = 0;
};

}  // namespace bench
