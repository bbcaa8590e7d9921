// TLS for the HTTP server: the certificate chain and private key an operator names on the
// command line (PEM files, as certbot writes them), loaded once at start. HTTPS and WSS share
// the one context; every accepted connection gets its own TLS session from it.
#pragma once

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace http {

class TlsContext {
 public:
  // Throws std::runtime_error naming the file and OpenSSL's reason when a file cannot be read,
  // is not PEM, or the key does not belong to the certificate.
  TlsContext(const std::string& certificate_chain_file, const std::string& private_key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  boost::asio::ssl::context& native() { return *context_; }

 private:
  std::unique_ptr<boost::asio::ssl::context> context_;
};

}  // namespace http
