// DTLS identity and context: see dtls_certificate.h.
#include "media/dtls_certificate.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace media {

namespace {

[[noreturn]] void fail(const std::string& what) {
  char detail[256] = "";
  ERR_error_string_n(ERR_get_error(), detail, sizeof(detail));
  throw std::runtime_error("DTLS certificate: " + what + ": " + detail);
}

EVP_PKEY* new_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) fail("key generation failed");
  return key;
}

X509* new_certificate(EVP_PKEY* key) {
  X509* cert = X509_new();
  if (!cert) fail("X509_new");
  X509_set_version(cert, 2);
  uint64_t serial = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof(serial));
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial >> 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("carrel"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  if (!X509_sign(cert, key, EVP_sha256())) {
    X509_free(cert);
    fail("signing failed");
  }
  return cert;
}

template <class T, class Reader>
T* read_pem(const std::filesystem::path& path, Reader reader) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (!file) return nullptr;
  T* value = reader(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  return value;
}

void write_files(const std::filesystem::path& key_path, const std::filesystem::path& cert_path,
                 EVP_PKEY* key, X509* cert) {
  std::filesystem::create_directories(key_path.parent_path());
  FILE* file = std::fopen(key_path.c_str(), "w");
  if (!file) throw std::runtime_error("cannot write " + key_path.string());
  std::filesystem::permissions(
      key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  bool ok = PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(file);
  file = std::fopen(cert_path.c_str(), "w");
  if (!file) throw std::runtime_error("cannot write " + cert_path.string());
  ok = PEM_write_X509(file, cert) && ok;
  std::fclose(file);
  if (!ok) fail("writing PEM files");
}

int accept_any_certificate(int, X509_STORE_CTX*) {
  return 1;
}

}  // namespace

std::string certificate_fingerprint(X509* certificate, const std::string& algorithm) {
  const EVP_MD* md = algorithm == "sha-1"     ? EVP_sha1()
                     : algorithm == "sha-224" ? EVP_sha224()
                     : algorithm == "sha-256" ? EVP_sha256()
                     : algorithm == "sha-384" ? EVP_sha384()
                     : algorithm == "sha-512" ? EVP_sha512()
                                              : nullptr;
  if (!md || !certificate) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!X509_digest(certificate, md, digest, &size)) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i) out.push_back(':');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

DtlsCertificate::DtlsCertificate(EVP_PKEY* key, X509* certificate)
    : key_(key), certificate_(certificate) {
  SSL_CTX* context = SSL_CTX_new(DTLS_method());
  if (!context) fail("SSL_CTX_new");
  context_.reset(context);
  SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(context, DTLS1_2_VERSION);
  if (!SSL_CTX_use_certificate(context, certificate) || !SSL_CTX_use_PrivateKey(context, key) ||
      !SSL_CTX_check_private_key(context))
    fail("loading the identity");
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     accept_any_certificate);
  SSL_CTX_set_options(context, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET);
  SSL_CTX_set_read_ahead(context, 1);
  SSL_CTX_set_cipher_list(context,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA");
  // libssl returns 0 on success here.
  if (SSL_CTX_set_tlsext_use_srtp(context, "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80") != 0)
    fail("use_srtp");
  fingerprint_ = certificate_fingerprint(certificate, "sha-256");
}

DtlsCertificate DtlsCertificate::generate() {
  EVP_PKEY* key = new_key();
  return DtlsCertificate(key, new_certificate(key));
}

DtlsCertificate DtlsCertificate::load_or_create(const std::string& dir) {
  const std::filesystem::path key_path = std::filesystem::path(dir) / "dtls-key.pem";
  const std::filesystem::path cert_path = std::filesystem::path(dir) / "dtls-cert.pem";
  EVP_PKEY* key = read_pem<EVP_PKEY>(key_path, PEM_read_PrivateKey);
  X509* cert = key ? read_pem<X509>(cert_path, PEM_read_X509) : nullptr;
  if (key && cert) return DtlsCertificate(key, cert);
  EVP_PKEY_free(key);
  key = new_key();
  cert = new_certificate(key);
  write_files(key_path, cert_path, key, cert);
  return DtlsCertificate(key, cert);
}

}  // namespace media
