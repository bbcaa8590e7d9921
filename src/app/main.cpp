// The carrel server: reads the configuration, builds the Application and runs its one I/O
// thread until SIGINT or SIGTERM.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <iostream>

#include "app/application.h"
#include "app/config.h"

int main(int argc, char** argv) {
  const app::Config config = app::load_config(argc, argv);
  boost::asio::io_context io;
  std::unique_ptr<app::Application> application;
  try {
    application = std::make_unique<app::Application>(io, config);
    application->listen();
  } catch (const std::exception& error) {
    std::cerr << "carrel: cannot start: " << error.what() << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int signal) {
    application->log().info("stopping", {{"signal", signal}});
    application->stop();
    io.stop();
  });
  io.run();
  return 0;
}
