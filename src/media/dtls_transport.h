// DTLS 1.2 over one ICE tuple (RFC 5764, DTLS-SRTP). OpenSSL runs on memory BIOs: datagrams
// from the network are written into the read BIO, and whatever OpenSSL writes is handed to the
// listener as one datagram. After the handshake the peer certificate's digest must equal the
// fingerprint signalled in dtlsParameters; then the SRTP profile negotiated by use_srtp and the
// keys from the exporter ("EXTRACTOR-dtls_srtp", laid out client key, server key, client salt,
// server salt) go up to the transport. Retransmission timers are the owner's: it asks
// next_timeout() after every call and calls handle_timeout() when it expires.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "media/dtls_certificate.h"

namespace media {

enum class SrtpProfile { aes_cm_128_hmac_sha1_80, aead_aes_128_gcm };

// Master key and salt, each direction as libsrtp wants them (key followed by salt).
struct SrtpKeys {
  SrtpProfile profile = SrtpProfile::aes_cm_128_hmac_sha1_80;
  std::vector<uint8_t> local;   // protects what we send
  std::vector<uint8_t> remote;  // unprotects what we receive
};

class DtlsTransport {
 public:
  enum class Role { client, server };
  enum class State { idle, connecting, connected, failed, closed };

  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void dtls_send(std::vector<uint8_t> datagram) = 0;
    virtual void dtls_connected(const SrtpKeys& keys) = 0;
    virtual void dtls_failed(const std::string& reason) = 0;
    // The peer sent close_notify.
    virtual void dtls_closed() = 0;
  };

  DtlsTransport(const DtlsCertificate& certificate, Listener& listener);
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // Starts the handshake as `role` (a client sends its ClientHello now) and remembers the
  // fingerprint the peer's certificate must have.
  void start(Role role, std::string algorithm, std::string fingerprint);
  // A DTLS datagram from the selected tuple.
  void receive(std::span<const uint8_t> datagram);
  // Sends close_notify.
  void close();

  State state() const { return state_; }
  std::optional<Role> role() const { return role_; }
  // Time until OpenSSL wants handle_timeout() (handshake retransmission), if it does.
  std::optional<std::chrono::milliseconds> next_timeout() const;
  void handle_timeout();

  // True for the first byte of a DTLS record (RFC 7983: 20..63).
  static bool looks_like_dtls(std::span<const uint8_t> data) {
    return !data.empty() && data[0] >= 20 && data[0] <= 63;
  }

 private:
  void flush();
  void after_handshake_step(int result);
  void finish_handshake();
  void fail(const std::string& reason);

  Listener& listener_;
  SSL* ssl_ = nullptr;
  BIO* read_bio_ = nullptr;   // owned by ssl_
  BIO* write_bio_ = nullptr;  // owned by ssl_
  State state_ = State::idle;
  std::optional<Role> role_;
  std::string algorithm_;
  std::string fingerprint_;
};

}  // namespace media
