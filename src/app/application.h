// The Carrel application: opens the store, builds the services and routes every HTTP request
// of the one port (Socket.IO, REST, /healthz, /metrics, the browser app). Owns everything it
// builds; main() only parses the configuration, runs the I/O loop and handles signals.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "app/cluster_setup.h"
#include "app/config.h"
#include "auth/jwt.h"
#include "auth/signed_url.h"
#include "http/logger.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"
#include "media/media_server.h"
#include "rooms/cluster_link.h"
#include "rooms/media_signaling.h"
#include "rooms/public_namespace.h"
#include "rooms/rest_api.h"
#include "rooms/room_namespace.h"
#include "rooms/room_service.h"
#include "rooms/worker_pool.h"
#include "sio/server.h"
#include "store/store.h"

namespace app {

class Application {
 public:
  // Throws std::runtime_error when the store or the secret cannot be set up.
  Application(boost::asio::io_context& io, const Config& config);
  ~Application();

  // Binds the port; throws when it is taken.
  void listen();
  // Stops accepting, closes client connections and waits for database work.
  void stop();
  http::Logger& log() { return log_; }

 private:
  void handle(std::shared_ptr<http::Exchange> exchange);
  void health(const std::shared_ptr<http::Exchange>& exchange);
  void register_gauges();
  http::ServerOptions http_options();

  const Config& config_;
  http::Logger log_;
  http::Metrics metrics_;
  std::unique_ptr<store::Store> store_;
  auth::JwtSigner tokens_;
  auth::UrlSigner file_urls_;  // download links of shared files
  rooms::WorkerPool pool_;
  std::unique_ptr<ClusterParts> cluster_;  // with --redis-url
  sio::Server realtime_;
  rooms::ClusterLink cluster_link_;
  rooms::RoomService rooms_;
  std::unique_ptr<media::MediaServer> media_;  // the SFU
  std::unique_ptr<rooms::MediaSignaling> media_signaling_;
  rooms::RoomNamespace room_namespace_;
  rooms::PublicNamespace public_namespace_;
  rooms::RestApi api_;
  http::StaticFiles web_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace app
