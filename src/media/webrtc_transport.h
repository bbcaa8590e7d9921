// One WebRTC transport (a mediasoup-client send or receive transport): ICE-lite, DTLS and SRTP
// on the shared UDP port. It announces iceParameters {usernameFragment, password, iceLite},
// one host candidate and dtlsParameters {role: auto, fingerprints}; connect() takes the
// client's dtlsParameters and picks the opposite DTLS role (as mediasoup does: a client peer
// makes us server, a server or auto peer makes us client). Decrypted RTP and RTCP go up to the
// Listener (the Router); the Router also keeps this transport's routing tables (which SSRCs
// belong to which producer or consumer) in routes().
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "media/dtls_transport.h"
#include "media/ice_server.h"
#include "media/rtcp_packet.h"
#include "media/rtp_packet.h"
#include "media/srtp_session.h"
#include "media/transport_demux.h"

namespace media {

class Producer;
class Consumer;

// What every transport of a server shares.
struct TransportContext {
  boost::asio::any_io_executor executor;
  DatagramSender& sender;
  TransportDemux& demux;
  const DtlsCertificate& certificate;
  std::string announced_ip;
  uint16_t port = 0;
};

class WebRtcTransport : public IceServer::Listener, public DtlsTransport::Listener {
 public:
  using Clock = std::chrono::steady_clock;
  using Endpoint = boost::asio::ip::udp::endpoint;

  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void transport_rtp(WebRtcTransport& transport, const RtpPacket& packet,
                               Clock::time_point now) = 0;
    virtual void transport_rtcp(WebRtcTransport& transport, const std::vector<rtcp::Item>& items,
                                Clock::time_point now) = 0;
    // DTLS failed or the peer closed it; the owner closes the transport (later, not inside
    // this call).
    virtual void transport_failed(WebRtcTransport& transport, const std::string& reason) = 0;
  };

  // Non-owning routing tables, kept by the Router.
  struct Routes {
    std::unordered_map<uint32_t, Producer*> producers_by_ssrc;
    std::unordered_map<std::string, Producer*> producers_by_mid;
    std::unordered_map<uint32_t, Consumer*> consumers_by_ssrc;
    int next_mid = 0;  // mids handed to this transport's consumers
  };

  WebRtcTransport(std::string id, std::string owner, TransportContext& context, Listener& listener);
  ~WebRtcTransport() override;

  const std::string& id() const { return id_; }
  const std::string& owner() const { return owner_; }
  Routes& routes() { return routes_; }

  boost::json::object ice_parameters() const;
  boost::json::array ice_candidates() const;
  boost::json::object dtls_parameters() const;

  // The client's dtlsParameters; throws MediaError on a second call or bad parameters.
  void connect(const boost::json::value& dtls_parameters);
  bool connected() const { return srtp_out_ != nullptr; }
  bool ice_consent_expired(Clock::time_point now) const;

  // From the demux.
  void receive_stun(const StunPacket& packet, const Endpoint& from, Clock::time_point now);
  void receive_datagram(std::span<const uint8_t> data, const Endpoint& from, Clock::time_point now);

  // Protect and send to the selected tuple; false when not connected or refused.
  bool send_rtp(std::vector<uint8_t> packet);
  bool send_rtcp(std::vector<uint8_t> packet);

  void close();

 private:
  void ice_send(const Endpoint& to, std::vector<uint8_t> datagram) override;
  void ice_selected(const Endpoint& remote) override;
  void ice_tuple_added(const Endpoint& remote) override;
  void dtls_send(std::vector<uint8_t> datagram) override;
  void dtls_connected(const SrtpKeys& keys) override;
  void dtls_failed(const std::string& reason) override;
  void dtls_closed() override;

  void maybe_start_dtls();
  void arm_dtls_timer();
  void receive_srtp(std::span<const uint8_t> data, Clock::time_point now);

  std::string id_;
  std::string owner_;
  TransportContext& context_;
  Listener& listener_;
  IceServer ice_;
  DtlsTransport dtls_;
  std::optional<DtlsTransport::Role> dtls_role_;
  std::string remote_algorithm_;
  std::string remote_fingerprint_;
  std::vector<std::vector<uint8_t>> early_dtls_;  // before connect(): replayed after
  std::unique_ptr<SrtpSession> srtp_in_;
  std::unique_ptr<SrtpSession> srtp_out_;
  boost::asio::steady_timer dtls_timer_;
  Routes routes_;
  bool closed_ = false;
  std::vector<uint8_t> scratch_;
};

}  // namespace media
