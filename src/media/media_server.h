// The SFU as the application sees it: the DTLS certificate (from the data directory), the one
// UDP socket with its demultiplexer, and a Router per room, made on first use and closed on
// request (when the room empties). The signaling layer above is the routers' Listener.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <map>
#include <memory>
#include <string>

#include "media/dtls_certificate.h"
#include "media/router.h"
#include "media/transport_demux.h"
#include "media/udp_socket.h"

namespace media {

struct MediaOptions {
  std::string listen_ip = "0.0.0.0";
  std::string announced_ip;  // empty: the listen address, or the first non-loopback IPv4
  uint16_t port = 40000;     // 0: any free port (tests)
  std::string data_dir = "./data";
};

class MediaServer {
 public:
  // Throws when the certificate cannot be made or the port is taken.
  MediaServer(boost::asio::any_io_executor executor, const MediaOptions& options);
  ~MediaServer();

  Router& router(const std::string& room_id, Router::Listener& listener);
  Router* find_router(const std::string& room_id);
  void close_router(const std::string& room_id);

  uint16_t port() const { return context_->port; }
  const std::string& announced_ip() const { return context_->announced_ip; }
  const std::string& fingerprint() const { return certificate_.fingerprint(); }
  size_t router_count() const { return routers_.size(); }

  // RTP packets forwarded, per live consumer id, and in total since start.
  std::map<std::string, double> forwarded_per_consumer() const;
  double forwarded_total() const;
  double dropped_datagrams() const { return double(demux_.dropped()); }

 private:
  DtlsCertificate certificate_;
  TransportDemux demux_;
  std::unique_ptr<UdpSocket> socket_;
  std::unique_ptr<TransportContext> context_;
  std::map<std::string, std::unique_ptr<Router>> routers_;
  uint64_t closed_routers_forwarded_ = 0;
};

// The first non-loopback IPv4 address of this machine, or 127.0.0.1.
std::string first_non_loopback_ip();

}  // namespace media
