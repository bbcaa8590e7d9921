// Flags are declared once with CLI11, which also reads each flag's CARREL_* variable; typed
// values (durations, sizes, rates) are taken as text and converted with the parsers below so
// the error names the flag and the accepted forms.
#include "app/config.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <charconv>

namespace app {
namespace {

std::optional<uint64_t> parse_number_prefix(std::string_view& text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(size_t(end - text.data()));
  return value;
}

std::string env_name(std::string_view flag) {
  std::string name = "CARREL_";
  for (char c : flag) name += c == '-' ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto value = parse_number_prefix(text);
  if (!value) return std::nullopt;
  if (text.empty() || text == "s") return std::chrono::seconds(*value);
  if (text == "ms") return std::chrono::milliseconds(*value);
  if (text == "m") return std::chrono::minutes(*value);
  if (text == "h") return std::chrono::hours(*value);
  return std::nullopt;
}

std::optional<uint64_t> parse_size(std::string_view text) {
  auto value = parse_number_prefix(text);
  if (!value) return std::nullopt;
  if (text.empty() || text == "B") return *value;
  if (text == "KiB") return *value << 10;
  if (text == "MiB") return *value << 20;
  if (text == "GiB") return *value << 30;
  return std::nullopt;
}

std::optional<Rate> parse_rate(std::string_view text) {
  auto value = parse_number_prefix(text);
  if (!value || text.empty() || text.front() != '/') return std::nullopt;
  text.remove_prefix(1);
  if (text == "sec" || text == "s") return Rate{*value, std::chrono::seconds(1)};
  if (text == "min" || text == "m") return Rate{*value, std::chrono::seconds(60)};
  if (text == "hour" || text == "h") return Rate{*value, std::chrono::seconds(3600)};
  return std::nullopt;
}

Config load_config(int argc, char** argv) {
  Config config;
  CLI::App cli{"Carrel: real-time study rooms server"};
  cli.set_help_flag("--help,-h", "Print this help and exit");
  auto flag = [&](const std::string& name, auto& target, const std::string& help) {
    return cli.add_option("--" + name, target, help)
        ->envname(env_name(name))
        ->capture_default_str();
  };
  std::string health_ping = "300s", recovery = "2m", rate_api = "100/min", rate_chat = "1000/hour",
              rate_join = "10/min", max_upload = "25MiB", stun, turn, cors;

  flag("host", config.host, "Listen address");
  flag("port", config.port, "HTTP, WebSocket and Socket.IO port");
  flag("data-dir", config.data_dir, "SQLite file, uploads, generated secrets, DTLS certificate");
  flag("database-url", config.database_url,
       "sqlite://<data-dir>/carrel.db or postgres://user:pass@host:port/db");
  flag("redis-url", config.redis_url, "redis://host:port; enables the cluster adapter");
  flag("jwt-secret", config.jwt_secret,
       "HS256 secret (generated once into the data dir if absent)");
  flag("bootstrap-admin", config.bootstrap_admin,
       "email:password of an admin created or promoted at start");
  flag("web-root", config.web_root, "Static files of the browser app");
  cli.add_flag("--trust-proxy", config.trust_proxy, "Take the client IP from X-Forwarded-For")
      ->envname(env_name("trust-proxy"));
  flag("rtc-listen-ip", config.rtc_listen_ip, "SFU UDP listen address");
  flag("rtc-announced-ip", config.rtc_announced_ip,
       "SFU address announced to clients (default: first non-loopback IP)");
  flag("rtc-port", config.rtc_port, "SFU UDP port");
  flag("audio-only-threshold", config.audio_only_threshold,
       "Occupancy above which media degrades to audio-only");
  flag("public-max-conns-per-ip", config.public_max_conns_per_ip,
       "Public namespace connections per IP");
  flag("health-ping-interval", health_ping, "Idle time before a public-room ping");
  flag("health-max-missed", config.health_max_missed,
       "Unanswered public-room pings before closing");
  flag("rate-api", rate_api, "Per-user API rate (N/sec, N/min, N/hour)");
  flag("rate-chat", rate_chat, "Per-user chat rate");
  flag("rate-join", rate_join, "Per-user join rate");
  flag("max-upload", max_upload, "Largest file upload (e.g. 25MiB)");
  flag("stun-urls", stun, "Comma-separated STUN URLs for GET /api/ice-servers");
  flag("turn-urls", turn, "Comma-separated TURN URLs");
  flag("turn-secret", config.turn_secret, "Shared secret for TURN REST credentials");
  flag("cors-origins", cors,
       "Comma-separated origins whose pages may call the API (\"*\" for any); none by default");
  auto* tls_cert = flag("tls-cert", config.tls_cert,
                        "PEM certificate chain; with --tls-key, serve HTTPS and WSS on --port");
  auto* tls_key = flag("tls-key", config.tls_key, "PEM private key of --tls-cert");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  flag("recovery-window", recovery, "Socket.IO connection state recovery window");
  flag("log-format", config.log_format, "text or json")->check(CLI::IsMember({"text", "json"}));

  try {
    cli.parse(argc, argv);
    auto require = [](auto parsed, const char* name, const char* forms) {
      if (!parsed)
        throw CLI::ValidationError(std::string("--") + name, std::string("expected ") + forms);
      return *parsed;
    };
    config.health_ping_interval =
        require(parse_duration(health_ping), "health-ping-interval", "300s, 5m, 2h or seconds");
    config.recovery_window =
        require(parse_duration(recovery), "recovery-window", "300s, 5m, 2h or seconds");
    config.rate_api = require(parse_rate(rate_api), "rate-api", "N/sec, N/min or N/hour");
    config.rate_chat = require(parse_rate(rate_chat), "rate-chat", "N/sec, N/min or N/hour");
    config.rate_join = require(parse_rate(rate_join), "rate-join", "N/sec, N/min or N/hour");
    config.max_upload = require(parse_size(max_upload), "max-upload", "25MiB, 512KiB or bytes");
  } catch (const CLI::ParseError& error) {
    std::exit(cli.exit(error));
  }
  config.stun_urls = split_list(stun);
  config.cors_origins = split_list(cors);
  config.turn_urls = split_list(turn);
  if (config.database_url.empty())
    config.database_url = "sqlite://" + config.data_dir + "/carrel.db";
  if (config.log_format.empty()) config.log_format = isatty(STDERR_FILENO) ? "text" : "json";
  return config;
}

}  // namespace app
