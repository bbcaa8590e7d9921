#include "app/application.h"

#include <filesystem>

#include "app/cluster_setup.h"
#include "http/error_response.h"
#include "http/tls_context.h"

namespace app {

namespace {

http::Logger::Format log_format(const Config& config) {
  return config.log_format == "json" ? http::Logger::Format::json : http::Logger::Format::text;
}

std::string jwt_secret(const Config& config) {
  return config.jwt_secret.empty() ? auth::load_or_create_secret(config.data_dir)
                                   : config.jwt_secret;
}

std::unique_ptr<store::Store> open_store(const Config& config) {
  auto store = store::open_store(config.database_url);
  if (!config.bootstrap_admin.empty()) rooms::bootstrap_admin(*store, config.bootstrap_admin);
  return store;
}

sio::ServerOptions realtime_options(const Config& config) {
  sio::ServerOptions options;
  options.engine.max_payload = 1'000'000;
  // A window of 0 turns recovery off. Middlewares run for recovered sockets too, so a session
  // whose user left or was removed meanwhile is refused like a new connection.
  if (config.recovery_window.count() > 0)
    options.recovery = sio::RecoveryOptions{config.recovery_window, false};
  options.engine.cors = http::CorsPolicy(config.cors_origins);
  return options;
}

http::RateLimiter limiter(const Rate& rate) {
  return http::RateLimiter(rate.count, rate.per);
}

rooms::RestApiOptions api_options(const Config& config) {
  rooms::RestApiOptions options;
  options.trust_proxy = config.trust_proxy;
  options.stun_urls = config.stun_urls;
  options.turn_urls = config.turn_urls;
  options.turn_secret = config.turn_secret;
  options.uploads_dir = (std::filesystem::path(config.data_dir) / "uploads").string();
  return options;
}

rooms::PublicNamespaceOptions public_options(const Config& config) {
  rooms::PublicNamespaceOptions options;
  options.max_conns_per_ip = config.public_max_conns_per_ip;
  options.ping_interval = config.health_ping_interval;
  options.max_missed = config.health_max_missed;
  options.trust_proxy = config.trust_proxy;
  return options;
}

// The SFU on --rtc-port; when that port is taken (several servers on one machine, as in
// tests) it falls back to a free port, which its ICE candidates then announce.
std::unique_ptr<media::MediaServer> make_media(boost::asio::io_context& io, const Config& config,
                                               http::Logger& log) {
  media::MediaOptions options{config.rtc_listen_ip, config.rtc_announced_ip, config.rtc_port,
                              config.data_dir};
  try {
    return std::make_unique<media::MediaServer>(io.get_executor(), options);
  } catch (const boost::system::system_error& error) {
    log.warn("rtc port unavailable, using a free one",
             {{"rtc_port", config.rtc_port}, {"error", error.what()}});
    options.port = 0;
    return std::make_unique<media::MediaServer>(io.get_executor(), options);
  }
}

bool is_upload(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  return path.starts_with("/api/rooms/") && path.ends_with("/files");
}

}  // namespace

Application::Application(boost::asio::io_context& io, const Config& config)
    : config_(config),
      log_(log_format(config)),
      store_(open_store(config)),
      tokens_(jwt_secret(config)),
      file_urls_(jwt_secret(config)),
      pool_(io.get_executor(), 4),
      cluster_(make_cluster(io.get_executor(), config, log_)),
      realtime_(io.get_executor(), with_cluster(realtime_options(config), cluster_.get())),
      cluster_link_(cluster_ ? cluster_->rooms_link(realtime_) : rooms::ClusterLink{}),
      rooms_(realtime_, *store_, pool_,
             rooms::RoomLimits{shared_limiter(limiter(config.rate_chat), cluster_.get(), "chat"),
                               shared_limiter(limiter(config.rate_join), cluster_.get(), "join")},
             metrics_, log_,
             rooms::RoomServiceOptions{.file_urls = &file_urls_,
                                       .cluster = cluster_ ? &cluster_link_ : nullptr}),
      media_(make_media(io, config, log_)),
      media_signaling_(std::make_unique<rooms::MediaSignaling>(
          rooms_, *media_, rooms::MediaSignalingOptions{config.audio_only_threshold})),
      room_namespace_(realtime_, rooms_, tokens_, media_signaling_.get()),
      public_namespace_(realtime_, rooms_, public_options(config)),
      api_(rooms_, pool_, tokens_, shared_limiter(limiter(config.rate_api), cluster_.get(), "api"),
           metrics_, log_, api_options(config)),
      web_(config.web_root) {
  rooms_.set_listener(media_signaling_.get());
  realtime_.main();  // the lobby: rooms-updated for anyone connected
  for (const auto& room : store_->list_rooms()) rooms_.note_occupancy(room);
  register_gauges();
  if (cluster_) cluster_->start(realtime_, rooms_);
  // Alone on its database, this process owns every participant: those of a previous run get
  // the time a client needs to reconnect after a restart, then leave.
  if (config.redis_url.empty()) rooms_.expire_stale_participants(std::chrono::seconds(15));
  server_ = std::make_unique<http::Server>(io.get_executor(), http_options(),
                                           [this](auto exchange) { handle(std::move(exchange)); });
}

Application::~Application() = default;

http::ServerOptions Application::http_options() {
  http::ServerOptions options;
  const uint64_t max_upload = config_.max_upload;
  options.body_limit = [max_upload](const http::Request& request) -> size_t {
    return is_upload(request.target()) ? max_upload : size_t(1) << 20;
  };
  options.rejection = [](const http::Request* request, http::Status status,
                         std::string_view message) {
    static const http::Request none;
    const auto& base = request ? *request : none;
    const char* code = status == http::Status::payload_too_large ? "PAYLOAD_TOO_LARGE"
                       : status == http::Status::bad_request     ? "BAD_REQUEST"
                                                                 : "REQUEST_REJECTED";
    return http::error_response(base, status, code, message);
  };
  if (!config_.tls_cert.empty())
    options.tls = std::make_shared<http::TlsContext>(config_.tls_cert, config_.tls_key);
  realtime_.configure(options);
  return options;
}

void Application::register_gauges() {
  metrics_.gauge("carrel_realtime_connections", "Engine.IO connections open",
                 [this] { return double(realtime_.client_count()); });
  metrics_.gauge_family("carrel_room_occupancy", "Participants per room", "room",
                        [this] { return rooms_.occupancy(); });
  metrics_.gauge("carrel_rooms", "Rooms known",
                 [this] { return double(rooms_.occupancy().size()); });
  metrics_.gauge_family("carrel_sfu_consumer_rtp_packets_forwarded",
                        "RTP packets forwarded per SFU consumer", "consumer",
                        [this] { return media_->forwarded_per_consumer(); });
  metrics_.gauge("carrel_sfu_rtp_packets_forwarded_total", "RTP packets forwarded by the SFU",
                 [this] { return media_->forwarded_total(); });
  metrics_.gauge("carrel_sfu_routers", "SFU routers open",
                 [this] { return double(media_->router_count()); });
  metrics_.gauge("carrel_sfu_datagrams_dropped", "UDP datagrams the SFU could not route",
                 [this] { return media_->dropped_datagrams(); });
}

void Application::listen() {
  server_->listen({boost::asio::ip::make_address(config_.host), config_.port});
  log_.info("listening",
            {{"host", config_.host},
             {"port", config_.port},
             {"tls", !config_.tls_cert.empty()},
             {"database", config_.database_url.substr(0, config_.database_url.find(':'))},
             {"web_app", web_.available()}});
}

void Application::stop() {
  server_->stop();
  realtime_.close();
  if (cluster_) cluster_->stop();
  pool_.stop();
}

void Application::health(const std::shared_ptr<http::Exchange>& exchange) {
  auto* store = store_.get();
  const std::string instance = cluster_ ? cluster_->instance_id() : "";
  pool_.run([store] { return store->ping(); },
            [exchange, instance](rooms::Outcome<bool> alive) {
              bool ok = alive.ok() && alive.value();
              boost::json::object body{{"status", ok ? "ok" : "degraded"},
                                       {"database", ok ? "ok" : "unavailable"}};
              if (!instance.empty()) body["instance"] = instance;
              exchange->respond(http::json_response(
                  exchange->request(), ok ? http::Status::ok : http::Status::service_unavailable,
                  std::move(body)));
            });
}

void Application::handle(std::shared_ptr<http::Exchange> exchange) {
  const auto& request = exchange->request();
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  if (realtime_.matches_path(target)) return realtime_.handle(std::move(exchange));
  if (const auto& cors = realtime_.options().engine.cors; cors.enabled()) {
    if (cors.is_preflight(request)) return exchange->respond(cors.preflight(request));
    exchange->decorate([&cors, origin = std::string(request[http::Field::origin])](
                           http::Response& response) { cors.apply(origin, response); });
  }
  if (path == "/healthz") return health(exchange);
  if (path == "/metrics") {
    return exchange->respond(http::make_response(request, http::Status::ok, metrics_.render(),
                                                 "text/plain; version=0.0.4; charset=utf-8"));
  }
  if (api_.handle(exchange)) return;
  if (!path.starts_with("/api/")) {
    if (auto response = web_.serve(request)) return exchange->respond(std::move(*response));
  }
  exchange->respond(http::error_response(
      request, http::Status::not_found, "NOT_FOUND",
      "No route for " + std::string(request.method_string()) + " " + std::string(path)));
}

}  // namespace app
