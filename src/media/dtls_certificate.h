// The DTLS identity of the SFU: an ECDSA P-256 key and a self-signed X.509 certificate,
// generated once into the data directory (dtls-key.pem, dtls-cert.pem) and loaded on every
// later start, so the fingerprint announced in dtlsParameters stays the same across restarts.
// It also owns the OpenSSL SSL_CTX that every DtlsTransport uses: DTLS 1.2 only, use_srtp with
// AEAD_AES_128_GCM and AES_CM_128_HMAC_SHA1_80, peer certificate required (checked against the
// signalled fingerprint after the handshake, not against a CA).
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace media {

class DtlsCertificate {
 public:
  // Loads the key and certificate from `dir`, creating them first if missing. Throws
  // std::runtime_error when they can be neither read nor written.
  static DtlsCertificate load_or_create(const std::string& dir);
  // A fresh identity kept in memory only (tests, benchmarks).
  static DtlsCertificate generate();

  // "AB:CD:..." upper-case hex of the certificate's SHA-256 digest.
  const std::string& fingerprint() const { return fingerprint_; }
  SSL_CTX* context() const { return context_.get(); }

 private:
  struct Free {
    void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  };
  DtlsCertificate(EVP_PKEY* key, X509* certificate);

  std::unique_ptr<EVP_PKEY, Free> key_;
  std::unique_ptr<X509, Free> certificate_;
  std::unique_ptr<SSL_CTX, Free> context_;
  std::string fingerprint_;
};

// The digest of `certificate` by `algorithm` ("sha-1", "sha-224", "sha-256", "sha-384",
// "sha-512") as upper-case hex pairs joined by ':'; empty for an unknown algorithm.
std::string certificate_fingerprint(X509* certificate, const std::string& algorithm);

}  // namespace media
