// sio-loadgen: Socket.IO v5 / Engine.IO v4 load generator speaking the bench protocol over
// WebSocket (Boost.Beast). Modes: open-loop room broadcasts with latency/loss (optionally ramping
// the rate to find the maximum sustainable throughput), and many idle connections. Loopback only.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "histogram.h"
#include "json_out.h"
#include "proc_stats.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
// Sockets bound to the concrete io_context executor: no type-erased executor copies per operation.
using Socket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

namespace {

using bench::JsonOut;
using bench::LogHistogram;
using bench::machine_busy_us;
using bench::ms;
using bench::now_ns;
using bench::ProcSample;
using bench::raise_fd_limit;
using bench::sample_proc;
using bench::self_cpu_us;
using TimePoint = std::chrono::steady_clock::time_point;
TimePoint to_tp(int64_t ns) {
  return bench::to_time_point(ns);
}

// ---------------------------------------------------------------------------------------------
struct Options {
  std::string mode = "broadcast";
  std::string host = "127.0.0.1";
  int port = 0;
  int clients = 500;
  int rooms = 10;
  double rate = 100;
  double duration = 20;
  int payload = 64;
  int threads = 1;
  int connect_concurrency = 256;
  double connect_timeout = 120;
  double warmup = 2;
  double drain = 5;
  bool ramp = false;
  double ramp_factor = 1.25;
  int ramp_max_steps = 20;
  int ramp_refine = 2;
  int ramp_retries = 1;
  double p99_limit_ms = 50;
  double loss_limit = 0.001;
  double max_rate = 1e9;
  int server_pid = 0;
  double max_runtime = 900;
  uint64_t seed = 1;
  bool quiet = false;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: sio-loadgen --port P [options]\n"
               "  --mode broadcast|idle      (broadcast)\n"
               "  --host 127.0.0.1           loopback addresses only\n"
               "  --clients N                (500)\n"
               "  --rooms R                  (10) clients spread evenly over rooms r0..r{R-1}\n"
               "  --rate M                   (100) aggregate broadcasts/s, open loop\n"
               "  --duration S               (20) measured seconds (per ramp step; idle hold)\n"
               "  --payload B                (64) payload string bytes\n"
               "  --threads T                (1) io_context threads (connections partitioned)\n"
               "  --connect-concurrency C    (256) handshakes in flight\n"
               "  --connect-timeout S        (120)\n"
               "  --warmup S                 (2) unmeasured sending before the first step\n"
               "  --drain S                  (5) max wait for deliveries after a step\n"
               "  --ramp                     raise the rate until p99 or loss limit is broken\n"
               "  --ramp-factor F            (1.25) --ramp-max-steps N (20) --ramp-refine N (2)\n"
               "  --ramp-retries N           (1) failed steps re-run before the ramp stops\n"
               "  --p99-limit-ms X           (50) --loss-limit FRAC (0.001) --max-rate M\n"
               "  --server-pid PID           sample server CPU (/proc/PID/stat) and RSS\n"
               "  --max-runtime S            (900) hard stop\n"
               "  --seed N  --quiet\n"
               "Prints one JSON line on stdout; human-readable progress on stderr.\n");
  std::exit(code);
}

Options parse_options(int argc, char** argv) {
  Options o;
  auto need = [&](int& i) -> std::string {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "missing value for %s\n", argv[i]);
      usage(2);
    }
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help")
      usage(0);
    else if (a == "--mode")
      o.mode = need(i);
    else if (a == "--host")
      o.host = need(i);
    else if (a == "--port")
      o.port = std::stoi(need(i));
    else if (a == "--clients")
      o.clients = std::stoi(need(i));
    else if (a == "--rooms")
      o.rooms = std::stoi(need(i));
    else if (a == "--rate")
      o.rate = std::stod(need(i));
    else if (a == "--duration")
      o.duration = std::stod(need(i));
    else if (a == "--payload")
      o.payload = std::stoi(need(i));
    else if (a == "--threads")
      o.threads = std::stoi(need(i));
    else if (a == "--connect-concurrency")
      o.connect_concurrency = std::stoi(need(i));
    else if (a == "--connect-timeout")
      o.connect_timeout = std::stod(need(i));
    else if (a == "--warmup")
      o.warmup = std::stod(need(i));
    else if (a == "--drain")
      o.drain = std::stod(need(i));
    else if (a == "--ramp")
      o.ramp = true;
    else if (a == "--ramp-factor")
      o.ramp_factor = std::stod(need(i));
    else if (a == "--ramp-max-steps")
      o.ramp_max_steps = std::stoi(need(i));
    else if (a == "--ramp-refine")
      o.ramp_refine = std::stoi(need(i));
    else if (a == "--p99-limit-ms")
      o.p99_limit_ms = std::stod(need(i));
    else if (a == "--loss-limit")
      o.loss_limit = std::stod(need(i));
    else if (a == "--max-rate")
      o.max_rate = std::stod(need(i));
    else if (a == "--server-pid")
      o.server_pid = std::stoi(need(i));
    else if (a == "--max-runtime")
      o.max_runtime = std::stod(need(i));
    else if (a == "--seed")
      o.seed = std::stoull(need(i));
    else if (a == "--quiet")
      o.quiet = true;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      usage(2);
    }
  }
  if (o.port <= 0 || o.port > 65535) usage(2);
  if (o.mode != "broadcast" && o.mode != "idle") usage(2);
  if (o.clients < 1 || o.rooms < 1 || o.rooms > 65535 || o.threads < 1 || o.threads > 8 ||
      o.rate <= 0 || o.duration <= 0 || o.payload < 0 || o.connect_concurrency < 1 ||
      o.ramp_factor <= 1.0) {
    std::fprintf(stderr, "invalid option value\n");
    usage(2);
  }
  if (o.threads > o.clients) o.threads = o.clients;
  return o;
}

// ---------------------------------------------------------------------------------------------
struct StepWindow {
  int64_t start_ns;
  int64_t end_ns;
};

struct StepStats {
  uint64_t sent = 0;
  uint64_t expected = 0;
  uint64_t received = 0;
  LogHistogram latency;
  LogHistogram send_lag;
  void merge(const StepStats& o) {
    sent += o.sent;
    expected += o.expected;
    received += o.received;
    latency.merge(o.latency);
    send_lag.merge(o.send_lag);
  }
};

struct Counters {
  uint64_t connected = 0, connect_failed = 0, joined = 0, join_failed = 0, disconnects = 0;
  uint64_t pings = 0, unexpected = 0, stray = 0, queued = 0;
  void merge(const Counters& o) {
    connected += o.connected;
    connect_failed += o.connect_failed;
    joined += o.joined;
    join_failed += o.join_failed;
    disconnects += o.disconnects;
    pings += o.pings;
    unexpected += o.unexpected;
    stray += o.stray;
    queued += o.queued;
  }
};

struct Config {
  Options opt;
  tcp::endpoint endpoint;
  std::string host_header;
  std::string payload;                    // the payload characters
  std::vector<std::string> bcast_prefix;  // per room: 42["broadcast",{"room":"rX","t":
  std::string bcast_suffix;               // ,"payload":"xxx"}]
  std::vector<std::string> join_msg;      // per room: 420["join",{"room":"rX"}]
};

class Worker;

// One Socket.IO client over one WebSocket. All of its work runs on its worker's thread.
class Conn {
 public:
  enum class State { kIdle, kConnecting, kWsHandshake, kWaitOpen, kWaitConnect, kReady, kClosed };

  Conn(Worker& w, asio::io_context& ioc, uint32_t room);
  void start();
  void send_broadcast(int64_t t);
  void close();
  bool ready() const { return state_ == State::kReady; }
  bool joined() const { return joined_; }
  uint32_t room() const { return room_; }

 private:
  void on_connect(const beast::error_code& ec);
  void on_ws_handshake(const beast::error_code& ec);
  void read();
  void on_read(const beast::error_code& ec);
  void handle(std::string_view m);
  void handle_event(std::string_view m);
  std::string& push_slot();
  void flush();
  void fail(const beast::error_code& ec, const char* what);

  Worker& w_;
  uint32_t room_;
  State state_ = State::kIdle;
  bool joined_ = false;
  int64_t t0_ = 0;
  websocket::stream<Socket> ws_;
  beast::flat_buffer rbuf_;
  // Write queue of reusable strings: slots [qhead_, qtail_) are pending, slot qhead_ is in flight
  // while writing_. Slots are heap objects so that reordering the queue never moves a string
  // (short strings keep their bytes inline, and one may be the buffer of the write in flight).
  std::vector<std::unique_ptr<std::string>> q_;
  size_t qhead_ = 0, qtail_ = 0;
  bool writing_ = false;
};

class Worker {
 public:
  Worker(const Config& cfg, int index)
      : cfg_(cfg),
        index_(index),
        ioc_(1),  // concurrency hint: one thread runs this context
        guard_(ioc_.get_executor()),
        timer_(ioc_),
        rng_(cfg.opt.seed * 7919 + index) {}

  void add_conn(uint32_t room) { conns_.push_back(std::make_unique<Conn>(*this, ioc_, room)); }
  void run() {
    thread_ = std::thread([this] { ioc_.run(); });
  }
  template <class F>
  auto call(F f) -> decltype(f()) {
    std::promise<decltype(f())> p;
    auto fut = p.get_future();
    asio::post(ioc_, [&] { p.set_value(f()); });
    return fut.get();
  }

  // Connect phase (runs on the worker thread).
  void begin_connect(int concurrency, bool join) {
    join_ = join;
    concurrency_ = std::max(1, concurrency);
    while (in_flight_ < concurrency_ && next_ < conns_.size()) start_next();
  }
  void on_handshake(bool ok, int64_t latency_ns) {
    --in_flight_;
    if (ok) {
      ++ctr_.connected;
      handshake_.record(latency_ns);
    } else {
      ++ctr_.connect_failed;
    }
    if (next_ < conns_.size()) start_next();
  }
  bool join_enabled() const { return join_; }
  void on_joined(bool ok) { ok ? ++ctr_.joined : ++ctr_.join_failed; }

  // Broadcast steps.
  void start_step(int step, StepWindow win, double rate, std::vector<uint32_t> room_sizes) {
    room_sizes_ = std::move(room_sizes);
    if (windows_.size() <= static_cast<size_t>(step)) {
      windows_.resize(step + 1, StepWindow{0, 0});
      while (stats_.size() <= static_cast<size_t>(step))
        stats_.push_back(std::make_unique<StepStats>());
    }
    windows_[step] = win;
    senders_.clear();
    for (auto& c : conns_)
      if (c->ready() && c->joined()) senders_.push_back(c.get());
    cur_step_ = step;
    interval_ns_ = 1e9 / rate;
    step_total_ = static_cast<uint64_t>(
        std::floor(rate * static_cast<double>(win.end_ns - win.start_ns) / 1e9));
    step_sent_ = 0;
    if (senders_.empty() || step_total_ == 0) return;
    timer_.expires_at(to_tp(win.start_ns));
    timer_.async_wait([this, step](const beast::error_code& ec) {
      if (!ec) send_due(step);
    });
  }
  void send_due(int step) {
    if (step != cur_step_) return;
    StepStats& st = *stats_[step];
    int64_t now = now_ns();
    const int64_t start = windows_[step].start_ns;
    int burst = 0;
    while (step_sent_ < step_total_) {
      int64_t due = start + static_cast<int64_t>(static_cast<double>(step_sent_) * interval_ns_);
      if (due > now) break;
      if (++burst > 64) break;  // let reads run between bursts when behind schedule
      Conn* c = senders_[std::uniform_int_distribution<size_t>(0, senders_.size() - 1)(rng_)];
      ++step_sent_;
      if (!c->ready()) continue;
      now = now_ns();
      c->send_broadcast(now);
      ++st.sent;
      st.expected += room_sizes_[c->room()];
      st.send_lag.record(now - due);
    }
    if (step_sent_ >= step_total_) return;
    int64_t next_due = start + static_cast<int64_t>(static_cast<double>(step_sent_) * interval_ns_);
    timer_.expires_at(to_tp(next_due));
    timer_.async_wait([this, step](const beast::error_code& ec) {
      if (!ec) send_due(step);
    });
  }
  // A delivery belongs to the last step started at or before its send time: a step's last
  // broadcasts may leave after its nominal end when the generator runs late, and steps never
  // overlap (each is drained before the next starts).
  void on_delivery(int64_t t) {
    int64_t now = now_ns();
    for (size_t i = windows_.size(); i-- > 0;) {
      if (t >= windows_[i].start_ns) {
        StepStats& st = *stats_[i];
        ++st.received;
        st.latency.record(now - t);
        return;
      }
    }
    ++ctr_.stray;
  }

  void shutdown() {
    timer_.cancel();
    for (auto& c : conns_) c->close();
    guard_.reset();
  }
  void join_thread() {
    if (thread_.joinable()) thread_.join();
  }

  const Config& cfg_;
  int index_;
  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  asio::steady_timer timer_;
  std::thread thread_;
  std::vector<std::unique_ptr<Conn>> conns_;
  Counters ctr_;
  LogHistogram handshake_;
  // connect
  size_t next_ = 0;
  int in_flight_ = 0;
  int concurrency_ = 1;
  bool join_ = false;
  // steps
  std::vector<StepWindow> windows_;
  std::vector<std::unique_ptr<StepStats>> stats_;
  std::vector<Conn*> senders_;
  std::vector<uint32_t> room_sizes_;
  int cur_step_ = -1;
  double interval_ns_ = 0;
  uint64_t step_total_ = 0, step_sent_ = 0;
  std::mt19937_64 rng_;

 private:
  void start_next() {
    ++in_flight_;
    conns_[next_++]->start();
  }
};

Conn::Conn(Worker& w, asio::io_context& ioc, uint32_t room)
    : w_(w), room_(room), ws_(ioc.get_executor()) {}

void Conn::start() {
  state_ = State::kConnecting;
  t0_ = now_ns();
  beast::get_lowest_layer(ws_).async_connect(
      w_.cfg_.endpoint, [this](const beast::error_code& ec) { on_connect(ec); });
}

void Conn::on_connect(const beast::error_code& ec) {
  if (ec) return fail(ec, "connect");
  beast::error_code ig;
  beast::get_lowest_layer(ws_).set_option(tcp::no_delay(true), ig);
  websocket::stream_base::timeout to{};
  to.handshake_timeout = std::chrono::seconds(30);
  to.idle_timeout = websocket::stream_base::none();
  to.keep_alive_pings = false;
  ws_.set_option(to);
  ws_.auto_fragment(false);
  ws_.secure_prng(false);  // masking keys need not be cryptographic for a benchmark
  ws_.write_buffer_bytes(4096);
  state_ = State::kWsHandshake;
  ws_.async_handshake(w_.cfg_.host_header, "/socket.io/?EIO=4&transport=websocket",
                      [this](const beast::error_code& ec) { on_ws_handshake(ec); });
}

void Conn::on_ws_handshake(const beast::error_code& ec) {
  if (ec) return fail(ec, "websocket handshake");
  ws_.text(true);
  state_ = State::kWaitOpen;
  read();
}

void Conn::read() {
  ws_.async_read(rbuf_, [this](const beast::error_code& ec, std::size_t) { on_read(ec); });
}

void Conn::on_read(const beast::error_code& ec) {
  if (ec) return fail(ec, "read");
  auto d = rbuf_.cdata();
  handle(std::string_view(static_cast<const char*>(d.data()), d.size()));
  rbuf_.consume(rbuf_.size());
  if (state_ != State::kClosed) read();
}

void Conn::handle(std::string_view m) {
  if (m.empty()) return;
  switch (state_) {
    case State::kWaitOpen:
      if (m[0] != '0') return fail(beast::error_code(), "expected Engine.IO open packet");
      state_ = State::kWaitConnect;
      push_slot() = "40";
      flush();
      return;
    case State::kWaitConnect:
      if (m[0] == '2') break;  // ping before connect ack: answered below
      if (m.size() < 2 || m[0] != '4' || m[1] != '0') {
        return fail(beast::error_code(), "expected Socket.IO connect ack");
      }
      state_ = State::kReady;
      w_.on_handshake(true, now_ns() - t0_);
      if (w_.join_enabled()) {
        push_slot() = w_.cfg_.join_msg[room_];
        flush();
      }
      return;
    default:
      break;
  }
  switch (m[0]) {
    case '2':  // Engine.IO ping -> pong
      ++w_.ctr_.pings;
      push_slot() = "3";
      flush();
      return;
    case '4':
      if (m.size() >= 2 && m[1] == '2') return handle_event(m);
      if (m.size() >= 2 && m[1] == '3') {  // ack: 43<id>[...]
        if (!joined_) {
          bool ok = m.find("\"ok\":true") != std::string_view::npos;
          joined_ = ok;
          w_.on_joined(ok);
        }
        return;
      }
      if (m.size() >= 2 && (m[1] == '1' || m[1] == '4')) {  // disconnect / connect error
        return fail(beast::error_code(), "socket.io disconnect");
      }
      ++w_.ctr_.unexpected;
      return;
    case '1':  // Engine.IO close
      return fail(beast::error_code(), "engine.io close");
    case '6':  // noop
      return;
    default:
      ++w_.ctr_.unexpected;
  }
}

// 42["msg",{"room":"r3","t":123,"payload":"..."}]: only the "t" field is looked at.
void Conn::handle_event(std::string_view m) {
  static constexpr std::string_view kMsg = "42[\"msg\",";
  static constexpr std::string_view kT = "\"t\":";
  if (m.substr(0, kMsg.size()) != kMsg) {
    ++w_.ctr_.unexpected;
    return;
  }
  size_t p = m.find(kT, kMsg.size());
  if (p == std::string_view::npos) {
    ++w_.ctr_.unexpected;
    return;
  }
  const char* b = m.data() + p + kT.size();
  const char* e = m.data() + m.size();
  while (b < e && *b == ' ') ++b;
  int64_t t = 0;
  auto r = std::from_chars(b, e, t);
  if (r.ec != std::errc() || (r.ptr < e && (*r.ptr == '.' || *r.ptr == 'e' || *r.ptr == 'E'))) {
    double dt = 0;  // a server that re-serialises the number as a double
    auto r2 = std::from_chars(b, e, dt);
    if (r2.ec != std::errc()) {
      ++w_.ctr_.unexpected;
      return;
    }
    t = static_cast<int64_t>(dt);
  }
  w_.on_delivery(t);
}

void Conn::send_broadcast(int64_t t) {
  std::string& s = push_slot();
  const Config& cfg = w_.cfg_;
  s.assign(cfg.bcast_prefix[room_]);
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, t);
  s.append(buf, r.ptr);
  s.append(cfg.bcast_suffix);
  flush();
}

std::string& Conn::push_slot() {
  if (qhead_ == qtail_) qhead_ = qtail_ = 0;
  if (qtail_ == q_.size()) {
    if (qhead_ > 0) {
      // Recycle the written slots at the front: rotate them to the back.
      std::rotate(q_.begin(), q_.begin() + static_cast<std::ptrdiff_t>(qhead_), q_.end());
      qtail_ -= qhead_;
      qhead_ = 0;
    } else {
      q_.push_back(std::make_unique<std::string>());
    }
  }
  ++w_.ctr_.queued;
  return *q_[qtail_++];
}

void Conn::flush() {
  if (writing_ || qhead_ == qtail_ || state_ == State::kClosed) return;
  writing_ = true;
  ws_.async_write(asio::buffer(*q_[qhead_]), [this](const beast::error_code& ec, std::size_t) {
    writing_ = false;
    if (ec) return fail(ec, "write");
    ++qhead_;
    flush();
  });
}

void Conn::fail(const beast::error_code& ec, const char* what) {
  State prev = state_;
  if (prev == State::kClosed) return;
  state_ = State::kClosed;
  beast::error_code ig;
  beast::get_lowest_layer(ws_).close(ig);
  if (prev == State::kReady) {
    ++w_.ctr_.disconnects;
    if (!w_.cfg_.opt.quiet && w_.ctr_.disconnects <= 5)
      std::fprintf(stderr, "sio-loadgen: connection lost (%s%s%s)\n", what, ec ? ": " : "",
                   ec ? ec.message().c_str() : "");
  } else if (prev != State::kIdle) {
    if (!w_.cfg_.opt.quiet && w_.ctr_.connect_failed < 5)
      std::fprintf(stderr, "sio-loadgen: connect failed (%s%s%s)\n", what, ec ? ": " : "",
                   ec ? ec.message().c_str() : "");
    w_.on_handshake(false, 0);
  }
}

void Conn::close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  beast::error_code ig;
  beast::get_lowest_layer(ws_).close(ig);
}

// ---------------------------------------------------------------------------------------------
class Runner {
 public:
  explicit Runner(Config& cfg) : cfg_(cfg), opt_(cfg.opt) {}

  int run() {
    const int n = opt_.clients;
    room_members_.assign(static_cast<size_t>(opt_.rooms), 0);
    for (int t = 0; t < opt_.threads; ++t) workers_.push_back(std::make_unique<Worker>(cfg_, t));
    for (int i = 0; i < n; ++i) {
      uint32_t room = static_cast<uint32_t>(i % opt_.rooms);
      int w = (i / opt_.rooms) % opt_.threads;
      workers_[static_cast<size_t>(w)]->add_conn(room);
    }
    for (auto& w : workers_) w->run();

    base_ = sample_proc(opt_.server_pid);
    bool idle = opt_.mode == "idle";
    bool complete = connect_all(!idle);
    if (!complete) exit_code_ = 1;
    if (idle) {
      run_idle();
    } else {
      run_broadcast();
    }
    Counters c = counters();
    out_.integer("connected", static_cast<int64_t>(c.connected))
        .integer("connect_failed", static_cast<int64_t>(c.connect_failed))
        .boolean("connect_complete", complete)
        .num("connect_s", connect_s_)
        .num("connect_rate_per_s",
             connect_s_ > 0 ? static_cast<double>(c.connected) / connect_s_ : 0)
        .num("handshake_p50_ms", ms(handshake_.percentile(0.50)))
        .num("handshake_p99_ms", ms(handshake_.percentile(0.99)))
        .integer("joined", static_cast<int64_t>(c.joined))
        .integer("disconnects", static_cast<int64_t>(c.disconnects))
        .integer("pings_answered", static_cast<int64_t>(c.pings))
        .integer("unexpected_packets", static_cast<int64_t>(c.unexpected))
        .integer("stray_deliveries", static_cast<int64_t>(c.stray));
    out_.end_object();
    std::printf("%s\n", out_.text().c_str());
    std::fflush(stdout);

    for (auto& w : workers_) asio::post(w->ioc_, [wp = w.get()] { wp->shutdown(); });
    auto stop_at = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    for (auto& w : workers_) {
      while (!w->ioc_.stopped() && std::chrono::steady_clock::now() < stop_at)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      w->ioc_.stop();
      w->join_thread();
    }
    return exit_code_;
  }

 private:
  Counters counters() {
    Counters c;
    for (auto& w : workers_) c.merge(w->call([wp = w.get()] { return wp->ctr_; }));
    return c;
  }

  void info(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    if (opt_.quiet) return;
    va_list ap;
    va_start(ap, fmt);
    std::vfprintf(stderr, fmt, ap);
    va_end(ap);
  }

  bool connect_all(bool join) {
    const int64_t t0 = now_ns();
    int per = std::max(1, opt_.connect_concurrency / opt_.threads);
    for (auto& w : workers_)
      asio::post(w->ioc_, [wp = w.get(), per, join] { wp->begin_connect(per, join); });
    const uint64_t n = static_cast<uint64_t>(opt_.clients);
    const int64_t deadline = t0 + static_cast<int64_t>(opt_.connect_timeout * 1e9);
    int64_t last_report = t0;
    bool complete = false;
    while (true) {
      Counters c = counters();
      bool handshakes_done = c.connected + c.connect_failed >= n;
      bool joins_done = !join || c.joined + c.join_failed + c.disconnects >= c.connected;
      int64_t now = now_ns();
      if (handshakes_done && joins_done) {
        complete = c.connected == n && (!join || c.joined == n);
        connect_s_ = static_cast<double>(now - t0) / 1e9;
        info("connected %llu/%llu (failed %llu)%s in %.2f s\n", (unsigned long long)c.connected,
             (unsigned long long)n, (unsigned long long)c.connect_failed,
             join ? (", joined " + std::to_string(c.joined)).c_str() : "", connect_s_);
        break;
      }
      if (now > deadline) {
        connect_s_ = static_cast<double>(now - t0) / 1e9;
        info("connect timeout: connected %llu/%llu, joined %llu\n", (unsigned long long)c.connected,
             (unsigned long long)n, (unsigned long long)c.joined);
        exit_code_ = 1;
        break;
      }
      if (now - last_report > 2'000'000'000LL) {
        info("  ... connected %llu/%llu\n", (unsigned long long)c.connected, (unsigned long long)n);
        last_report = now;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(join ? 20 : 50));
    }
    for (auto& w : workers_) handshake_.merge(w->call([wp = w.get()] { return wp->handshake_; }));
    if (join) {
      // Room sizes = sockets that actually joined.
      for (auto& w : workers_) {
        auto sizes = w->call([wp = w.get(), rooms = opt_.rooms] {
          std::vector<uint32_t> s(static_cast<size_t>(rooms), 0);
          for (auto& c : wp->conns_)
            if (c->ready() && c->joined()) ++s[c->room()];
          return s;
        });
        for (size_t r = 0; r < sizes.size(); ++r) room_members_[r] += sizes[r];
      }
    }
    return complete;
  }

  void run_idle() {
    ProcSample connected = sample_proc(opt_.server_pid);
    info("holding %d connections for %.1f s\n", opt_.clients, opt_.duration);
    std::this_thread::sleep_for(std::chrono::duration<double>(opt_.duration));
    ProcSample end = sample_proc(opt_.server_pid);
    Counters c = counters();
    out_.begin_object()
        .str("tool", "sio-loadgen")
        .str("mode", "idle")
        .integer("clients", opt_.clients);
    out_.num("hold_s", opt_.duration).integer("threads", opt_.threads);
    if (base_.ok && end.ok) {
      double per_conn = c.connected ? static_cast<double>(end.rss_kb - base_.rss_kb) * 1024.0 /
                                          static_cast<double>(c.connected)
                                    : 0;
      out_.integer("server_rss_base_kb", base_.rss_kb)
          .integer("server_rss_connected_kb", connected.rss_kb)
          .integer("server_rss_end_kb", end.rss_kb)
          .num("server_rss_per_conn_bytes", per_conn, 0)
          .integer("server_cpu_hold_us", end.cpu_us - connected.cpu_us);
      info("server RSS: base %lld kB, all connected %lld kB, end of hold %lld kB -> %.0f B/conn\n",
           (long long)base_.rss_kb, (long long)connected.rss_kb, (long long)end.rss_kb, per_conn);
    }
  }

  struct StepResult {
    int index;
    double rate;
    double duration;
    StepStats stats;
    bool drained = false;
    double drain_s = 0;
    double window_s = 0;         // step start to end of drain: the CPU sampling window
    int64_t server_cpu_us = -1;  // -1: no --server-pid
    int64_t loadgen_cpu_us = 0;
    int64_t machine_busy_us = -1;
    bool pass = false;
    bool loadgen_saturated = false;  // the generator's threads were >= 90% busy
    bool loadgen_late = false;       // the generator ran late on its send schedule
    bool cpu_saturated = false;      // all cores >= 90% busy (server + generator + others)

    double cores(int64_t us) const {
      return window_s > 0 ? static_cast<double>(us) / 1e6 / window_s : 0;
    }
  };

  StepResult run_step(int index, double rate, double duration) {
    std::vector<uint32_t> sizes = room_members_;
    ProcSample s0 = sample_proc(opt_.server_pid);
    int64_t lg0 = self_cpu_us();
    int64_t m0 = machine_busy_us();
    const int64_t start = now_ns() + 20'000'000;  // 20 ms ahead so all workers start together
    const int64_t end = start + static_cast<int64_t>(duration * 1e9);
    const double per_worker = rate / opt_.threads;
    for (auto& w : workers_)
      asio::post(w->ioc_, [wp = w.get(), index, start, end, per_worker, sizes] {
        wp->start_step(index, StepWindow{start, end}, per_worker, sizes);
      });
    std::this_thread::sleep_until(to_tp(end));
    // Drain: until everything expected arrived, progress stalls for 1 s, or --drain elapses.
    const int64_t drain_deadline = end + static_cast<int64_t>(opt_.drain * 1e9);
    uint64_t last_received = 0;
    int64_t last_progress = now_ns();
    bool drained = false;
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      uint64_t sent_all = 0, sent = 0, exp = 0, rec = 0;
      for (auto& w : workers_) {
        auto v = w->call([wp = w.get(), index] {
          const StepStats& st = *wp->stats_[static_cast<size_t>(index)];
          return std::array<uint64_t, 4>{wp->step_sent_ >= wp->step_total_ ? 1u : 0u, st.sent,
                                         st.expected, st.received};
        });
        sent_all += v[0];
        sent += v[1];
        exp += v[2];
        rec += v[3];
      }
      int64_t now = now_ns();
      if (sent_all == workers_.size() && rec >= exp) {
        drained = true;
        break;
      }
      if (rec != last_received) {
        last_received = rec;
        last_progress = now;
      }
      if (now > drain_deadline || now - last_progress > 1'000'000'000LL) break;
    }
    int64_t t_done = now_ns();
    ProcSample s1 = sample_proc(opt_.server_pid);
    int64_t lg1 = self_cpu_us();
    int64_t m1 = machine_busy_us();
    StepResult r{index, rate, duration, StepStats{}};
    r.drained = drained;
    r.drain_s = static_cast<double>(t_done - end) / 1e9;
    r.window_s = static_cast<double>(t_done - start) / 1e9;
    if (s0.ok && s1.ok) r.server_cpu_us = s1.cpu_us - s0.cpu_us;
    r.loadgen_cpu_us = lg1 - lg0;
    if (m0 >= 0 && m1 >= 0) r.machine_busy_us = m1 - m0;
    for (auto& w : workers_) {
      StepStats part =
          w->call([wp = w.get(), index] { return *wp->stats_[static_cast<size_t>(index)]; });
      r.stats.merge(part);
    }
    double lost =
        static_cast<double>(r.stats.expected - std::min(r.stats.expected, r.stats.received));
    double loss = r.stats.expected ? lost / static_cast<double>(r.stats.expected) : 0;
    double p99 = ms(r.stats.latency.percentile(0.99));
    r.loadgen_saturated = r.cores(r.loadgen_cpu_us) >= 0.9 * opt_.threads;
    r.loadgen_late = ms(r.stats.send_lag.percentile(0.99)) > opt_.p99_limit_ms / 2;
    r.cpu_saturated = r.machine_busy_us >= 0 &&
                      r.cores(r.machine_busy_us) >= 0.9 * std::thread::hardware_concurrency();
    r.pass = r.stats.sent > 0 && loss <= opt_.loss_limit && p99 <= opt_.p99_limit_ms;
    return r;
  }

  static const char* limit_reason(const StepResult& r) {
    if (r.loadgen_saturated) return "loadgen_saturated";
    if (r.cpu_saturated) return "cpu_saturated";
    if (r.loadgen_late) return "loadgen_late";
    return "server";
  }

  void print_step(const StepResult& r, const char* tag) {
    const StepStats& s = r.stats;
    uint64_t lost = s.expected - std::min(s.expected, s.received);
    char cpu[64] = "n/a";
    if (r.server_cpu_us >= 0) {
      std::snprintf(
          cpu, sizeof cpu, "%.2f s (%.2f us/deliv)", static_cast<double>(r.server_cpu_us) / 1e6,
          s.received ? static_cast<double>(r.server_cpu_us) / static_cast<double>(s.received)
                     : 0.0);
    }
    info(
        "%-7s rate %8.1f msg/s: sent %llu, deliveries %llu/%llu (lost %llu), %.0f deliv/s, "
        "p50 %.2f p95 %.2f p99 %.2f max %.2f ms, server CPU %s, loadgen CPU %.2f s, machine "
        "%.2f cores busy%s -> %s\n",
        tag, r.rate, (unsigned long long)s.sent, (unsigned long long)s.received,
        (unsigned long long)s.expected, (unsigned long long)lost,
        static_cast<double>(s.received) / r.duration, ms(s.latency.percentile(0.5)),
        ms(s.latency.percentile(0.95)), ms(s.latency.percentile(0.99)), ms(s.latency.max()), cpu,
        static_cast<double>(r.loadgen_cpu_us) / 1e6, r.cores(r.machine_busy_us),
        r.pass ? "" : (std::string(" (") + limit_reason(r) + ")").c_str(),
        r.pass ? "pass" : "FAIL");
  }

  void step_json(std::string_view key, const StepResult& r) {
    const StepStats& s = r.stats;
    uint64_t lost = s.expected - std::min(s.expected, s.received);
    out_.begin_object(key)
        .integer("step", r.index)
        .num("rate", r.rate, 1)
        .num("duration_s", r.duration)
        .integer("sent", static_cast<int64_t>(s.sent))
        .integer("expected", static_cast<int64_t>(s.expected))
        .integer("received", static_cast<int64_t>(s.received))
        .integer("lost", static_cast<int64_t>(lost))
        .num("loss_frac",
             s.expected ? static_cast<double>(lost) / static_cast<double>(s.expected) : 0, 6)
        .num("deliveries_per_s", static_cast<double>(s.received) / r.duration, 1)
        .num("p50_ms", ms(s.latency.percentile(0.50)))
        .num("p95_ms", ms(s.latency.percentile(0.95)))
        .num("p99_ms", ms(s.latency.percentile(0.99)))
        .num("max_ms", ms(s.latency.max()))
        .num("mean_ms", s.latency.mean() / 1e6)
        .num("send_lag_p99_ms", ms(s.send_lag.percentile(0.99)))
        .num("send_lag_max_ms", ms(s.send_lag.max()))
        .boolean("drained", r.drained)
        .num("drain_s", r.drain_s);
    if (r.server_cpu_us >= 0) {
      out_.integer("server_cpu_us", r.server_cpu_us)
          .num("server_cpu_us_per_delivery",
               s.received ? static_cast<double>(r.server_cpu_us) / static_cast<double>(s.received)
                          : 0,
               4);
    } else {
      out_.null("server_cpu_us").null("server_cpu_us_per_delivery");
    }
    out_.integer("loadgen_cpu_us", r.loadgen_cpu_us)
        .num("window_s", r.window_s)
        .num("server_cores", r.server_cpu_us >= 0 ? r.cores(r.server_cpu_us) : NAN)
        .num("loadgen_cores", r.cores(r.loadgen_cpu_us))
        .num("machine_busy_cores", r.machine_busy_us >= 0 ? r.cores(r.machine_busy_us) : NAN)
        .num("other_cores",
             r.machine_busy_us >= 0 && r.server_cpu_us >= 0
                 ? std::max(0.0, r.cores(r.machine_busy_us - r.server_cpu_us - r.loadgen_cpu_us))
                 : NAN)
        .boolean("loadgen_saturated", r.loadgen_saturated)
        .boolean("loadgen_late", r.loadgen_late)
        .boolean("cpu_saturated", r.cpu_saturated)
        .boolean("pass", r.pass)
        .end_object();
  }

  void run_broadcast() {
    int index = 0;
    if (opt_.warmup > 0) {
      StepResult w = run_step(index++, opt_.rate, opt_.warmup);
      print_step(w, "warmup");
    }
    std::vector<StepResult> steps;
    std::optional<StepResult> best, first_fail;
    if (!opt_.ramp) {
      steps.push_back(run_step(index++, opt_.rate, opt_.duration));
      print_step(steps.back(), "measure");
      best = steps.back();
    } else {
      double rate = opt_.rate;
      int retries_left = opt_.ramp_retries;
      for (int i = 0; i < opt_.ramp_max_steps && rate <= opt_.max_rate; ++i) {
        steps.push_back(run_step(index++, rate, opt_.duration));
        const StepResult& r = steps.back();
        print_step(r, "ramp");
        if (r.pass) {
          best = r;
          rate *= opt_.ramp_factor;
        } else if (retries_left > 0 && r.drained) {
          // One bad step can be a hiccup (GC pause, another process): try the rate again.
          --retries_left;
          std::this_thread::sleep_for(std::chrono::seconds(1));
        } else {
          first_fail = r;
          break;
        }
      }
      // Refine between the last pass and the first failure (geometric bisection), after letting
      // any backlog drain.
      if (best && first_fail && first_fail->drained) {
        double lo = best->rate, hi = first_fail->rate;
        for (int i = 0; i < opt_.ramp_refine; ++i) {
          std::this_thread::sleep_for(std::chrono::seconds(1));
          double mid = std::sqrt(lo * hi);
          steps.push_back(run_step(index++, mid, opt_.duration));
          const StepResult& r = steps.back();
          print_step(r, "refine");
          if (r.pass) {
            best = r;
            lo = mid;
          } else {
            hi = mid;
            if (!r.drained) break;
          }
        }
      }
    }
    out_.begin_object().str("tool", "sio-loadgen").str("mode", "broadcast");
    out_.integer("clients", opt_.clients)
        .integer("rooms", opt_.rooms)
        .integer("payload", opt_.payload)
        .integer("threads", opt_.threads)
        .boolean("ramp", opt_.ramp)
        .num("p99_limit_ms", opt_.p99_limit_ms)
        .num("loss_limit", opt_.loss_limit, 6);
    if (best) {
      step_json("result", *best);
    } else {
      out_.null("result");
    }
    if (opt_.ramp) {
      // Why the ramp stopped: the first failing step was limited by the server, the generator's
      // own thread, the machine's cores as a whole, or the generator's schedule; or no step failed.
      if (first_fail) {
        out_.str("ramp_stop", limit_reason(*first_fail));
        step_json("first_fail", *first_fail);
      } else {
        out_.str("ramp_stop", "no_failure").null("first_fail");
      }
    }
    out_.begin_array("steps");
    for (const auto& s : steps) step_json({}, s);
    out_.end_array();
    if (!best) exit_code_ = 1;
  }

  Config& cfg_;
  const Options& opt_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<uint32_t> room_members_;
  LogHistogram handshake_;
  ProcSample base_;
  double connect_s_ = 0;
  JsonOut out_;
  int exit_code_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  cfg.opt = parse_options(argc, argv);
  const Options& o = cfg.opt;

  std::string host = o.host == "localhost" ? "127.0.0.1" : o.host;
  beast::error_code ec;
  auto addr = asio::ip::make_address(host, ec);
  if (ec || !addr.is_loopback()) {
    std::fprintf(stderr, "sio-loadgen: --host must be a loopback address (127.0.0.0/8 or ::1)\n");
    return 2;
  }
  cfg.endpoint = tcp::endpoint(addr, static_cast<unsigned short>(o.port));
  cfg.host_header = (addr.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(o.port);
  cfg.payload.assign(static_cast<size_t>(o.payload), 'x');
  for (int r = 0; r < o.rooms; ++r) {
    std::string room = "r" + std::to_string(r);
    cfg.bcast_prefix.push_back("42[\"broadcast\",{\"room\":\"" + room + "\",\"t\":");
    cfg.join_msg.push_back("420[\"join\",{\"room\":\"" + room + "\"}]");
  }
  cfg.bcast_suffix = ",\"payload\":\"" + cfg.payload + "\"}]";

  raise_fd_limit();
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < static_cast<rlim_t>(o.clients) + 64) {
    std::fprintf(stderr, "sio-loadgen: open-file limit %llu too low for %d clients (ulimit -n)\n",
                 (unsigned long long)rl.rlim_cur, o.clients);
    return 2;
  }

  bench::exit_after(o.max_runtime, "sio-loadgen");  // hard stop, whatever happens

  if (!o.quiet) {
    std::fprintf(stderr, "sio-loadgen: %s mode, %d clients -> ws://%s/socket.io/", o.mode.c_str(),
                 o.clients, cfg.host_header.c_str());
    if (o.mode == "broadcast")
      std::fprintf(stderr, ", %d rooms, %s %.1f msg/s, %d B payload, %.1f s%s", o.rooms,
                   o.ramp ? "ramp from" : "rate", o.rate, o.payload, o.duration,
                   o.ramp ? " per step" : "");
    std::fprintf(stderr, ", %d thread(s)\n", o.threads);
  }
  Runner runner(cfg);
  return runner.run();
}
