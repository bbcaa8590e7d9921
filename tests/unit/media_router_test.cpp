// The SFU's forwarding path in one process: two test peers (ICE check, DTLS client, SRTP, made
// of the SFU's own classes) talk to a Router through a TransportDemux and a capturing sender.
// Peer A publishes VP8-shaped RTP, peer B consumes it: B must receive it with the consumer's
// SSRC, payload type and mid, numbered without a gap across a producer pause; B's NACK is
// answered from the buffer with the same packet and B's PLI reaches A as a PLI for A's SSRC.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <deque>
#include <map>
#include <random>
#include <thread>

#include "media/media_error.h"
#include "media/router.h"
#include "media/stun_packet.h"

namespace {

using Endpoint = boost::asio::ip::udp::endpoint;
using Clock = std::chrono::steady_clock;

struct Network : media::DatagramSender {
  std::deque<std::pair<Endpoint, std::vector<uint8_t>>> to_peers;
  std::optional<Endpoint> lose_next;  // the next datagram to this address is lost
  void send_datagram(const Endpoint& to, std::span<const uint8_t> data) override {
    if (lose_next == to) return lose_next.reset();
    to_peers.emplace_back(to, std::vector<uint8_t>(data.begin(), data.end()));
  }
};

struct Peer : media::DtlsTransport::Listener {
  Peer(const media::DtlsCertificate& cert, int port)
      : address(boost::asio::ip::make_address("10.0.0.9"), uint16_t(port)), dtls(cert, *this) {}
  Endpoint address;
  media::DtlsTransport dtls;
  std::deque<std::vector<uint8_t>> to_server;
  std::unique_ptr<media::SrtpSession> out, in;
  std::vector<std::vector<uint8_t>> rtp, rtcp;  // plain, as received
  void dtls_send(std::vector<uint8_t> d) override { to_server.push_back(std::move(d)); }
  void dtls_connected(const media::SrtpKeys& keys) override {
    using D = media::SrtpSession::Direction;
    out = std::make_unique<media::SrtpSession>(keys.profile, D::outbound, keys.local);
    in = std::make_unique<media::SrtpSession>(keys.profile, D::inbound, keys.remote);
  }
  void dtls_failed(const std::string&) override {}
  void dtls_closed() override {}
  void deliver(std::vector<uint8_t> data) {
    if (media::StunPacket::looks_like_stun(data)) return;
    if (media::DtlsTransport::looks_like_dtls(data)) return dtls.receive(data);
    if (media::RtpPacket::is_rtcp(data)) {
      if (in->unprotect_rtcp(data)) rtcp.push_back(std::move(data));
    } else if (in->unprotect_rtp(data)) {
      rtp.push_back(std::move(data));
    }
  }
};

struct NoListener : media::Router::Listener {
  void producer_closed(media::Router&, const std::string&, const std::string&) override {}
};

class MediaRouter : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  Network network;
  media::TransportDemux demux;
  media::DtlsCertificate server_cert = media::DtlsCertificate::generate();
  media::DtlsCertificate peer_cert = media::DtlsCertificate::generate();
  media::TransportContext context{io.get_executor(), network,     demux,
                                  server_cert,       "127.0.0.1", 40000};
  NoListener listener;
  media::Router router{"room", context, listener};
  std::map<Endpoint, Peer*> peers;

  void pump() {
    for (int round = 0; round < 100; ++round) {
      bool moved = false;
      for (auto& [address, peer] : peers)
        while (!peer->to_server.empty()) {
          auto d = std::move(peer->to_server.front());
          peer->to_server.pop_front();
          demux.receive(d, address, Clock::now());
          moved = true;
        }
      while (!network.to_peers.empty()) {
        auto [to, d] = std::move(network.to_peers.front());
        network.to_peers.pop_front();
        if (peers.contains(to)) peers[to]->deliver(std::move(d));
        moved = true;
      }
      if (!moved) return;
    }
  }

  // ICE check and DTLS handshake of `peer` with a new transport of `owner`.
  media::WebRtcTransport& connect(Peer& peer, const std::string& owner) {
    auto& transport = router.create_transport(owner);
    peers[peer.address] = &peer;
    router.connect_transport(
        owner, transport.id(),
        boost::json::object{
            {"role", "client"},
            {"fingerprints", boost::json::array{boost::json::object{
                                 {"algorithm", "sha-256"}, {"value", peer_cert.fingerprint()}}}}});
    const auto ice = transport.ice_parameters();
    std::array<uint8_t, 12> id{1, 2, 3};
    peer.to_server.push_back(media::StunPacket::binding_request(
        id, std::string(ice.at("usernameFragment").as_string()) + ":peer",
        std::string(ice.at("password").as_string()), 1, true));
    pump();
    peer.dtls.start(media::DtlsTransport::Role::client, "sha-256", server_cert.fingerprint());
    pump();
    return transport;
  }

  void send(Peer& peer, uint16_t seq, uint32_t ts) {
    const std::vector<uint8_t> payload{0x10, 0x00, 0x9d, 0x01, 0x2a, uint8_t(seq)};
    auto packet = media::RtpPacket::build({5555, 96, seq, ts, {{1, {'0'}}}}, false, payload);
    ASSERT_TRUE(peer.out->protect_rtp(packet));
    peer.to_server.push_back(std::move(packet));
    pump();
  }

  void send_rtcp(Peer& peer, std::vector<uint8_t> plain) {
    ASSERT_TRUE(peer.out->protect_rtcp(plain));
    peer.to_server.push_back(std::move(plain));
    pump();
  }
};

boost::json::object vp8_producer() {
  return {{"mid", "0"},
          {"codecs", boost::json::array{boost::json::object{
                         {"mimeType", "video/VP8"},
                         {"payloadType", 96},
                         {"clockRate", 90000},
                         {"rtcpFeedback", boost::json::array{boost::json::object{
                                              {"type", "nack"}, {"parameter", "pli"}}}}}}},
          {"headerExtensions",
           boost::json::array{boost::json::object{{"uri", media::kMidUri}, {"id", 1}}}},
          {"encodings", boost::json::array{boost::json::object{{"ssrc", 5555}}}},
          {"rtcp", boost::json::object{{"cname", "a"}}}};
}

TEST_F(MediaRouter, ForwardsRewrittenRtpAnswersNackAndPassesPli) {
  Peer a(peer_cert, 1000), b(peer_cert, 2000);
  auto& sending = connect(a, "a");
  auto& recv = connect(b, "b");
  ASSERT_TRUE(a.out && b.out) << "DTLS-SRTP did not complete";
  ASSERT_TRUE(sending.connected() && recv.connected());

  auto& producer = router.produce("a", sending.id(), media::MediaKind::video, vp8_producer(),
                                  boost::json::object{});
  auto& consumer = router.consume("b", recv.id(), producer.id(), media::Router::rtp_capabilities());
  EXPECT_EQ(consumer.mid(), "0");
  EXPECT_TRUE(consumer.paused());
  send(a, 100, 9000);
  EXPECT_TRUE(b.rtp.empty()) << "a paused consumer forwards nothing";

  router.resume_consumer("b", consumer.id());
  pump();
  // The resume asked A for a key frame.
  ASSERT_FALSE(a.rtcp.empty());
  auto pli = media::rtcp::parse_compound(a.rtcp.back());
  ASSERT_TRUE(pli && std::holds_alternative<media::rtcp::Pli>(pli->front()));
  EXPECT_EQ(std::get<media::rtcp::Pli>(pli->front()).media_ssrc, 5555u);

  for (uint16_t seq = 101; seq <= 105; ++seq) send(a, seq, 9000 + seq * 3000u);
  router.set_producer_paused("a", producer.id(), true);
  for (uint16_t seq = 106; seq <= 110; ++seq) send(a, seq, 9000 + seq * 3000u);
  router.set_producer_paused("a", producer.id(), false);
  for (uint16_t seq = 111; seq <= 113; ++seq) send(a, seq, 9000 + seq * 3000u);

  ASSERT_EQ(b.rtp.size(), 8u);
  std::vector<uint16_t> numbers;
  for (const auto& bytes : b.rtp) {
    auto packet = media::RtpPacket::parse(bytes);
    ASSERT_TRUE(packet);
    EXPECT_EQ(packet->ssrc(), consumer.ssrc());
    EXPECT_EQ(packet->payload_type(), 101);  // the router's VP8 payload type
    auto mid = packet->extension(1);
    ASSERT_TRUE(mid);
    EXPECT_EQ(std::string(mid->begin(), mid->end()), "0");
    numbers.push_back(packet->sequence());
  }
  for (size_t i = 1; i < numbers.size(); ++i)
    EXPECT_EQ(uint16_t(numbers[i] - numbers[i - 1]), 1) << "gap at " << i;
  EXPECT_EQ(consumer.packets_forwarded(), 8u);

  // A packet lost on the way to B is sent again when B NACKs its number.
  network.lose_next = b.address;
  send(a, 114, 9000 + 114 * 3000u);
  ASSERT_EQ(b.rtp.size(), 8u);
  const uint16_t missing = uint16_t(numbers.back() + 1);
  std::vector<uint8_t> nack;
  media::rtcp::append_nack(nack, {1, consumer.ssrc(), {missing}});
  send_rtcp(b, nack);
  ASSERT_EQ(b.rtp.size(), 9u);
  auto resent = media::RtpPacket::parse(b.rtp.back());
  ASSERT_TRUE(resent);
  EXPECT_EQ(resent->sequence(), missing);
  EXPECT_EQ(resent->ssrc(), consumer.ssrc());
  EXPECT_EQ(resent->payload().back(), 114);
  EXPECT_EQ(consumer.packets_retransmitted(), 1u);

  // B's PLI reaches A as a PLI for A's SSRC, at most one per 300 ms.
  std::this_thread::sleep_for(std::chrono::milliseconds(320));
  const size_t before = a.rtcp.size();
  std::vector<uint8_t> request;
  media::rtcp::append_pli(request, {1, consumer.ssrc()});
  send_rtcp(b, request);
  ASSERT_EQ(a.rtcp.size(), before + 1);
  auto forwarded = media::rtcp::parse_compound(a.rtcp.back());
  ASSERT_TRUE(forwarded && std::holds_alternative<media::rtcp::Pli>(forwarded->front()));
  EXPECT_EQ(std::get<media::rtcp::Pli>(forwarded->front()).media_ssrc, 5555u);
  send_rtcp(b, request);
  EXPECT_EQ(a.rtcp.size(), before + 1) << "rate limited";
}

TEST_F(MediaRouter, ObjectsOfAnotherOwnerAreRefusedAndClosingCascades) {
  Peer a(peer_cert, 1000), b(peer_cert, 2000);
  auto& sending = connect(a, "a");
  auto& recv = connect(b, "b");
  EXPECT_THROW(router.produce("b", sending.id(), media::MediaKind::video, vp8_producer(), {}),
               media::MediaError);
  auto& producer = router.produce("a", sending.id(), media::MediaKind::video, vp8_producer(), {});
  const auto producer_id = producer.id();
  auto& consumer = router.consume("b", recv.id(), producer_id, media::Router::rtp_capabilities());
  EXPECT_THROW(router.resume_consumer("a", consumer.id()), media::MediaError);
  EXPECT_EQ(router.close_owner("a"), std::vector<std::string>{producer_id});
  EXPECT_EQ(router.find_producer(producer_id), nullptr);
  size_t consumers = 0;
  router.for_each_consumer([&](const media::Consumer&) { ++consumers; });
  EXPECT_EQ(consumers, 0u);
  EXPECT_EQ(router.transport_count(), 1u);
}

TEST_F(MediaRouter, JunkWrongCredentialsAndFloodsDisturbNobody) {
  Peer a(peer_cert, 1000), b(peer_cert, 2000);
  auto& sending = connect(a, "a");
  auto& recv = connect(b, "b");
  auto& producer = router.produce("a", sending.id(), media::MediaKind::video, vp8_producer(),
                                  boost::json::object{});
  auto& consumer = router.consume("b", recv.id(), producer.id(), media::Router::rtp_capabilities());
  router.resume_consumer("b", consumer.id());
  pump();

  // A flood of random datagrams from an unknown address: all dropped and counted.
  std::mt19937 random(7);
  const Endpoint stranger(boost::asio::ip::make_address("10.9.9.9"), 4444);
  const uint64_t dropped = demux.dropped();
  for (int i = 0; i < 5000; ++i) {
    std::vector<uint8_t> junk(1 + random() % 1200);
    for (auto& byte : junk) byte = uint8_t(random());
    demux.receive(junk, stranger, Clock::now());
  }
  EXPECT_EQ(demux.dropped() - dropped, 5000u);
  EXPECT_TRUE(network.to_peers.empty());

  // A check with the right ufrag and a wrong password is refused and adds no address.
  const auto ice = sending.ice_parameters();
  std::array<uint8_t, 12> id{9};
  auto wrong = media::StunPacket::binding_request(
      id, std::string(ice.at("usernameFragment").as_string()) + ":x", "not the password", 1, true);
  demux.receive(wrong, stranger, Clock::now());
  ASSERT_EQ(network.to_peers.size(), 1u);
  EXPECT_EQ(media::StunPacket::parse(network.to_peers.front().second)->error_code(), 401);
  network.to_peers.clear();
  std::vector<uint8_t> fake_rtp(100, 0x80);
  demux.receive(fake_rtp, stranger, Clock::now());
  EXPECT_TRUE(network.to_peers.empty());

  // Forged RTP/RTCP and truncated STUN from A's own address fail authentication quietly.
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> junk(12 + random() % 300);
    for (auto& byte : junk) byte = uint8_t(random());
    junk[0] = uint8_t(0x80 | (junk[0] & 0x3F));
    demux.receive(junk, a.address, Clock::now());
    auto stun = media::StunPacket::binding_request(id, "u:v", "p", 1, false);
    stun.resize(random() % stun.size());
    demux.receive(stun, a.address, Clock::now());
  }
  EXPECT_EQ(consumer.packets_forwarded(), 0u);

  // A flood from A's own address: beyond the per-address limit it is dropped unread.
  const uint64_t before_flood = demux.dropped();
  const auto later = Clock::now() + std::chrono::seconds(10);
  for (uint32_t i = 0; i < media::TransportDemux::kMaxPerSecond + 5000; ++i)
    demux.receive(fake_rtp, a.address, later);
  EXPECT_EQ(demux.dropped() - before_flood, 5000u);

  // Media still flows from A to B.
  for (uint16_t seq = 1; seq <= 3; ++seq) send(a, seq, seq * 3000u);
  EXPECT_EQ(b.rtp.size(), 3u);
  EXPECT_EQ(consumer.packets_forwarded(), 3u);
}

}  // namespace
