// A small asynchronous HTTP/1.1 client for the REST side of carrel-load: a fixed number of
// keep-alive connections to one server, each carrying one request at a time, with a shared
// FIFO queue of requests. A connection that the server closed is reopened for the next request;
// a request that fails on a reused connection before any answer arrived is retried once on a
// fresh one (the usual keep-alive race). Everything runs on one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace carrel_load {

struct HttpResult {
  int status = 0;  // 0: no answer (connection failed or closed)
  std::string body;
  int64_t latency_ns = 0;  // from post() to the last byte of the answer
};

using HttpCallback = std::function<void(HttpResult&)>;

class HttpPool {
 public:
  HttpPool(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint,
           std::string host_header, int connections);
  ~HttpPool();

  // POST `body` (JSON) to `target`, with `Authorization: Bearer token` when token is not empty.
  void post(std::string target, std::string body, std::string token, HttpCallback done);
  // Closes every idle connection (busy ones close when their request is answered) and makes
  // later requests open new ones.
  void close_idle();
  size_t queued() const { return queue_.size(); }
  int busy() const { return busy_; }

 private:
  class Conn;
  struct Request {
    std::string target, body, token;
    HttpCallback done;
    int64_t start_ns = 0;
    int attempts = 0;
  };

  void dispatch();
  void finished(Request& req, HttpResult& result, bool retry);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::string host_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::deque<Request> queue_;
  int busy_ = 0;
};

}  // namespace carrel_load
