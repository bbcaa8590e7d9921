// run_soak (see soak_run.h). Cycles and messages are paced by two Pacers on the io thread;
// a cycle whose turn comes while every cycler is busy waits for the next free one.
#include "soak_run.h"

#include <atomic>
#include <cmath>
#include <deque>
#include <random>
#include <thread>

#include "driver.h"
#include "fleet.h"
#include "ledger.h"
#include "pacer.h"
#include "report.h"
#include "setup.h"

namespace carrel_load {

namespace {

struct Snapshot {
  int fds = -1;
  int64_t rss_kb = 0;
};

class SoakRun {
 public:
  SoakRun(const Options& o, const ServerAddress& server)
      : o_(o),
        http_(drv_.ioc(), server.endpoint, server.host_header, o.http_connections),
        fleet_(drv_.ioc(), server, http_),
        rng_(o.seed) {}

  int run() {
    rooms_ = o_.rooms;
    participants_ = o_.users + o_.cyclers;
    if ((participants_ + rooms_ - 1) / rooms_ > o_.capacity) {
      progress("too many participants for %d rooms of %d", rooms_, o_.capacity);
      return 2;
    }
    initial_ = snapshot(0);
    if (!prepare_fleet(drv_, fleet_, o_, participants_, rooms_)) return 1;
    fleet_.on_event(
        [this](User& u, std::string_view a) { ledger_.on_event(a, u.index <= o_.users); });
    if (!connect_stable()) return 1;
    for (int i = o_.users + 1; i <= participants_; ++i) idle_.push_back(i);
    long warm_cycles = long(double(o_.cycles) * o_.warm_fraction);
    long warm_messages = long(double(o_.messages) * o_.warm_fraction);
    work("warm-up", warm_cycles, warm_messages);
    drv_.call([this] { fleet_.close_all(); });
    baseline_ = snapshot(o_.settle);
    if (!connect_stable()) return 1;
    window_.start();
    work("soak", o_.cycles - warm_cycles, o_.messages - warm_messages);
    window_.stop();
    drv_.call([this] { fleet_.close_all(); });
    final_ = snapshot(o_.settle);
    return report();
  }

 private:
  // Opens the stable users' sockets and joins them to their rooms.
  bool connect_stable() {
    drv_.call([this] { stable_members_.assign(size_t(rooms_), 0); });
    return open_sockets(drv_, fleet_, 1, o_.users + 1, o_.connect_concurrency) && join_stable();
  }

  bool join_stable() {
    return drv_.await([this](std::function<void(bool)> done) {
      auto left = std::make_shared<int>(o_.users);
      Pacer::run(
          drv_.ioc(), o_.join_rate, uint64_t(o_.users), INT64_MAX,
          [this, left, done](uint64_t i) {
            User& u = fleet_.users()[i + 1];
            fleet_.join(u, [this, &u, left, done](const JoinTiming& t) {
              if (t.ok)
                ++stable_members_[size_t(u.room)];
              else
                ++join_failed_;
              if (--*left == 0) done(join_failed_ == 0);
            });
          },
          [] {});
    });
  }

  // Runs `cycles` cycles and `messages` messages concurrently and waits for both to finish.
  void work(const char* phase, long cycles, long messages) {
    progress("%s: %ld cycles at %.0f/s and %ld messages at %.0f/s", phase, cycles, o_.cycle_rate,
             messages, o_.rate);
    std::thread watch([this, phase] { watch_progress(phase); });
    drv_.await([this, cycles, messages](std::function<void(bool)> done) {
      auto left = std::make_shared<int>(2);
      auto one = [left, done] {
        if (--*left == 0) done(true);
      };
      cycles_target_ = cycles_done_ + cycles;
      cycles_finished_ = [one] { one(); };
      if (cycles == 0) cycles_finished_ = nullptr, one();
      Pacer::run(
          drv_.ioc(), o_.cycle_rate, uint64_t(cycles), INT64_MAX,
          [this](uint64_t) { start_cycle(); }, [] {});
      Pacer::run(
          drv_.ioc(), o_.rate, uint64_t(messages), INT64_MAX, [this](uint64_t) { send_one(); },
          [this, one] { wait_acks(one); });
    });
    phase_done_ = true;
    watch.join();
    phase_done_ = false;
  }

  void start_cycle() {
    if (idle_.empty()) {
      ++deferred_;
      return;
    }
    int index = idle_.front();
    idle_.pop_front();
    User& u = fleet_.users()[size_t(index)];
    fleet_.open_socket(u, [this, &u](bool ok) {
      if (!ok) return end_cycle(u, false);
      fleet_.join(u, [this, &u](const JoinTiming& t) {
        if (!t.ok) return end_cycle(u, false);
        cycle_join_.record(t.total_ns);
        auto timer = std::make_shared<boost::asio::steady_timer>(
            drv_.ioc(), std::chrono::milliseconds(o_.hold_ms));
        timer->async_wait([this, &u, timer](const boost::system::error_code&) {
          fleet_.leave(u, [this, &u](bool ok) { end_cycle(u, ok); });
        });
      });
    });
  }

  void end_cycle(User& u, bool ok) {
    if (!ok) {
      if (++cycle_failed_ <= 5) progress("cycle of user %d failed", u.index);
      if (u.socket) u.socket->close();
      u.socket.reset();
    }
    ++cycles_done_;
    idle_.push_back(u.index);
    if (deferred_ > 0) {
      --deferred_;
      start_cycle();
    }
    if (cycles_done_ == cycles_target_ && cycles_finished_) {
      auto f = std::move(cycles_finished_);
      cycles_finished_ = nullptr;
      f();
    }
  }

  void send_one() {
    auto& users = fleet_.users();
    User& u = users[1 + std::uniform_int_distribution<size_t>(0, size_t(o_.users) - 1)(rng_)];
    if (!u.joined) return;
    uint64_t seq = ledger_.next_seq();
    std::string content = ledger_.add(stable_members_[size_t(u.room)], true, o_.payload);
    ++acks_pending_;
    fleet_.send_message(u, content, std::to_string(seq), [this, seq](bool ok) {
      --acks_pending_;
      if (!ok && ++ack_failed_ <= 5) progress("send-message %llu refused", (unsigned long long)seq);
      if (!ok) ledger_.failed(seq);
    });
  }

  // Calls done once every ack and every expected delivery arrived (or 10 s passed).
  void wait_acks(std::function<void()> done, int tries = 1000) {
    if ((acks_pending_ == 0 && ledger_.received() >= ledger_.expected()) || tries == 0)
      return done();
    auto timer =
        std::make_shared<boost::asio::steady_timer>(drv_.ioc(), std::chrono::milliseconds(10));
    timer->async_wait([this, timer, done, tries](const boost::system::error_code&) {
      wait_acks(done, tries - 1);
    });
  }

  void watch_progress(const char* phase) {
    int64_t next = bench::now_ns() + 10'000'000'000;
    while (!phase_done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (bench::now_ns() < next) continue;
      next += 10'000'000'000;
      auto [cycles, sent] = drv_.call([this] { return std::pair{cycles_done_, ledger_.sent()}; });
      auto s = bench::sample_proc(o_.server_pid);
      progress("%s: %ld cycles, %llu messages, server RSS %lld kB, %d fds", phase, cycles,
               (unsigned long long)sent, (long long)s.rss_kb, bench::count_fds(o_.server_pid));
    }
  }

  Snapshot snapshot(double settle) {
    drv_.call([this] { http_.close_idle(); });
    std::this_thread::sleep_for(std::chrono::duration<double>(settle));
    Snapshot s;
    s.fds = bench::count_fds(o_.server_pid);
    s.rss_kb = bench::sample_proc(o_.server_pid).rss_kb;
    progress("server: %d fds, RSS %lld kB", s.fds, (long long)s.rss_kb);
    return s;
  }

  int report() {
    double rss_change =
        baseline_.rss_kb ? double(final_.rss_kb - baseline_.rss_kb) / double(baseline_.rss_kb) : 0;
    bool rss_ok = rss_change <= o_.rss_tolerance;
    bool fds_ok = final_.fds == baseline_.fds && final_.fds >= 0;
    bool lossless = ledger_.lost() == 0 && ledger_.duplicates() == 0;
    bool complete = cycle_failed_ == 0 && join_failed_ == 0 && ack_failed_ == 0;
    bench::JsonOut out;
    out.begin_object().str("tool", "carrel-load").str("mode", "soak");
    out.integer("stable_users", o_.users).integer("cyclers", o_.cyclers).integer("rooms", rooms_);
    out.integer("cycles", cycles_done_).integer("cycles_failed", cycle_failed_);
    out.integer("messages_sent", int64_t(ledger_.sent()))
        .integer("deliveries_expected", int64_t(ledger_.expected()))
        .integer("deliveries_received", int64_t(ledger_.received()))
        .integer("deliveries_lost", int64_t(ledger_.lost()))
        .integer("deliveries_duplicated", int64_t(ledger_.duplicates()))
        .integer("cycler_deliveries", int64_t(ledger_.uncounted()))
        .integer("send_refused", ack_failed_);
    histogram_json(out, "cycle_join", cycle_join_);
    histogram_json(out, "broadcast", ledger_.latency());
    cpu_json(out, "soak_cpu", window_);
    out.integer("fds_initial", initial_.fds).integer("fds_baseline", baseline_.fds);
    out.integer("fds_final", final_.fds).integer("rss_initial_kb", initial_.rss_kb);
    out.integer("rss_baseline_kb", baseline_.rss_kb).integer("rss_final_kb", final_.rss_kb);
    out.num("rss_change_frac", rss_change, 4).boolean("rss_ok", rss_ok).boolean("fds_ok", fds_ok);
    out.boolean("lossless", lossless).boolean("complete", complete).end_object();
    std::printf("%s\n", out.text().c_str());
    std::fflush(stdout);
    return rss_ok && fds_ok && lossless && complete ? 0 : 1;
  }

  const Options& o_;
  Driver drv_;
  HttpPool http_;
  Fleet fleet_;
  Ledger ledger_;
  std::mt19937_64 rng_;
  int rooms_ = 0, participants_ = 0;
  std::vector<uint32_t> stable_members_;
  std::deque<int> idle_;
  long cycles_done_ = 0, cycles_target_ = 0, deferred_ = 0;
  int cycle_failed_ = 0, join_failed_ = 0, acks_pending_ = 0, ack_failed_ = 0;
  std::function<void()> cycles_finished_;
  std::atomic<bool> phase_done_{false};
  bench::LogHistogram cycle_join_;
  bench::CpuWindow window_{o_.server_pid};
  Snapshot initial_, baseline_, final_;
};

}  // namespace

int run_soak(const Options& options, const ServerAddress& server) {
  SoakRun run(options, server);
  return run.run();
}

}  // namespace carrel_load
