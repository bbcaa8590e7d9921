// HttpPool (see http_pool.h) on Boost.Beast: each Conn owns a tcp_stream, connects lazily,
// writes one request, reads one answer, and hands itself back to the pool, which gives it the
// next queued request.
#include "http_pool.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "proc_stats.h"

namespace carrel_load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class HttpPool::Conn {
 public:
  explicit Conn(HttpPool& pool) : pool_(pool), stream_(pool.ioc_) {}

  bool busy() const { return busy_; }

  void start(Request req) {
    busy_ = true;
    req_ = std::move(req);
    ++req_.attempts;
    reused_ = connected_;
    if (connected_) return write();
    stream_.expires_after(std::chrono::seconds(30));
    stream_.async_connect(pool_.endpoint_, [this](beast::error_code ec) {
      if (ec) return done(0, false);
      connected_ = true;
      beast::error_code ig;
      stream_.socket().set_option(tcp::no_delay(true), ig);
      write();
    });
  }

  void close() {
    beast::error_code ig;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ig);
    stream_.socket().close(ig);
    connected_ = false;
  }

 private:
  void write() {
    request_ = {};
    request_.method(http::verb::post);
    request_.target(req_.target);
    request_.version(11);
    request_.set(http::field::host, pool_.host_);
    request_.set(http::field::content_type, "application/json");
    if (!req_.token.empty()) request_.set(http::field::authorization, "Bearer " + req_.token);
    request_.body() = req_.body;
    request_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(60));
    http::async_write(stream_, request_, [this](beast::error_code ec, size_t) {
      if (ec) return done(0, reused_);
      read();
    });
  }

  void read() {
    response_ = {};
    buffer_.clear();
    http::async_read(stream_, buffer_, response_, [this](beast::error_code ec, size_t) {
      if (ec) return done(0, reused_);
      if (!response_.keep_alive()) close();
      done(static_cast<int>(response_.result_int()), false);
    });
  }

  void done(int status, bool retry) {
    if (status == 0) close();
    HttpResult result;
    result.status = status;
    result.body = std::move(response_.body());
    result.latency_ns = bench::now_ns() - req_.start_ns;
    busy_ = false;
    pool_.finished(req_, result, retry && req_.attempts < 2);
  }

  HttpPool& pool_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  Request req_;
  bool busy_ = false;
  bool connected_ = false;
  bool reused_ = false;
};

HttpPool::HttpPool(asio::io_context& ioc, tcp::endpoint endpoint, std::string host_header,
                   int connections)
    : ioc_(ioc), endpoint_(endpoint), host_(std::move(host_header)) {
  for (int i = 0; i < connections; ++i) conns_.push_back(std::make_unique<Conn>(*this));
}

HttpPool::~HttpPool() = default;

void HttpPool::post(std::string target, std::string body, std::string token, HttpCallback done) {
  queue_.push_back(Request{std::move(target), std::move(body), std::move(token), std::move(done),
                           bench::now_ns(), 0});
  dispatch();
}

void HttpPool::dispatch() {
  for (auto& c : conns_) {
    if (queue_.empty()) return;
    if (c->busy()) continue;
    Request req = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    c->start(std::move(req));
  }
}

void HttpPool::finished(Request& req, HttpResult& result, bool retry) {
  --busy_;
  if (retry) {
    queue_.push_front(std::move(req));
  } else {
    auto done = std::move(req.done);
    done(result);
  }
  dispatch();
}

void HttpPool::close_idle() {
  for (auto& c : conns_)
    if (!c->busy()) c->close();
}

}  // namespace carrel_load
