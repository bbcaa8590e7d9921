// carrel-load: application-level load generator for build/carrel (see bench/README.md, "Rooms
// load"). Parses the command line, checks that the target is a loopback address, raises the
// open-file limit and runs the chosen scenario, with a hard stop after --max-runtime.
#include <boost/asio/ip/address.hpp>
#include <cstdio>

#include "chat_run.h"
#include "driver.h"
#include "fleet.h"
#include "options.h"
#include "proc_stats.h"
#include "setup.h"
#include "soak_run.h"

namespace {

// --mode signup: fills --users-file for later runs against the same database.
int run_signup(const carrel_load::Options& o, const carrel_load::ServerAddress& server) {
  using namespace carrel_load;
  Driver drv;
  HttpPool http(drv.ioc(), server.endpoint, server.host_header, o.http_connections);
  Fleet fleet(drv.ioc(), server, http);
  return prepare_fleet(drv, fleet, o, o.users, 0) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace carrel_load;
  Options o = parse_options(argc, argv);
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(o.host == "localhost" ? "127.0.0.1" : o.host, ec);
  if (ec || !addr.is_loopback()) {
    std::fprintf(stderr, "carrel-load: --host must be a loopback address\n");
    return 2;
  }
  ServerAddress server{{addr, static_cast<unsigned short>(o.port)},
                       addr.to_string() + ":" + std::to_string(o.port)};
  bench::raise_fd_limit();
  bench::exit_after(o.max_runtime, "carrel-load");
  int code = o.mode == "soak"     ? run_soak(o, server)
             : o.mode == "signup" ? run_signup(o, server)
                                  : run_chat(o, server);
  std::fflush(stdout);
  std::_Exit(code);  // skip tearing down thousands of sockets
}
