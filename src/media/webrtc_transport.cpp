// ICE-lite + DTLS + SRTP on one transport: see webrtc_transport.h.
#include "media/webrtc_transport.h"

#include "media/media_error.h"

namespace media {

namespace json = boost::json;

namespace {

constexpr auto kConsentTimeout = std::chrono::seconds(30);
constexpr size_t kMaxEarlyDtls = 8;

std::string string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

WebRtcTransport::WebRtcTransport(std::string id, std::string owner, TransportContext& context,
                                 Listener& listener)
    : id_(std::move(id)),
      owner_(std::move(owner)),
      context_(context),
      listener_(listener),
      ice_(*this, random_ice_string(16), random_ice_string(32)),
      dtls_(context.certificate, *this),
      dtls_timer_(context.executor) {
  context_.demux.add_ufrag(ice_.ufrag(), this);
}

WebRtcTransport::~WebRtcTransport() {
  close();
  context_.demux.remove(this);
}

json::object WebRtcTransport::ice_parameters() const {
  return {{"usernameFragment", ice_.ufrag()}, {"password", ice_.password()}, {"iceLite", true}};
}

json::array WebRtcTransport::ice_candidates() const {
  return {json::object{{"foundation", "udpcandidate"},
                       {"priority", 1076302079},
                       {"ip", context_.announced_ip},
                       {"address", context_.announced_ip},
                       {"protocol", "udp"},
                       {"port", context_.port},
                       {"type", "host"}}};
}

json::object WebRtcTransport::dtls_parameters() const {
  return {
      {"role", "auto"},
      {"fingerprints", json::array{json::object{{"algorithm", "sha-256"},
                                                {"value", context_.certificate.fingerprint()}}}}};
}

void WebRtcTransport::connect(const json::value& parameters) {
  if (dtls_role_) throw MediaError("ALREADY_CONNECTED", "The transport is connected already");
  if (!parameters.is_object())
    throw MediaError("INVALID_DTLS_PARAMETERS", "dtlsParameters must be an object");
  const auto& object = parameters.get_object();
  const auto role = string_field(object, "role");
  const auto* fingerprints = object.if_contains("fingerprints");
  if (!fingerprints || !fingerprints->is_array() || fingerprints->get_array().empty())
    throw MediaError("INVALID_DTLS_PARAMETERS", "dtlsParameters.fingerprints is required");
  // Prefer sha-256 when the peer lists several.
  for (const auto& fingerprint : fingerprints->get_array()) {
    if (!fingerprint.is_object()) continue;
    const auto algorithm = string_field(fingerprint.get_object(), "algorithm");
    const auto value = string_field(fingerprint.get_object(), "value");
    if (value.empty() || (!remote_algorithm_.empty() && remote_algorithm_ == "sha-256")) continue;
    remote_algorithm_ = algorithm;
    remote_fingerprint_ = value;
  }
  if (remote_fingerprint_.empty())
    throw MediaError("INVALID_DTLS_PARAMETERS", "no usable fingerprint");
  if (role == "client")
    dtls_role_ = DtlsTransport::Role::server;
  else if (role == "server" || role == "auto" || role.empty())
    dtls_role_ = DtlsTransport::Role::client;
  else
    throw MediaError("INVALID_DTLS_PARAMETERS", "role must be client, server or auto");
  maybe_start_dtls();
}

void WebRtcTransport::maybe_start_dtls() {
  if (!dtls_role_ || dtls_.state() != DtlsTransport::State::idle || closed_) return;
  // A client needs somewhere to send its ClientHello.
  if (*dtls_role_ == DtlsTransport::Role::client && !ice_.connected()) return;
  dtls_.start(*dtls_role_, remote_algorithm_, remote_fingerprint_);
  for (auto& datagram : early_dtls_) dtls_.receive(datagram);
  early_dtls_.clear();
  arm_dtls_timer();
}

void WebRtcTransport::arm_dtls_timer() {
  auto timeout = dtls_.next_timeout();
  if (!timeout) return;
  dtls_timer_.expires_after(*timeout);
  dtls_timer_.async_wait([this](boost::system::error_code error) {
    if (error || closed_) return;
    dtls_.handle_timeout();
    arm_dtls_timer();
  });
}

bool WebRtcTransport::ice_consent_expired(Clock::time_point now) const {
  return ice_.consent_expired(now, kConsentTimeout);
}

void WebRtcTransport::receive_stun(const StunPacket& packet, const Endpoint& from,
                                   Clock::time_point now) {
  if (!closed_) ice_.receive(packet, from, now);
}

void WebRtcTransport::receive_datagram(std::span<const uint8_t> data, const Endpoint& from,
                                       Clock::time_point now) {
  if (closed_ || !ice_.knows(from)) return;
  if (DtlsTransport::looks_like_dtls(data)) {
    if (dtls_.state() == DtlsTransport::State::idle) {
      if (early_dtls_.size() < kMaxEarlyDtls) early_dtls_.emplace_back(data.begin(), data.end());
      return;
    }
    dtls_.receive(data);
    return arm_dtls_timer();
  }
  if (RtpPacket::looks_like_rtp_or_rtcp(data) && srtp_in_) receive_srtp(data, now);
}

void WebRtcTransport::receive_srtp(std::span<const uint8_t> data, Clock::time_point now) {
  scratch_.assign(data.begin(), data.end());
  if (RtpPacket::is_rtcp(data)) {
    if (!srtp_in_->unprotect_rtcp(scratch_)) return;
    auto items = rtcp::parse_compound(scratch_);
    if (items) listener_.transport_rtcp(*this, *items, now);
    return;
  }
  if (!srtp_in_->unprotect_rtp(scratch_)) return;
  auto packet = RtpPacket::parse(scratch_);
  if (packet) listener_.transport_rtp(*this, *packet, now);
}

bool WebRtcTransport::send_rtp(std::vector<uint8_t> packet) {
  if (!srtp_out_ || !ice_.selected() || closed_) return false;
  if (!srtp_out_->protect_rtp(packet)) return false;
  context_.sender.send_datagram(*ice_.selected(), packet);
  return true;
}

bool WebRtcTransport::send_rtcp(std::vector<uint8_t> packet) {
  if (!srtp_out_ || !ice_.selected() || closed_) return false;
  if (!srtp_out_->protect_rtcp(packet)) return false;
  context_.sender.send_datagram(*ice_.selected(), packet);
  return true;
}

void WebRtcTransport::close() {
  if (closed_) return;
  dtls_.close();
  closed_ = true;
  dtls_timer_.cancel();
}

void WebRtcTransport::ice_send(const Endpoint& to, std::vector<uint8_t> datagram) {
  context_.sender.send_datagram(to, datagram);
}

void WebRtcTransport::ice_selected(const Endpoint&) {
  maybe_start_dtls();
}

void WebRtcTransport::ice_tuple_added(const Endpoint& remote) {
  context_.demux.add_address(remote, this);
}

void WebRtcTransport::dtls_send(std::vector<uint8_t> datagram) {
  if (ice_.selected()) context_.sender.send_datagram(*ice_.selected(), datagram);
}

void WebRtcTransport::dtls_connected(const SrtpKeys& keys) {
  try {
    srtp_in_ =
        std::make_unique<SrtpSession>(keys.profile, SrtpSession::Direction::inbound, keys.remote);
    srtp_out_ =
        std::make_unique<SrtpSession>(keys.profile, SrtpSession::Direction::outbound, keys.local);
  } catch (const std::exception& error) {
    srtp_in_.reset();
    srtp_out_.reset();
    listener_.transport_failed(*this, error.what());
  }
}

void WebRtcTransport::dtls_failed(const std::string& reason) {
  listener_.transport_failed(*this, "DTLS: " + reason);
}

void WebRtcTransport::dtls_closed() {
  listener_.transport_failed(*this, "DTLS closed by peer");
}

}  // namespace media
