// The Redis connection on Asio against a scripted fake server on a loopback port: replies reach
// their callbacks in order, pub/sub pushes reach the push handler, commands fail at once while
// disconnected, and a dropped connection is re-established (on_connect runs again).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "cluster/redis_connection.h"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using cluster::RedisConnection;
using cluster::Reply;

// Accepts connections one after another; `serve` gets each socket.
class FakeRedis {
 public:
  explicit FakeRedis(asio::io_context& io)
      : acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}) {}
  cluster::RedisAddress address() const {
    return {"127.0.0.1", std::to_string(acceptor_.local_endpoint().port()), "", "", 0};
  }
  void accept(std::function<void(std::shared_ptr<tcp::socket>)> serve) {
    auto socket = std::make_shared<tcp::socket>(acceptor_.get_executor());
    acceptor_.async_accept(*socket, [socket, serve](boost::system::error_code ec) {
      if (!ec) serve(socket);
    });
  }

 private:
  tcp::acceptor acceptor_;
};

void run_until(asio::io_context& io, const std::function<bool()>& done) {
  for (int i = 0; i < 400 && !done(); ++i) io.run_for(std::chrono::milliseconds(10));
}

TEST(ClusterConnection, RepliesReachTheirCallbacksInOrder) {
  asio::io_context io;
  FakeRedis server(io);
  auto received = std::make_shared<std::string>();
  // Reads until both commands arrived (they may come in one write or two), then answers both.
  server.accept([received](std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<std::array<char, 4096>>();
    auto read = std::make_shared<std::function<void()>>();
    *read = [socket, buffer, received, read] {
      socket->async_read_some(
          asio::buffer(*buffer), [socket, buffer, received, read](auto ec, size_t n) {
            if (ec) return;
            received->append(buffer->data(), n);
            if (received->find("INCR") == std::string::npos || received->back() != '\n')
              return (*read)();
            asio::write(*socket, asio::buffer(std::string("+OK\r\n:7\r\n")));
            *read = nullptr;
          });
    };
    (*read)();
  });
  auto connection = std::make_shared<RedisConnection>(io.get_executor(), server.address());
  std::vector<std::string> answers;
  connection->on_connect([&] {
    connection->command({"SET", "k", "v"}, [&](const Reply& r) { answers.push_back(r.text); });
    connection->command({"INCR", "n"},
                        [&](const Reply& r) { answers.push_back(std::to_string(r.integer)); });
  });
  connection->start();
  run_until(io, [&] { return answers.size() == 2; });
  ASSERT_EQ(answers, (std::vector<std::string>{"OK", "7"}));
  EXPECT_EQ(*received, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
  connection->stop();
}

TEST(ClusterConnection, SubscriberGetsPushes) {
  asio::io_context io;
  FakeRedis server(io);
  server.accept([](std::shared_ptr<tcp::socket> socket) {
    asio::write(*socket,
                asio::buffer(std::string("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n")));
    auto keep = std::make_shared<std::array<char, 64>>();
    socket->async_read_some(asio::buffer(*keep), [socket, keep](auto, size_t) {});
  });
  auto connection = std::make_shared<RedisConnection>(io.get_executor(), server.address(),
                                                      RedisConnection::Mode::subscriber);
  std::optional<Reply> push;
  connection->on_push([&](const Reply& r) { push = r; });
  connection->start();
  run_until(io, [&] { return push.has_value(); });
  ASSERT_TRUE(push);
  ASSERT_EQ(push->elements.size(), 3u);
  EXPECT_EQ(push->elements[2].text, "hi");
  connection->stop();
}

TEST(ClusterConnection, ReconnectsAfterTheServerDropsIt) {
  asio::io_context io;
  FakeRedis server(io);
  int accepted = 0;
  std::function<void(std::shared_ptr<tcp::socket>)> serve = [&](std::shared_ptr<tcp::socket> s) {
    ++accepted;
    if (accepted == 1) {
      s->close();  // drop the first connection at once
      server.accept(serve);
      return;
    }
    auto keep = std::make_shared<std::array<char, 64>>();
    s->async_read_some(asio::buffer(*keep), [s, keep](auto, size_t) {});
  };
  server.accept(serve);
  auto connection = std::make_shared<RedisConnection>(io.get_executor(), server.address());
  int connects = 0;
  std::vector<std::string> failures;
  connection->on_connect([&] { ++connects; });
  connection->on_disconnect([&](const std::string&) {
    connection->command({"PING"}, [&](const Reply& r) { failures.push_back(r.text); });
  });
  connection->start();
  run_until(io, [&] { return connects == 2; });
  EXPECT_EQ(connects, 2);
  EXPECT_EQ(accepted, 2);
  ASSERT_EQ(failures.size(), 1u);  // the command given while down failed at once
  EXPECT_NE(failures[0].find("not connected"), std::string::npos);
  EXPECT_TRUE(connection->connected());
  connection->stop();
  EXPECT_FALSE(connection->connected());
}

TEST(ClusterConnection, InFlightCommandsFailWhenTheConnectionDrops) {
  asio::io_context io;
  FakeRedis server(io);
  server.accept([](std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<std::array<char, 256>>();
    socket->async_read_some(asio::buffer(*buffer),
                            [socket, buffer](auto, size_t) { socket->close(); });
  });
  auto connection = std::make_shared<RedisConnection>(io.get_executor(), server.address());
  std::optional<Reply> answer;
  connection->on_connect([&] {
    if (!answer) connection->command({"GET", "k"}, [&](const Reply& r) { answer = r; });
  });
  connection->start();
  run_until(io, [&] { return answer.has_value(); });
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->is_error());
  connection->stop();
}

}  // namespace
