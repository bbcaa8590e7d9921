// The byte stream of a connection taken over from HTTP (a WebSocket after its upgrade), plain
// TCP or TLS behind one interface, so the protocol above it is written once. Both kinds write a
// burst of frames with one gather write; the plain one first tries the kernel directly and only
// waits asynchronously for what the socket cannot take at once.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace http {

class ByteStream {
 public:
  using ReadHandler = std::function<void(boost::beast::error_code, std::string_view bytes)>;
  using WriteHandler = std::function<void(boost::beast::error_code)>;

  virtual ~ByteStream() = default;

  virtual boost::asio::any_io_executor executor() = 0;
  virtual bool is_open() const = 0;
  // Writes all of `buffers`, whose memory must stay valid until `done` runs. `done` always runs
  // from a handler of its own, never inside write(), so a caller in the middle of a broadcast
  // is not re-entered. One write at a time.
  virtual void write(std::vector<boost::asio::const_buffer> buffers, WriteHandler done) = 0;
  // Waits for bytes and hands what arrived to `done`; they are valid only during the call.
  // One read at a time.
  virtual void read(ReadHandler done) = 0;
  // Sends nothing more but keeps reading (after a WebSocket close frame).
  virtual void shutdown_send() = 0;
  virtual void close() = 0;
};

std::unique_ptr<ByteStream> make_plain_byte_stream(boost::asio::ip::tcp::socket socket);

}  // namespace http
