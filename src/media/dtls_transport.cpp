// DTLS-SRTP handshake on memory BIOs: see dtls_transport.h.
#include "media/dtls_transport.h"

#include <openssl/err.h>
#include <openssl/srtp.h>
#include <strings.h>

namespace media {

namespace {

constexpr char kExporterLabel[] = "EXTRACTOR-dtls_srtp";

struct ProfileSizes {
  SrtpProfile profile;
  size_t key;
  size_t salt;
};

std::optional<ProfileSizes> profile_sizes(const SRTP_PROTECTION_PROFILE* selected) {
  if (!selected) return std::nullopt;
  if (selected->id == SRTP_AES128_CM_SHA1_80)
    return ProfileSizes{SrtpProfile::aes_cm_128_hmac_sha1_80, 16, 14};
  if (selected->id == SRTP_AEAD_AES_128_GCM)
    return ProfileSizes{SrtpProfile::aead_aes_128_gcm, 16, 12};
  return std::nullopt;
}

}  // namespace

DtlsTransport::DtlsTransport(const DtlsCertificate& certificate, Listener& listener)
    : listener_(listener) {
  ssl_ = SSL_new(certificate.context());
  read_bio_ = BIO_new(BIO_s_mem());
  write_bio_ = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(read_bio_, -1);
  BIO_set_mem_eof_return(write_bio_, -1);
  SSL_set_bio(ssl_, read_bio_, write_bio_);
  // Below the usual path MTU with room for the IP/UDP headers.
  SSL_set_mtu(ssl_, 1200);
  DTLS_set_link_mtu(ssl_, 1200);
}

DtlsTransport::~DtlsTransport() {
  SSL_free(ssl_);
}

void DtlsTransport::start(Role role, std::string algorithm, std::string fingerprint) {
  if (state_ != State::idle) return;
  role_ = role;
  algorithm_ = std::move(algorithm);
  fingerprint_ = std::move(fingerprint);
  state_ = State::connecting;
  if (role == Role::client) {
    SSL_set_connect_state(ssl_);
    ERR_clear_error();
    after_handshake_step(SSL_do_handshake(ssl_));
  } else {
    SSL_set_accept_state(ssl_);
  }
}

void DtlsTransport::receive(std::span<const uint8_t> datagram) {
  if (state_ != State::connecting && state_ != State::connected) return;
  BIO_write(read_bio_, datagram.data(), int(datagram.size()));
  ERR_clear_error();
  if (state_ == State::connecting) return after_handshake_step(SSL_do_handshake(ssl_));
  // Connected: application data is not used on a WebRTC transport; read to see alerts.
  uint8_t buffer[2048];
  int read = SSL_read(ssl_, buffer, sizeof(buffer));
  if (read <= 0 && SSL_get_shutdown(ssl_) & SSL_RECEIVED_SHUTDOWN) {
    state_ = State::closed;
    flush();
    listener_.dtls_closed();
    return;
  }
  ERR_clear_error();
  flush();
}

void DtlsTransport::after_handshake_step(int result) {
  flush();
  if (SSL_is_init_finished(ssl_)) return finish_handshake();
  // A fatal alert or protocol error ends the attempt.
  if (SSL_get_shutdown(ssl_) & SSL_RECEIVED_SHUTDOWN) return fail("peer closed the handshake");
  const int error = SSL_get_error(ssl_, result);
  if (error == SSL_ERROR_SSL || error == SSL_ERROR_SYSCALL) {
    char text[256] = "handshake failed";
    if (unsigned long code = ERR_peek_error()) ERR_error_string_n(code, text, sizeof(text));
    ERR_clear_error();
    fail(text);
  }
}

void DtlsTransport::finish_handshake() {
  X509* peer = SSL_get1_peer_certificate(ssl_);
  const std::string digest = certificate_fingerprint(peer, algorithm_);
  X509_free(peer);
  if (digest.empty() || strcasecmp(digest.c_str(), fingerprint_.c_str()) != 0)
    return fail("peer certificate does not match the signalled fingerprint");
  auto sizes = profile_sizes(SSL_get_selected_srtp_profile(ssl_));
  if (!sizes) return fail("no SRTP profile negotiated");
  const size_t total = 2 * (sizes->key + sizes->salt);
  std::vector<uint8_t> material(total);
  if (SSL_export_keying_material(ssl_, material.data(), total, kExporterLabel,
                                 sizeof(kExporterLabel) - 1, nullptr, 0, 0) != 1)
    return fail("exporter failed");
  // client key | server key | client salt | server salt
  auto key_and_salt = [&](bool client) {
    const uint8_t* key = material.data() + (client ? 0 : sizes->key);
    const uint8_t* salt = material.data() + 2 * sizes->key + (client ? 0 : sizes->salt);
    std::vector<uint8_t> out(key, key + sizes->key);
    out.insert(out.end(), salt, salt + sizes->salt);
    return out;
  };
  SrtpKeys keys;
  keys.profile = sizes->profile;
  const bool we_are_client = role_ == Role::client;
  keys.local = key_and_salt(we_are_client);
  keys.remote = key_and_salt(!we_are_client);
  state_ = State::connected;
  listener_.dtls_connected(keys);
}

void DtlsTransport::fail(const std::string& reason) {
  if (state_ == State::failed) return;
  state_ = State::failed;
  flush();
  listener_.dtls_failed(reason);
}

void DtlsTransport::flush() {
  const int pending = int(BIO_ctrl_pending(write_bio_));
  if (pending <= 0) return;
  std::vector<uint8_t> datagram(static_cast<size_t>(pending));
  const int read = BIO_read(write_bio_, datagram.data(), pending);
  if (read <= 0) return;
  datagram.resize(size_t(read));
  listener_.dtls_send(std::move(datagram));
}

void DtlsTransport::close() {
  if (state_ != State::connected && state_ != State::connecting) return;
  SSL_shutdown(ssl_);
  state_ = State::closed;
  flush();
}

std::optional<std::chrono::milliseconds> DtlsTransport::next_timeout() const {
  if (state_ != State::connecting) return std::nullopt;
  timeval tv{};
  if (DTLSv1_get_timeout(ssl_, &tv) != 1) return std::nullopt;
  return std::chrono::milliseconds(tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

void DtlsTransport::handle_timeout() {
  if (state_ != State::connecting) return;
  if (DTLSv1_handle_timeout(ssl_) < 0) return fail("handshake timed out");
  flush();
}

}  // namespace media
