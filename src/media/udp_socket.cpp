// The shared UDP socket: see udp_socket.h.
#include "media/udp_socket.h"

#include <boost/asio/socket_base.hpp>

namespace media {

UdpSocket::UdpSocket(boost::asio::any_io_executor executor, const Endpoint& local,
                     TransportDemux& demux)
    : socket_(executor), demux_(demux), buffer_(65536) {
  socket_.open(local.protocol());
  socket_.set_option(boost::asio::socket_base::receive_buffer_size(4 << 20));
  socket_.set_option(boost::asio::socket_base::send_buffer_size(4 << 20));
  socket_.bind(local);
  socket_.non_blocking(true);
  receive();
}

UdpSocket::~UdpSocket() {
  *alive_ = false;
  close();
}

void UdpSocket::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void UdpSocket::receive() {
  socket_.async_receive_from(
      boost::asio::buffer(buffer_), from_,
      [this, alive = alive_](boost::system::error_code error, size_t size) {
        if (!*alive || error == boost::asio::error::operation_aborted || !socket_.is_open()) return;
        if (!error) {
          ++received_;
          demux_.receive(std::span<const uint8_t>(buffer_.data(), size), from_,
                         std::chrono::steady_clock::now());
        }
        receive();
      });
}

void UdpSocket::send_datagram(const Endpoint& to, std::span<const uint8_t> data) {
  boost::system::error_code error;
  socket_.send_to(boost::asio::buffer(data.data(), data.size()), to, 0, error);
  if (!error) ++sent_;
}

}  // namespace media
