// run_chat (see chat_run.h). The main thread sequences the phases through the Driver; the
// io thread does all the socket work.
#include "chat_run.h"

#include <unistd.h>

#include <cmath>
#include <random>
#include <thread>
#include <tuple>

#include "driver.h"
#include "fleet.h"
#include "ledger.h"
#include "pacer.h"
#include "report.h"
#include "setup.h"

namespace carrel_load {

namespace {

class ChatRun {
 public:
  ChatRun(const Options& o, const ServerAddress& server)
      : o_(o),
        http_(drv_.ioc(), server.endpoint, server.host_header, o.http_connections),
        fleet_(drv_.ioc(), server, http_),
        rng_(o.seed) {}

  int run() {
    bench::ProcSample start = bench::sample_proc(o_.server_pid);
    rooms_ = rooms_needed(o_.users, o_.rooms, o_.capacity);
    if (rooms_ != o_.rooms)
      progress("%d users need %d rooms of capacity %d (asked for %d)", o_.users, rooms_,
               o_.capacity, o_.rooms);
    if (!prepare_fleet(drv_, fleet_, o_, o_.users, rooms_)) return fail("setup failed");
    bench::ProcSample signed_up = bench::sample_proc(o_.server_pid);
    fleet_.on_event([this](User&, std::string_view a) { ledger_.on_event(a, true); });
    if (!open_sockets(drv_, fleet_, 1, o_.users + 1, o_.connect_concurrency))
      return fail("sockets failed");
    join_window_.start();
    bool joined = join_all();
    join_window_.stop();
    progress("joined %d/%d (REST join p95 %.1f ms, total p95 %.1f ms)", joined_, o_.users,
             bench::ms(join_rest_.percentile(0.95)), bench::ms(join_total_.percentile(0.95)));
    if (o_.warmup > 0) chat(o_.warmup, false);
    chat_window_.start();
    chat(o_.duration, true);
    bool drained = drain();
    chat_window_.stop();
    report(start, signed_up, joined, drained);
    drv_.call([this] { fleet_.close_all(); });
    return joined && drained && ledger_.lost() == 0 && ledger_.duplicates() == 0 ? 0 : 1;
  }

 private:
  int fail(const char* what) {
    progress("%s", what);
    std::printf("{\"tool\":\"carrel-load\",\"mode\":\"chat\",\"error\":\"%s\"}\n", what);
    return 1;
  }

  bool join_all() {
    members_.assign(fleet_.room_ids().size(), 0);
    return drv_.await([this](std::function<void(bool)> done) {
      auto finished = std::make_shared<int>(0);
      auto on_joined = [this, finished, done](User& u, const JoinTiming& t) {
        if (t.ok) {
          ++joined_;
          ++members_[size_t(u.room)];
          join_total_.record(t.total_ns);
          join_rest_.record(t.rest_ns);
          join_ns_.record(t.namespace_ns);
        } else if (++join_failed_ <= 5) {
          progress("join of user %d failed at %s", u.index, t.failed_step);
        }
        if (++*finished == o_.users) done(joined_ == o_.users);
      };
      Pacer::run(
          drv_.ioc(), o_.join_rate, uint64_t(o_.users), INT64_MAX,
          [this, on_joined](uint64_t i) {
            User& u = fleet_.users()[i + 1];
            fleet_.join(u, [&u, on_joined](const JoinTiming& t) { on_joined(u, t); });
          },
          [] {});
    });
  }

  void chat(double seconds, bool measured) {
    progress("%s: %.0f messages/s for %.0f s", measured ? "measure" : "warm-up", o_.rate, seconds);
    int64_t end = bench::now_ns() + int64_t(seconds * 1e9);
    drv_.await([this, end, measured](std::function<void(bool)> done) {
      auto tick = [this, measured](uint64_t) { send_one(measured); };
      Pacer::run(
          drv_.ioc(), o_.rate, UINT64_MAX, end, tick, [done] { done(true); },
          measured ? &send_lag_ : nullptr);
    });
  }

  void send_one(bool measured) {
    auto& users = fleet_.users();
    User& u = users[1 + std::uniform_int_distribution<size_t>(0, users.size() - 2)(rng_)];
    if (!u.joined) return;
    uint64_t seq = ledger_.next_seq();
    std::string content = ledger_.add(members_[size_t(u.room)], measured, o_.payload);
    ++acks_pending_;
    int64_t t0 = bench::now_ns();
    fleet_.send_message(u, content, std::to_string(seq), [this, seq, t0, measured](bool ok) {
      --acks_pending_;
      if (measured) ack_.record(bench::now_ns() - t0);
      if (!ok && ++ack_failed_ <= 5) progress("send-message %llu refused", (unsigned long long)seq);
      if (!ok) ledger_.failed(seq);
    });
  }

  // Until every expected delivery and ack arrived, progress stalls 1 s, or --drain elapses.
  bool drain() {
    int64_t deadline = bench::now_ns() + int64_t(o_.drain * 1e9);
    uint64_t last = 0;
    int64_t last_progress = bench::now_ns();
    while (true) {
      auto [rec, exp, acks] = drv_.call([this] {
        return std::tuple<uint64_t, uint64_t, int>{ledger_.received(), ledger_.expected(),
                                                   acks_pending_};
      });
      int64_t now = bench::now_ns();
      if (rec >= exp && acks == 0) return true;
      if (rec != last) last = rec, last_progress = now;
      if (now > deadline || now - last_progress > 1'000'000'000) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void report(const bench::ProcSample& start, const bench::ProcSample& signed_up, bool joined,
              bool drained) {
    drv_.call([&] {
      bench::JsonOut out;
      out.begin_object().str("tool", "carrel-load").str("mode", "chat");
      out.integer("users", o_.users)
          .integer("rooms", int64_t(fleet_.room_ids().size()))
          .integer("rooms_asked", o_.rooms)
          .integer("capacity", o_.capacity)
          .num("join_rate", o_.join_rate, 1)
          .num("rate", o_.rate, 1)
          .num("duration_s", o_.duration, 1)
          .integer("payload", o_.payload);
      out.integer("joined", joined_)
          .integer("join_failed", join_failed_)
          .boolean("all_joined", joined);
      histogram_json(out, "join", join_total_);
      histogram_json(out, "join_rest", join_rest_);
      histogram_json(out, "join_namespace", join_ns_);
      cpu_json(out, "join_cpu", join_window_);
      histogram_json(out, "broadcast", ledger_.latency());
      histogram_json(out, "send_ack", ack_);
      histogram_json(out, "send_lag", send_lag_);
      out.integer("messages_sent", int64_t(ledger_.sent()))
          .integer("deliveries_expected", int64_t(ledger_.expected()))
          .integer("deliveries_received", int64_t(ledger_.received()))
          .integer("deliveries_lost", int64_t(ledger_.lost()))
          .integer("deliveries_duplicated", int64_t(ledger_.duplicates()))
          .integer("unparsed_events", int64_t(ledger_.unparsed()))
          .integer("send_refused", ack_failed_)
          .boolean("drained", drained)
          .num("deliveries_per_s", double(ledger_.received()) / chat_window_.seconds(), 1);
      cpu_json(out, "chat_cpu", chat_window_);
      out.integer("server_rss_start_kb", start.rss_kb)
          .integer("server_rss_signed_up_kb", signed_up.rss_kb)
          .integer("server_rss_end_kb", chat_window_.server_end().rss_kb)
          .integer("server_fds", bench::count_fds(o_.server_pid))
          .end_object();
      std::printf("%s\n", out.text().c_str());
      std::fflush(stdout);
      write_histogram(o_.hist_prefix, "join", join_total_);
      write_histogram(o_.hist_prefix, "broadcast", ledger_.latency());
    });
  }

  const Options& o_;
  Driver drv_;
  HttpPool http_;
  Fleet fleet_;
  Ledger ledger_;
  int rooms_ = 0;
  std::mt19937_64 rng_;
  std::vector<uint32_t> members_;
  int joined_ = 0, join_failed_ = 0, acks_pending_ = 0, ack_failed_ = 0;
  bench::LogHistogram join_total_, join_rest_, join_ns_, ack_, send_lag_;
  bench::CpuWindow join_window_{o_.server_pid}, chat_window_{o_.server_pid};
};

}  // namespace

int run_chat(const Options& options, const ServerAddress& server) {
  ChatRun run(options, server);
  return run.run();
}

}  // namespace carrel_load
