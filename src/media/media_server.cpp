// The SFU's root object: see media_server.h.
#include "media/media_server.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

namespace media {

std::string first_non_loopback_ip() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string found;
  for (ifaddrs* entry = list; entry && found.empty(); entry = entry->ifa_next) {
    if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET) continue;
    const auto* address = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
    if ((ntohl(address->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, &address->sin_addr, text, sizeof(text))) found = text;
  }
  freeifaddrs(list);
  return found.empty() ? "127.0.0.1" : found;
}

MediaServer::MediaServer(boost::asio::any_io_executor executor, const MediaOptions& options)
    : certificate_(DtlsCertificate::load_or_create(options.data_dir)) {
  const auto listen = boost::asio::ip::make_address(options.listen_ip);
  socket_ =
      std::make_unique<UdpSocket>(executor, UdpSocket::Endpoint(listen, options.port), demux_);
  std::string announced = options.announced_ip;
  if (announced.empty())
    announced = listen.is_unspecified() ? first_non_loopback_ip() : options.listen_ip;
  context_ = std::make_unique<TransportContext>(
      TransportContext{executor, *socket_, demux_, certificate_, announced, socket_->port()});
}

MediaServer::~MediaServer() {
  routers_.clear();
  socket_->close();
}

Router& MediaServer::router(const std::string& room_id, Router::Listener& listener) {
  auto& slot = routers_[room_id];
  if (!slot) slot = std::make_unique<Router>(room_id, *context_, listener);
  return *slot;
}

Router* MediaServer::find_router(const std::string& room_id) {
  auto it = routers_.find(room_id);
  return it == routers_.end() ? nullptr : it->second.get();
}

void MediaServer::close_router(const std::string& room_id) {
  auto it = routers_.find(room_id);
  if (it == routers_.end()) return;
  closed_routers_forwarded_ += it->second->closed_forwarded();
  it->second->for_each_consumer([this](const Consumer& consumer) {
    closed_routers_forwarded_ += consumer.packets_forwarded();
  });
  routers_.erase(it);
}

std::map<std::string, double> MediaServer::forwarded_per_consumer() const {
  std::map<std::string, double> out;
  for (const auto& [id, router] : routers_)
    router->for_each_consumer([&out](const Consumer& consumer) {
      out[consumer.id()] = double(consumer.packets_forwarded());
    });
  return out;
}

double MediaServer::forwarded_total() const {
  double total = double(closed_routers_forwarded_);
  for (const auto& [id, router] : routers_) {
    total += double(router->closed_forwarded());
    router->for_each_consumer(
        [&total](const Consumer& consumer) { total += double(consumer.packets_forwarded()); });
  }
  return total;
}

}  // namespace media
