// The byte stream of a connection taken over from HTTP (a WebSocket after its upgrade), plain
// TCP or TLS behind one interface, so the protocol above it is written once. Both kinds write a
// burst of frames with one gather write; the plain one first tries the kernel directly and only
// waits asynchronously for what the socket cannot take at once.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <span>
#include <string_view>

namespace http {

class ByteStream {
 public:
  // What the protocol above implements. The stream holds it by shared_ptr while an operation is
  // pending, which keeps the protocol object alive until its completion has run; a completion
  // costs no allocation of its own.
  class Listener {
   public:
    virtual void on_written(boost::beast::error_code ec) = 0;
    // `bytes` are valid only during the call.
    virtual void on_read(boost::beast::error_code ec, std::string_view bytes) = 0;

   protected:
    ~Listener() = default;
  };

  virtual ~ByteStream() = default;

  virtual boost::asio::any_io_executor executor() = 0;
  virtual bool is_open() const = 0;
  // Writes all of `buffers`; the array and the bytes must stay valid until on_written. That
  // always runs from a handler of its own, never inside write(), so a caller in the middle of a
  // broadcast is not re-entered. One write at a time.
  virtual void write(std::span<const boost::asio::const_buffer> buffers,
                     std::shared_ptr<Listener> listener) = 0;
  // Waits for bytes and hands what arrived to on_read. One read at a time.
  virtual void read(std::shared_ptr<Listener> listener) = 0;
  // Sends nothing more but keeps reading (after a WebSocket close frame).
  virtual void shutdown_send() = 0;
  virtual void close() = 0;
};

std::unique_ptr<ByteStream> make_plain_byte_stream(boost::asio::ip::tcp::socket socket);

}  // namespace http
