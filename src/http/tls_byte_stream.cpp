// The ByteStream of a TLS connection. OpenSSL keeps decrypted bytes of its own, so unlike the
// plain stream this one reads with an ordinary asynchronous read into a buffer of its own.
// Ending the connection closes TCP without waiting for the peer's close_notify: the protocol
// above (WebSocket close frames) already says where the data ends.
#include <boost/asio/write.hpp>

#include "http/tls_stream.h"

namespace http {
namespace {

namespace asio = boost::asio;
using boost::beast::error_code;
using tcp = asio::ip::tcp;

constexpr size_t kReadChunk = size_t{16} * 1024;  // one TLS record

class TlsByteStream final : public ByteStream {
 public:
  explicit TlsByteStream(TlsStream stream) : stream_(std::move(stream)) {}
  ~TlsByteStream() override { close(); }

  asio::any_io_executor executor() override { return stream_.get_executor(); }
  bool is_open() const override { return socket().is_open(); }

  void write(std::span<const asio::const_buffer> buffers,
             std::shared_ptr<Listener> listener) override {
    asio::async_write(stream_, buffers, [listener = std::move(listener)](error_code ec, size_t) {
      listener->on_written(ec);
    });
  }

  void read(std::shared_ptr<Listener> listener) override {
    if (!buffer_) buffer_ = std::make_unique<std::array<char, kReadChunk>>();
    stream_.async_read_some(asio::buffer(*buffer_),
                            [this, listener = std::move(listener)](error_code ec, size_t n) {
                              listener->on_read(ec, std::string_view(buffer_->data(), n));
                            });
  }

  void shutdown_send() override {
    error_code ec;
    socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  void close() override {
    error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
  }

 private:
  tcp::socket& socket() { return boost::beast::get_lowest_layer(stream_).socket(); }
  const tcp::socket& socket() const { return boost::beast::get_lowest_layer(stream_).socket(); }

  TlsStream stream_;
  std::unique_ptr<std::array<char, kReadChunk>> buffer_;
};

}  // namespace

std::unique_ptr<ByteStream> make_tls_byte_stream(TlsStream stream) {
  return std::make_unique<TlsByteStream>(std::move(stream));
}

}  // namespace http
