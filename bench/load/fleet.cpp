// Fleet (see fleet.h). Answers are parsed with Boost.JSON where they are small and rare
// (sign-up, room creation) and by a field search where the generator must stay cheap.
#include "fleet.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>

#include "proc_stats.h"

namespace carrel_load {

namespace json = boost::json;

struct SignUpState {
  int total = 0;
  int next = 0;
  int done = 0;
  int failed = 0;
  std::string tag;
  Fleet::Done finished;
};

std::string json_string_field(std::string_view text, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  size_t p = text.find(needle);
  if (p == std::string_view::npos) return {};
  p += needle.size();
  size_t e = text.find('"', p);
  return e == std::string_view::npos ? std::string() : std::string(text.substr(p, e - p));
}

Fleet::Fleet(boost::asio::io_context& ioc, const ServerAddress& server, HttpPool& http)
    : ioc_(ioc), server_(server), http_(http) {}

void Fleet::sign_up(int n, const std::string& tag, int concurrency, Done done) {
  users_.resize(static_cast<size_t>(n));
  auto st = std::make_shared<SignUpState>();
  st->total = n;
  st->tag = tag;
  st->finished = std::move(done);
  for (int i = 0; i < std::min(n, concurrency); ++i) sign_up_next(st);
}

void Fleet::sign_up_next(std::shared_ptr<SignUpState> st) {
  if (st->next >= st->total) return;
  User& u = users_[static_cast<size_t>(st->next)];
  u.index = st->next++;
  u.name = "Load " + std::to_string(u.index);
  u.email = st->tag + "-" + std::to_string(u.index) + "@load.test";
  json::object body{{"name", u.name}, {"email", u.email}, {"password", "load-password-1"}};
  http_.post("/api/auth/signup", json::serialize(body), "", [this, st, &u](HttpResult& r) {
    if (r.status == 201) {
      u.token = json_string_field(r.body, "token");
      auto user = json::parse(r.body).as_object().at("user").as_object();
      u.id = std::string(user.at("id").as_string());
    } else if (++st->failed <= 5) {
      std::fprintf(stderr, "carrel-load: signup %s: HTTP %d %s\n", u.email.c_str(), r.status,
                   r.body.substr(0, 200).c_str());
    }
    if (++st->done == st->total) return st->finished(st->failed == 0);
    sign_up_next(st);
  });
}

bool Fleet::save_users(const std::string& path) const {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  for (const auto& u : users_) std::fprintf(f, "%s %s\n", u.id.c_str(), u.token.c_str());
  return std::fclose(f) == 0;
}

bool Fleet::load_users(const std::string& path, int n) {
  std::ifstream in(path);
  std::vector<User> users;
  std::string id, token;
  while (int(users.size()) < n && in >> id >> token) {
    User u;
    u.index = int(users.size());
    u.name = "Load " + std::to_string(u.index);
    u.id = id;
    u.token = token;
    users.push_back(std::move(u));
  }
  if (int(users.size()) < n) return false;
  users_ = std::move(users);
  return true;
}

void Fleet::create_rooms(int n, int capacity, const std::string& tag, Done done) {
  auto left = std::make_shared<int>(n);
  auto failed = std::make_shared<int>(0);
  room_ids_.assign(static_cast<size_t>(n), "");
  for (int i = 0; i < n; ++i) {
    json::object body{
        {"name", tag + " room " + std::to_string(i)}, {"capacity", capacity}, {"is_public", false}};
    http_.post("/api/rooms", json::serialize(body), users_.at(0).token,
               [this, i, left, failed, done](HttpResult& r) {
                 if (r.status == 201) {
                   auto v = json::parse(r.body).as_object();
                   auto* room = v.if_contains("room");
                   const auto& obj = room ? room->as_object() : v;
                   room_ids_[static_cast<size_t>(i)] = std::string(obj.at("id").as_string());
                 } else {
                   ++*failed;
                   std::fprintf(stderr, "carrel-load: create room: HTTP %d %s\n", r.status,
                                r.body.substr(0, 200).c_str());
                 }
                 if (--*left == 0) done(*failed == 0);
               });
  }
}

void Fleet::open_socket(User& u, Done done) {
  if (u.socket) return done(true);
  u.socket = std::make_shared<RoomSocket>(ioc_, server_, "/room/" + room_ids_[size_t(u.room)]);
  u.socket->on_event([this, &u](std::string_view array) {
    if (on_event_) on_event_(u, array);
  });
  u.socket->on_close([&u] {
    u.joined = false;
    u.socket.reset();
  });
  u.socket->open(std::move(done));
}

void Fleet::join(User& u, std::function<void(const JoinTiming&)> done) {
  auto t = std::make_shared<JoinTiming>();
  const int64_t start = bench::now_ns();
  std::string target = "/api/rooms/" + room_ids_[size_t(u.room)] + "/join";
  http_.post(target, "{}", u.token, [this, &u, t, start, done](HttpResult& r) {
    t->rest_ns = r.latency_ns;
    if (r.status != 200) {
      t->failed_step = "rest-join";
      if (r.status != 0)
        std::fprintf(stderr, "carrel-load: join: HTTP %d %s\n", r.status,
                     r.body.substr(0, 200).c_str());
      return done(*t);
    }
    join_namespace(u, t, start, done);
  });
}

void Fleet::join_namespace(User& u, std::shared_ptr<JoinTiming> t, int64_t start,
                           std::function<void(const JoinTiming&)> done) {
  const int64_t ns_start = bench::now_ns();
  auto sock = u.socket;
  if (!sock) {
    t->failed_step = "socket-closed";
    return done(*t);
  }
  sock->connect("{\"token\":\"" + u.token + "\"}", [&u, sock, t, start, ns_start, done](bool ok) {
    if (!ok) {
      t->failed_step = "namespace-connect";
      return done(*t);
    }
    std::string args = "\"join-room\",{\"user_name\":\"" + u.name + "\"}";
    sock->emit(args, [&u, t, start, ns_start, done](std::string_view ack) {
      int64_t now = bench::now_ns();
      t->ok = ack.find("\"ok\":true") != std::string_view::npos;
      if (!t->ok) t->failed_step = "join-room";
      t->namespace_ns = now - ns_start;
      t->total_ns = now - start;
      u.joined = t->ok;
      done(*t);
    });
  });
}

void Fleet::send_message(User& u, const std::string& content, const std::string& tag, Done done) {
  if (!u.socket) return done(false);
  std::string args =
      "\"send-message\",{\"content\":\"" + content + "\",\"client_message_id\":\"" + tag + "\"}";
  u.socket->emit(args, [done](std::string_view ack) {
    done(ack.find("\"ok\":true") != std::string_view::npos);
  });
}

void Fleet::leave(User& u, Done done) {
  u.joined = false;
  auto sock = u.socket;
  if (!sock) return done(false);
  sock->emit("\"leave-room\"", [&u, sock, done](std::string_view ack) {
    bool ok = ack.find("\"ok\":true") != std::string_view::npos;
    sock->disconnect();
    if (u.socket == sock) u.socket.reset();
    done(ok);
  });
}

void Fleet::close_all() {
  for (auto& u : users_) {
    if (u.socket) u.socket->close();
    u.socket.reset();
    u.joined = false;
  }
}

}  // namespace carrel_load
