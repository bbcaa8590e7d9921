// parse_options (see options.h): "--name value" pairs looked up in one table.
#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

namespace carrel_load {

namespace {

[[noreturn]] void usage(int code) {
  std::fprintf(
      code ? stderr : stdout,
      "usage: carrel-load --port P [--server-pid PID] [options]\n"
      "  --mode chat|soak|signup (chat)\n"
      "  --host 127.0.0.1        loopback addresses only\n"
      "  --users N (500) --rooms R (10) --capacity C (50, the API's maximum)\n"
      "                          rooms are added when users/rooms exceeds capacity\n"
      "  --http-connections N (32) --connect-concurrency N (128)\n"
      "  --join-rate J (100)     joins started per second (REST + namespace)\n"
      "chat:\n"
      "  --rate M (100) messages/s  --duration S (30)  --warmup S (5)\n"
      "  --payload B (64)  --drain S (5)\n"
      "soak:\n"
      "  --cycles N (100000) join/leave cycles  --messages N (1000000)\n"
      "  --cyclers N (200) users that cycle  --cycle-rate C (250) cycles/s\n"
      "  --hold-ms T (200) time a cycler stays in its room\n"
      "  --rate M messages/s  --warm-fraction F (0.1)  --settle S (5)\n"
      "  --rss-tolerance F (0.10)\n"
      "  --hist-prefix PATH      latency histograms as PATH-<name>.dat\n"
      "  --users-file PATH       reuse the users listed there (written by a run that had to\n"
      "                          sign them up; the server must keep the same database)\n"
      "  --max-runtime S (1800) --seed N\n"
      "Prints one JSON line on stdout, progress on stderr; exit 1 when a check fails.\n");
  std::exit(code);
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  using Setter = std::function<void(const std::string&)>;
  auto i = [](int& f) { return Setter([&f](const std::string& v) { f = std::stoi(v); }); };
  auto l = [](long& f) { return Setter([&f](const std::string& v) { f = std::stol(v); }); };
  auto d = [](double& f) { return Setter([&f](const std::string& v) { f = std::stod(v); }); };
  auto s = [](std::string& f) { return Setter([&f](const std::string& v) { f = v; }); };
  std::map<std::string, Setter> table = {
      {"--mode", s(o.mode)},
      {"--host", s(o.host)},
      {"--port", i(o.port)},
      {"--server-pid", i(o.server_pid)},
      {"--users", i(o.users)},
      {"--rooms", i(o.rooms)},
      {"--capacity", i(o.capacity)},
      {"--http-connections", i(o.http_connections)},
      {"--connect-concurrency", i(o.connect_concurrency)},
      {"--join-rate", d(o.join_rate)},
      {"--rate", d(o.rate)},
      {"--duration", d(o.duration)},
      {"--warmup", d(o.warmup)},
      {"--payload", i(o.payload)},
      {"--drain", d(o.drain)},
      {"--cycles", l(o.cycles)},
      {"--messages", l(o.messages)},
      {"--cyclers", i(o.cyclers)},
      {"--cycle-rate", d(o.cycle_rate)},
      {"--hold-ms", i(o.hold_ms)},
      {"--warm-fraction", d(o.warm_fraction)},
      {"--settle", d(o.settle)},
      {"--rss-tolerance", d(o.rss_tolerance)},
      {"--hist-prefix", s(o.hist_prefix)},
      {"--users-file", s(o.users_file)},
      {"--max-runtime", d(o.max_runtime)},
      {"--seed", Setter([&o](const std::string& v) { o.seed = unsigned(std::stoul(v)); })},
  };
  for (int a = 1; a < argc; ++a) {
    std::string name = argv[a];
    if (name == "-h" || name == "--help") usage(0);
    auto it = table.find(name);
    if (it == table.end() || a + 1 >= argc) {
      std::fprintf(stderr, "carrel-load: unknown option or missing value: %s\n", name.c_str());
      usage(2);
    }
    try {
      it->second(argv[++a]);
    } catch (const std::exception&) {
      std::fprintf(stderr, "carrel-load: bad value for %s\n", name.c_str());
      usage(2);
    }
  }
  bool bad = o.port <= 0 || o.port > 65535 ||
             (o.mode != "chat" && o.mode != "soak" && o.mode != "signup") || o.users < 1 ||
             o.rooms < 1 || o.capacity < 2 || o.rate <= 0 || o.duration <= 0 || o.join_rate <= 0 ||
             o.http_connections < 1 || o.connect_concurrency < 1 || o.payload < 24 ||
             o.payload > 1000 || o.cycle_rate <= 0 || o.cyclers < 0;
  if (bad) {
    std::fprintf(stderr, "carrel-load: invalid option value\n");
    usage(2);
  }
  return o;
}

}  // namespace carrel_load
