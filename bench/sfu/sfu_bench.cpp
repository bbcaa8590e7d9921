// sfu-bench: packets forwarded per second per core, and CPU per forwarded packet, for the SFU
// at R rooms x P publishers where every participant consumes every other one (default 10 x 10:
// 100 producers, 900 consumers). The SFU (a media::MediaServer on 127.0.0.1) runs alone on one
// thread; synthetic peers (synthetic_peer.h) run on the main thread and publish VP8-shaped
// SRTP at --pps packets per second each. After a warm-up, the SFU thread's CPU time
// (CLOCK_THREAD_CPUTIME_ID) and the forwarded-packet count are sampled over --seconds.
//
//   sfu-bench [--rooms 10] [--publishers 10] [--pps 50] [--size 1000] [--seconds 10]
#include <pthread.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include "media/media_server.h"
#include "synthetic_peer.h"

namespace {

struct Options {
  int rooms = 10;
  int publishers = 10;
  int pps = 50;
  size_t size = 1000;
  int seconds = 10;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--rooms") o.rooms = value;
    if (flag == "--publishers") o.publishers = value;
    if (flag == "--pps") o.pps = value;
    if (flag == "--size") o.size = size_t(value);
    if (flag == "--seconds") o.seconds = value;
  }
  return o;
}

struct NoListener : media::Router::Listener {
  void producer_closed(media::Router&, const std::string&, const std::string&) override {}
};

struct Participant {
  std::unique_ptr<bench::SyntheticPeer> send;
  std::unique_ptr<bench::SyntheticPeer> recv;
  uint32_t ssrc = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
};

boost::json::object producer_parameters(uint32_t ssrc) {
  return {
      {"mid", "0"},
      {"codecs", boost::json::array{boost::json::object{{"mimeType", "video/VP8"},
                                                        {"payloadType", 96},
                                                        {"clockRate", 90000},
                                                        {"rtcpFeedback", boost::json::array{}}}}},
      {"headerExtensions",
       boost::json::array{boost::json::object{{"uri", media::kMidUri}, {"id", 1}}}},
      {"encodings", boost::json::array{boost::json::object{{"ssrc", ssrc}}}},
      {"rtcp", boost::json::object{{"cname", "bench"}}}};
}

boost::json::object client_dtls(const media::DtlsCertificate& certificate) {
  return {{"role", "client"},
          {"fingerprints", boost::json::array{boost::json::object{
                               {"algorithm", "sha-256"}, {"value", certificate.fingerprint()}}}}};
}

// Runs `work` on the SFU thread and waits for its result.
template <class Work>
auto on_sfu(boost::asio::io_context& io, Work work) {
  std::packaged_task<decltype(work())()> task(work);
  auto result = task.get_future();
  boost::asio::post(io, [&task] { task(); });
  return result.get();
}

double thread_cpu_seconds(pthread_t thread) {
  clockid_t clock;
  pthread_getcpuclockid(thread, &clock);
  timespec ts{};
  clock_gettime(clock, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  boost::asio::io_context sfu_io, peer_io;
  auto data_dir = std::filesystem::temp_directory_path() / "carrel-sfu-bench";
  media::MediaServer server(sfu_io.get_executor(),
                            {"127.0.0.1", "127.0.0.1", 0, data_dir.string()});
  const auto peer_certificate = media::DtlsCertificate::generate();
  const boost::asio::ip::udp::endpoint server_endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                                       server.port());
  NoListener listener;
  std::vector<Participant> participants;
  size_t consumers = 0;

  // Set-up, before the SFU thread runs: transports, producers and resumed consumers.
  auto peer = [&](media::WebRtcTransport& transport) {
    const auto ice = transport.ice_parameters();
    return std::make_unique<bench::SyntheticPeer>(
        peer_io.get_executor(), peer_certificate,
        bench::SyntheticPeer::Remote{
            server_endpoint, std::string(ice.at("usernameFragment").as_string()),
            std::string(ice.at("password").as_string()), server.fingerprint()});
  };
  for (int r = 0; r < options.rooms; ++r) {
    auto& router = server.router("room-" + std::to_string(r), listener);
    std::vector<std::pair<std::string, std::string>> room;  // owner, recv transport id
    std::vector<std::string> producers;
    for (int p = 0; p < options.publishers; ++p) {
      const std::string owner = "peer-" + std::to_string(r) + "-" + std::to_string(p);
      auto& send = router.create_transport(owner);
      auto& recv = router.create_transport(owner);
      router.connect_transport(owner, send.id(), client_dtls(peer_certificate));
      router.connect_transport(owner, recv.id(), client_dtls(peer_certificate));
      Participant participant;
      participant.ssrc = uint32_t(1000 + r * 100 + p);
      participant.send = peer(send);
      participant.recv = peer(recv);
      producers.push_back(router
                              .produce(owner, send.id(), media::MediaKind::video,
                                       producer_parameters(participant.ssrc), boost::json::object{})
                              .id());
      room.emplace_back(owner, recv.id());
      participants.push_back(std::move(participant));
    }
    for (size_t i = 0; i < room.size(); ++i)
      for (size_t j = 0; j < producers.size(); ++j) {
        if (i == j) continue;
        auto& consumer = router.consume(room[i].first, room[i].second, producers[j],
                                        media::Router::rtp_capabilities());
        router.resume_consumer(room[i].first, consumer.id());
        ++consumers;
      }
  }

  auto guard = boost::asio::make_work_guard(sfu_io);
  std::thread sfu_thread([&] { sfu_io.run(); });
  for (auto& p : participants) {
    p.send->start();
    p.recv->start();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto all_connected = [&] {
    for (auto& p : participants)
      if (!p.send->connected() || !p.recv->connected()) return false;
    return true;
  };
  while (!all_connected() && std::chrono::steady_clock::now() < deadline)
    peer_io.run_for(std::chrono::milliseconds(50));
  size_t connected = 0;
  for (auto& p : participants) connected += p.send->connected() + p.recv->connected();
  std::printf("transports connected: %zu of %zu, consumers: %zu\n", connected,
              participants.size() * 2, consumers);

  // Publish: every 10 ms each publisher sends its share of --pps.
  boost::asio::steady_timer pace(peer_io);
  double owed = 0;
  std::function<void()> tick = [&] {
    owed += options.pps / 100.0;
    for (; owed >= 1; owed -= 1)
      for (auto& p : participants) {
        p.send->send_rtp(p.ssrc, p.sequence++, p.timestamp, options.size);
        p.timestamp += 90000 / std::max(1, options.pps);
      }
    pace.expires_after(std::chrono::milliseconds(10));
    pace.async_wait([&](boost::system::error_code e) {
      if (!e) tick();
    });
  };
  tick();
  peer_io.run_for(std::chrono::seconds(2));  // warm-up

  const pthread_t sfu_handle = sfu_thread.native_handle();
  const double forwarded_start = on_sfu(sfu_io, [&] { return server.forwarded_total(); });
  const double cpu_start = thread_cpu_seconds(sfu_handle);
  const auto wall_start = std::chrono::steady_clock::now();
  uint64_t sent_start = 0, received_start = 0;
  for (auto& p : participants)
    sent_start += p.send->sent_rtp(), received_start += p.recv->received_rtp();
  peer_io.run_for(std::chrono::seconds(options.seconds));
  const double cpu = thread_cpu_seconds(sfu_handle) - cpu_start;
  const double forwarded =
      on_sfu(sfu_io, [&] { return server.forwarded_total(); }) - forwarded_start;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  uint64_t sent = 0, received = 0;
  for (auto& p : participants) sent += p.send->sent_rtp(), received += p.recv->received_rtp();
  sent -= sent_start;
  received -= received_start;

  std::printf("rooms %d x publishers %d, %d pps of %zu bytes each, %.1f s measured\n",
              options.rooms, options.publishers, options.pps, options.size, wall);
  std::printf("published: %.0f packets/s; forwarded: %.0f packets/s; received by peers: %.0f/s\n",
              double(sent) / wall, forwarded / wall, double(received) / wall);
  std::printf("SFU thread CPU: %.1f%% of one core\n", 100.0 * cpu / wall);
  if (forwarded > 0) {
    std::printf("packets forwarded per core-second: %.0f\n", forwarded / cpu);
    std::printf("CPU per forwarded packet: %.2f us\n", 1e6 * cpu / forwarded);
  }
  guard.reset();
  sfu_io.stop();
  sfu_thread.join();
  std::filesystem::remove_all(data_dir);
  return connected == participants.size() * 2 ? 0 : 1;
}
