// TLS 1.2 and 1.3 only, no renegotiation (a client-driven CPU sink), no compression. OpenSSL
// releases a connection's read and write buffers while it is idle, which is most of the time
// for a WebSocket that carries a chat message now and then.
#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

namespace http {
namespace {

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

TlsContext::TlsContext(const std::string& certificate_chain_file,
                       const std::string& private_key_file)
    : context_(std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server)) {
  SSL_CTX* ctx = context_->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, certificate_chain_file.c_str()) != 1)
    throw std::runtime_error("TLS certificate " + certificate_chain_file + ": " + openssl_reason());
  const bool key_loaded =
      SSL_CTX_use_PrivateKey_file(ctx, private_key_file.c_str(), SSL_FILETYPE_PEM) == 1;
  const bool mismatch = key_loaded ? SSL_CTX_check_private_key(ctx) != 1
                                   : ERR_GET_REASON(ERR_peek_error()) == X509_R_KEY_VALUES_MISMATCH;
  if (mismatch)
    throw std::runtime_error("TLS key " + private_key_file + " does not match certificate " +
                             certificate_chain_file + ": " + openssl_reason());
  if (!key_loaded)
    throw std::runtime_error("TLS key " + private_key_file + ": " + openssl_reason());
}

TlsContext::~TlsContext() = default;

}  // namespace http
