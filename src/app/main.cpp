// The carrel server: reads the configuration, builds the Application and runs its one I/O
// thread until SIGINT or SIGTERM. On a signal it stops accepting, closes every client's
// Engine.IO connection (so clients reconnect by themselves, to this server once it is back or
// to another instance), lets the last writes leave, and exits 0; the store closes with the
// Application.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
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
  boost::asio::steady_timer drain(io);
  signals.async_wait([&](auto, int signal) {
    application->log().info("stopping", {{"signal", signal}});
    application->stop();
    // Long enough for the close packets and answers already queued to be written.
    drain.expires_after(std::chrono::milliseconds(300));
    drain.async_wait([&](auto) { io.stop(); });
  });
  io.run();
  return 0;
}
