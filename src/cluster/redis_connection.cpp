// The Redis connection's connect, write, read and reconnect cycle (see redis_connection.h).
#include "cluster/redis_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace cluster {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

RedisConnection::RedisConnection(asio::any_io_executor executor, RedisAddress address, Mode mode)
    : executor_(executor),
      address_(std::move(address)),
      mode_(mode),
      resolver_(executor),
      socket_(executor),
      retry_timer_(executor) {}

RedisConnection::~RedisConnection() = default;

void RedisConnection::start() {
  if (!stopped_) return;
  stopped_ = false;
  connect();
}

void RedisConnection::stop() {
  stopped_ = true;
  ++generation_;
  retry_timer_.cancel();
  resolver_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);
  open_ = ready_ = writing_ = false;
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& done : waiting)
    if (done) done(Reply::error("redis connection stopped"));
}

void RedisConnection::connect() {
  const auto generation = ++generation_;
  resolver_.async_resolve(
      address_.host, address_.port,
      [this, self = shared_from_this(), generation](boost::system::error_code ec,
                                                    tcp::resolver::results_type results) {
        if (generation != generation_) return;
        if (ec) return fail("resolve " + address_.host + ": " + ec.message());
        asio::async_connect(socket_, results,
                            [this, self, generation](boost::system::error_code ec, const auto&) {
                              if (generation != generation_) return;
                              if (ec) return fail("connect: " + ec.message());
                              on_connected();
                            });
      });
}

void RedisConnection::on_connected() {
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  socket_.set_option(asio::socket_base::keep_alive(true), ignored);
  open_ = true;
  backoff_ = std::chrono::milliseconds(100);
  parser_ = std::make_unique<ReplyParser>();
  read();
  if (!address_.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!address_.user.empty()) auth.push_back(address_.user);
    auth.push_back(address_.password);
    send(std::move(auth), {});
  }
  if (address_.db != 0 && mode_ == Mode::commands)
    send({"SELECT", std::to_string(address_.db)}, {});
  ready_ = true;
  if (on_connect_) on_connect_();
}

void RedisConnection::command(std::vector<std::string> args, Callback done) {
  if (!ready_) {
    if (done) done(Reply::error("redis is not connected"));
    return;
  }
  send(std::move(args), std::move(done));
}

void RedisConnection::send(std::vector<std::string> args, Callback done) {
  append_command(outbox_, args);
  if (mode_ == Mode::commands) waiting_.push_back(std::move(done));
  flush();
}

void RedisConnection::flush() {
  if (writing_ || outbox_.empty() || !open_) return;
  writing_ = true;
  writing_buffer_.swap(outbox_);
  outbox_.clear();
  const auto generation = generation_;
  asio::async_write(
      socket_, asio::buffer(writing_buffer_),
      [this, self = shared_from_this(), generation](boost::system::error_code ec, size_t) {
        if (generation != generation_) return;
        writing_ = false;
        writing_buffer_.clear();
        if (ec) return fail("write: " + ec.message());
        flush();
      });
}

void RedisConnection::read() {
  const auto generation = generation_;
  socket_.async_read_some(asio::buffer(read_buffer_), [this, self = shared_from_this(), generation](
                                                          boost::system::error_code ec, size_t n) {
    if (generation != generation_) return;
    if (ec) return fail(ec == asio::error::eof ? "closed by server" : "read: " + ec.message());
    try {
      parser_->feed({read_buffer_.data(), n});
      while (auto reply = parser_->next()) {
        dispatch(std::move(*reply));
        if (generation != generation_) return;  // a handler stopped or reset us
      }
    } catch (const std::exception& error) {
      return fail(error.what());
    }
    read();
  });
}

void RedisConnection::dispatch(Reply reply) {
  if (mode_ == Mode::subscriber) {
    if (on_push_) on_push_(reply);
    return;
  }
  if (waiting_.empty()) return;  // nothing asked for this
  auto done = std::move(waiting_.front());
  waiting_.pop_front();
  if (done) done(reply);
}

void RedisConnection::fail(const std::string& why) {
  const bool was_ready = ready_;
  ++generation_;
  boost::system::error_code ignored;
  socket_.close(ignored);
  open_ = ready_ = writing_ = false;
  outbox_.clear();
  writing_buffer_.clear();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& done : waiting)
    if (done) done(Reply::error("redis connection lost: " + why));
  if (was_ready && on_disconnect_) on_disconnect_(why);
  if (!stopped_) schedule_reconnect();
}

void RedisConnection::schedule_reconnect() {
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(2000));
  const auto generation = generation_;
  retry_timer_.async_wait(
      [this, self = shared_from_this(), generation](boost::system::error_code ec) {
        if (ec || generation != generation_ || stopped_) return;
        socket_ = tcp::socket(executor_);
        connect();
      });
}

}  // namespace cluster
