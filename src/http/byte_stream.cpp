// The plain TCP byte stream. An idle connection holds no read buffer: it waits for readability
// and reads into one scratch buffer per thread, so only the bytes of a partial frame are kept
// per connection by the protocol above.
#include "http/byte_stream.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <vector>

namespace http {
namespace {

namespace asio = boost::asio;
using boost::beast::error_code;
using tcp = asio::ip::tcp;

constexpr size_t kReadChunk = size_t{64} * 1024;

class PlainByteStream final : public ByteStream {
 public:
  explicit PlainByteStream(tcp::socket socket) : socket_(std::move(socket)) {
    error_code ec;
    socket_.non_blocking(true, ec);
  }
  ~PlainByteStream() override { close(); }

  asio::any_io_executor executor() override { return socket_.get_executor(); }
  bool is_open() const override { return socket_.is_open(); }

  void write(std::span<const asio::const_buffer> buffers,
             std::shared_ptr<Listener> listener) override {
    error_code ec;
    size_t sent = socket_.write_some(buffers, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      sent = 0;
      ec = {};
    }
    if (ec) return complete(std::move(listener), asio::error::broken_pipe);
    size_t first = 0;
    while (first < buffers.size() && sent >= buffers[first].size()) sent -= buffers[first++].size();
    if (first == buffers.size()) return complete(std::move(listener), {});
    // The kernel took only part: the rest waits for the socket to drain.
    rest_.assign(buffers.begin() + long(first), buffers.end());
    rest_.front() += sent;
    asio::async_write(socket_, rest_, [listener = std::move(listener)](error_code ec, size_t) {
      listener->on_written(ec);
    });
  }

  void read(std::shared_ptr<Listener> listener) override {
    socket_.async_wait(tcp::socket::wait_read,
                       [this, listener = std::move(listener)](error_code ec) mutable {
                         if (ec) return listener->on_read(ec, {});
                         thread_local std::array<char, kReadChunk> scratch;
                         size_t n = socket_.read_some(asio::buffer(scratch), ec);
                         if (ec == asio::error::would_block) return read(std::move(listener));
                         listener->on_read(ec, std::string_view(scratch.data(), n));
                       });
  }

  void shutdown_send() override {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
  }

  void close() override {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  void complete(std::shared_ptr<Listener> listener, error_code ec) {
    asio::post(socket_.get_executor(),
               [listener = std::move(listener), ec] { listener->on_written(ec); });
  }

  tcp::socket socket_;
  std::vector<asio::const_buffer> rest_;  // what a partial write left, until it is written
};

}  // namespace

std::unique_ptr<ByteStream> make_plain_byte_stream(tcp::socket socket) {
  return std::make_unique<PlainByteStream>(std::move(socket));
}

}  // namespace http
