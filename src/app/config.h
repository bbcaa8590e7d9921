// The command line of build/carrel (DESIGN.md section 2). Every flag can also come from the
// environment as CARREL_<FLAG> (upper case, dashes as underscores); the command line wins.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace app {

// "N/sec", "N/min" or "N/hour".
struct Rate {
  uint64_t count = 0;
  std::chrono::seconds per{60};
  bool operator==(const Rate&) const = default;
};

// Each returns nullopt for malformed text.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);  // 300s, 5m, 2h, 45
std::optional<uint64_t> parse_size(std::string_view text);  // 25MiB, 512KiB, 100
std::optional<Rate> parse_rate(std::string_view text);      // 100/min

struct Config {
  std::string host = "0.0.0.0";
  uint16_t port = 8080;
  std::string data_dir = "./data";
  std::string database_url;  // default: sqlite://<data_dir>/carrel.db
  std::string redis_url;
  std::string jwt_secret;
  std::string bootstrap_admin;
  std::string web_root = "web/dist";
  bool trust_proxy = false;
  std::string rtc_listen_ip = "0.0.0.0";
  std::string rtc_announced_ip;
  uint16_t rtc_port = 40000;
  int audio_only_threshold = 25;
  int public_max_conns_per_ip = 2;
  std::chrono::milliseconds health_ping_interval{300'000};
  int health_max_missed = 3;
  Rate rate_api{100, std::chrono::seconds(60)};
  Rate rate_chat{1000, std::chrono::seconds(3600)};
  Rate rate_join{10, std::chrono::seconds(60)};
  uint64_t max_upload = 25ull << 20;
  std::vector<std::string> stun_urls;
  std::vector<std::string> cors_origins;  // none: same-origin only
  std::string tls_cert;                   // both set: HTTPS and WSS on --port
  std::string tls_key;
  std::vector<std::string> turn_urls;
  std::string turn_secret;
  std::chrono::milliseconds recovery_window{120'000};
  std::string log_format;  // "text" or "json"; default chosen by whether stderr is a terminal
};

// Parses argv and the environment. Prints help or errors and exits the process on --help or
// invalid input, as command-line programs do.
Config load_config(int argc, char** argv);

}  // namespace app
