// One connection to Redis on Asio, without blocking: commands are written as RESP and their
// replies come back, in order, to the callbacks given with them. The connection reconnects by
// itself with a growing delay (100 ms doubling up to 2 s) whenever it fails; commands given while
// it is down fail at once with an error reply, and so do those in flight when it drops. After
// every (re)connect, AUTH and SELECT run first and then the on_connect handler, so a subscriber
// re-subscribes and an owner of keys can rewrite them.
//
// A subscriber connection (Mode::subscriber) hands every reply to the push handler instead:
// pub/sub messages ("message", "pmessage") and subscription confirmations alike.
#pragma once

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>

#include "cluster/resp.h"

namespace cluster {

class RedisConnection : public std::enable_shared_from_this<RedisConnection> {
 public:
  enum class Mode { commands, subscriber };
  using Callback = std::function<void(const Reply&)>;

  RedisConnection(boost::asio::any_io_executor executor, RedisAddress address,
                  Mode mode = Mode::commands);
  ~RedisConnection();

  void on_connect(std::function<void()> handler) { on_connect_ = std::move(handler); }
  void on_disconnect(std::function<void(const std::string&)> handler) {
    on_disconnect_ = std::move(handler);
  }
  void on_push(Callback handler) { on_push_ = std::move(handler); }

  void start();
  void stop();
  bool connected() const { return ready_; }

  void command(std::vector<std::string> args, Callback done = {});

 private:
  void connect();
  void on_connected();
  void send(std::vector<std::string> args, Callback done);
  void flush();
  void read();
  void dispatch(Reply reply);
  void fail(const std::string& why);
  void schedule_reconnect();

  boost::asio::any_io_executor executor_;
  RedisAddress address_;
  Mode mode_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer retry_timer_;
  std::chrono::milliseconds backoff_{100};
  bool stopped_ = true;
  bool open_ = false;   // TCP connected
  bool ready_ = false;  // AUTH/SELECT sent; commands accepted
  bool writing_ = false;
  std::string outbox_;
  std::string writing_buffer_;
  std::deque<Callback> waiting_;  // one per command written, in order
  std::unique_ptr<ReplyParser> parser_;
  std::array<char, 65536> read_buffer_{};
  uint64_t generation_ = 0;  // bumped per connection attempt; stale handlers ignore themselves

  std::function<void()> on_connect_;
  std::function<void(const std::string&)> on_disconnect_;
  Callback on_push_;
};

}  // namespace cluster
