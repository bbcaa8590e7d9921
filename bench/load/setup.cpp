// setup.h: each step is one Driver::await around the Fleet's asynchronous calls.
#include "setup.h"

#include <unistd.h>

#include <algorithm>

#include "proc_stats.h"
#include "report.h"

namespace carrel_load {

int rooms_needed(int participants, int asked, int capacity) {
  return std::max(asked, (participants + capacity - 1) / capacity);
}

bool prepare_fleet(Driver& drv, Fleet& fleet, const Options& o, int participants, int rooms) {
  std::string tag =
      "lt" + std::to_string(getpid()) + "-" + std::to_string(bench::now_ns() % 1000000007);
  bool ok = !o.users_file.empty() && fleet.load_users(o.users_file, participants + 1);
  if (ok) {
    progress("%d users read from %s", participants + 1, o.users_file.c_str());
  } else {
    int64_t t0 = bench::now_ns();
    ok = drv.await([&](std::function<void(bool)> done) {
      fleet.sign_up(participants + 1, tag, o.http_connections, done);
    });
    progress("signed up %d users in %.1f s", participants + 1, double(bench::now_ns() - t0) / 1e9);
    if (!ok) return false;
    if (!o.users_file.empty() && !fleet.save_users(o.users_file)) return false;
  }
  if (rooms == 0) return true;
  ok = drv.await(
      [&](std::function<void(bool)> done) { fleet.create_rooms(rooms, o.capacity, tag, done); });
  if (!ok) return false;
  drv.call([&] {
    auto& users = fleet.users();
    for (size_t i = 1; i < users.size(); ++i) users[i].room = int((i - 1) % size_t(rooms));
  });
  progress("created %d rooms of capacity %d", rooms, o.capacity);
  return true;
}

bool open_sockets(Driver& drv, Fleet& fleet, int first, int last, int concurrency) {
  return drv.await([&, first, last, concurrency](std::function<void(bool)> done) {
    struct State {
      int next, last, pending = 0, failed = 0;
      std::function<void(bool)> done;
      std::function<void()> start;
    };
    auto st = std::make_shared<State>(State{first, last, 0, 0, done, nullptr});
    st->start = [&fleet, st] {
      if (st->next >= st->last) return;
      ++st->pending;
      User& u = fleet.users()[size_t(st->next++)];
      fleet.open_socket(u, [st](bool ok) {
        --st->pending;
        if (!ok) ++st->failed;
        if (st->next < st->last) return st->start();
        if (st->pending > 0) return;
        auto done = std::move(st->done);
        st->start = nullptr;  // breaks the cycle st -> start -> st
        done(st->failed == 0);
      });
    };
    if (first >= last) return done(true);
    for (int i = 0; i < concurrency && st->next < st->last; ++i) st->start();
  });
}

}  // namespace carrel_load
