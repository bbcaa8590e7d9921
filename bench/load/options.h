// Command line of carrel-load (`carrel-load --help`): the server to drive, the scenario
// (`chat`: sign up, join, chat at a rate and measure; `soak`: join/leave cycles and messages
// in one server process with RSS and descriptor checks; `signup`: only sign users up into
// --users-file) and its sizes and rates.
#pragma once

#include <string>

namespace carrel_load {

struct Options {
  std::string mode = "chat";
  std::string host = "127.0.0.1";
  int port = 0;
  int server_pid = 0;
  // Users and rooms.
  int users = 500;
  int rooms = 10;
  int capacity = 50;  // POST /api/rooms accepts 2-50
  int http_connections = 32;
  int connect_concurrency = 128;
  double join_rate = 100;  // REST + namespace joins started per second
  // Chat.
  double rate = 100;  // messages per second, open loop
  double duration = 30;
  double warmup = 5;
  int payload = 64;  // characters of message content
  double drain = 5;
  // Soak.
  long cycles = 100000;
  long messages = 1000000;
  int cyclers = 200;
  double cycle_rate = 250;
  int hold_ms = 200;  // how long a cycler stays in its room
  double warm_fraction = 0.1;
  double settle = 5;
  double rss_tolerance = 0.10;
  // Users signed up once and reused: "id token" lines (see setup.h).
  std::string users_file;
  // Output.
  std::string hist_prefix;  // writes <prefix>-join.dat, <prefix>-broadcast.dat
  double max_runtime = 1800;
  unsigned seed = 1;
};

// Exits with usage on --help or bad input.
Options parse_options(int argc, char** argv);

}  // namespace carrel_load
