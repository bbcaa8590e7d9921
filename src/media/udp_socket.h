// The SFU's one UDP socket (--rtc-listen-ip, --rtc-port). It reads datagrams in a loop on the
// I/O thread and hands each to the TransportDemux; sends are immediate non-blocking send_to
// calls, and a datagram the kernel cannot take now is dropped (media prefers loss to delay).
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <memory>
#include <vector>

#include "media/transport_demux.h"

namespace media {

class UdpSocket : public DatagramSender {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;

  // Binds `local`; throws boost::system::system_error when it cannot.
  UdpSocket(boost::asio::any_io_executor executor, const Endpoint& local, TransportDemux& demux);
  ~UdpSocket() override;

  void send_datagram(const Endpoint& to, std::span<const uint8_t> data) override;
  uint16_t port() const { return socket_.local_endpoint().port(); }
  void close();

  uint64_t received() const { return received_; }
  uint64_t sent() const { return sent_; }

 private:
  void receive();

  boost::asio::ip::udp::socket socket_;
  TransportDemux& demux_;
  std::vector<uint8_t> buffer_;
  Endpoint from_;
  uint64_t received_ = 0;
  uint64_t sent_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace media
