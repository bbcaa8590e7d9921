// Runs carrel-load's io_context on its own thread and lets the scenario code on the main
// thread drive it step by step: `await` starts an asynchronous step on the io thread and blocks
// until the step reports, `call` runs a function there and returns its value. All state of the
// users and sockets is touched on the io thread only.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace carrel_load {

class Driver {
 public:
  Driver() : guard_(ioc_.get_executor()), thread_([this] { ioc_.run(); }) {}
  ~Driver() { stop(); }

  boost::asio::io_context& ioc() { return ioc_; }

  // start(done) runs on the io thread and must call done(ok) exactly once, there or later.
  bool await(std::function<void(std::function<void(bool)>)> start) {
    auto p = std::make_shared<std::promise<bool>>();
    auto f = p->get_future();
    boost::asio::post(ioc_,
                      [start = std::move(start), p] { start([p](bool ok) { p->set_value(ok); }); });
    return f.get();
  }

  template <class F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto fut = task.get_future();
    boost::asio::post(ioc_, [&task] { task(); });
    return fut.get();
  }

  void stop() {
    guard_.reset();
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

}  // namespace carrel_load
