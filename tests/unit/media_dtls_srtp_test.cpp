// DTLS-SRTP between two in-process endpoints and SRTP round trips. Two DtlsTransports with
// their own certificates exchange datagrams through queues until both report the keys; the
// keys must mirror each other (client's local = server's remote), and packets protected with
// one side's keys unprotect with the other's, for both SRTP profiles. A wrong fingerprint
// makes the handshake fail, and tampered or replayed SRTP is refused.
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>

#include "media/dtls_transport.h"
#include "media/rtp_packet.h"
#include "media/srtp_session.h"

namespace {

using media::DtlsCertificate;
using media::DtlsTransport;
using media::SrtpSession;

struct Endpoint : DtlsTransport::Listener {
  std::deque<std::vector<uint8_t>> outbox;
  std::optional<media::SrtpKeys> keys;
  std::string failure;
  void dtls_send(std::vector<uint8_t> datagram) override { outbox.push_back(std::move(datagram)); }
  void dtls_connected(const media::SrtpKeys& k) override { keys = k; }
  void dtls_failed(const std::string& reason) override { failure = reason; }
  void dtls_closed() override { failure = "closed"; }
};

// Moves datagrams both ways until nothing is left.
void pump(Endpoint& a, DtlsTransport& ta, Endpoint& b, DtlsTransport& tb) {
  for (int round = 0; round < 50 && (!a.outbox.empty() || !b.outbox.empty()); ++round) {
    while (!a.outbox.empty()) {
      auto d = std::move(a.outbox.front());
      a.outbox.pop_front();
      tb.receive(d);
    }
    while (!b.outbox.empty()) {
      auto d = std::move(b.outbox.front());
      b.outbox.pop_front();
      ta.receive(d);
    }
  }
}

TEST(MediaDtls, HandshakeBetweenTwoEndpointsAgreesOnKeys) {
  auto client_cert = DtlsCertificate::generate();
  auto server_cert = DtlsCertificate::generate();
  Endpoint client, server;
  DtlsTransport tc(client_cert, client), ts(server_cert, server);
  ts.start(DtlsTransport::Role::server, "sha-256", client_cert.fingerprint());
  tc.start(DtlsTransport::Role::client, "sha-256", server_cert.fingerprint());
  pump(client, tc, server, ts);
  ASSERT_TRUE(client.keys) << client.failure;
  ASSERT_TRUE(server.keys) << server.failure;
  EXPECT_EQ(tc.state(), DtlsTransport::State::connected);
  EXPECT_EQ(ts.state(), DtlsTransport::State::connected);
  EXPECT_EQ(client.keys->profile, server.keys->profile);
  EXPECT_EQ(client.keys->local, server.keys->remote);
  EXPECT_EQ(client.keys->remote, server.keys->local);
  EXPECT_NE(client.keys->local, client.keys->remote);
  EXPECT_EQ(client.keys->local.size(), SrtpSession::key_length(client.keys->profile));

  // SRTP with the negotiated keys, both ways.
  SrtpSession send(client.keys->profile, SrtpSession::Direction::outbound, client.keys->local);
  SrtpSession receive(server.keys->profile, SrtpSession::Direction::inbound, server.keys->remote);
  auto plain = media::RtpPacket::build({42, 96, 1, 1000, {}}, false, std::vector<uint8_t>(100, 7));
  auto packet = plain;
  ASSERT_TRUE(send.protect_rtp(packet));
  EXPECT_NE(packet, plain);
  ASSERT_TRUE(receive.unprotect_rtp(packet));
  EXPECT_EQ(packet, plain);
}

TEST(MediaDtls, WrongFingerprintFails) {
  auto client_cert = DtlsCertificate::generate();
  auto server_cert = DtlsCertificate::generate();
  auto other = DtlsCertificate::generate();
  Endpoint client, server;
  DtlsTransport tc(client_cert, client), ts(server_cert, server);
  ts.start(DtlsTransport::Role::server, "sha-256", client_cert.fingerprint());
  tc.start(DtlsTransport::Role::client, "sha-256", other.fingerprint());
  pump(client, tc, server, ts);
  EXPECT_FALSE(client.keys);
  EXPECT_EQ(tc.state(), DtlsTransport::State::failed);
  EXPECT_NE(client.failure.find("fingerprint"), std::string::npos);
}

TEST(MediaDtls, CertificateIsKeptInTheDataDirectory) {
  auto dir = std::filesystem::temp_directory_path() / ("carrel-dtls-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto first = DtlsCertificate::load_or_create(dir.string());
  auto second = DtlsCertificate::load_or_create(dir.string());
  EXPECT_EQ(first.fingerprint(), second.fingerprint());
  EXPECT_EQ(first.fingerprint().size(), 32u * 3 - 1);  // "AB:" x 32 without the last colon
  EXPECT_TRUE(std::filesystem::exists(dir / "dtls-cert.pem"));
  std::filesystem::remove_all(dir);
}

std::vector<uint8_t> key_for(media::SrtpProfile profile, uint8_t seed) {
  std::vector<uint8_t> key(SrtpSession::key_length(profile));
  for (size_t i = 0; i < key.size(); ++i) key[i] = uint8_t(seed + i * 7);
  return key;
}

class MediaSrtp : public ::testing::TestWithParam<media::SrtpProfile> {};

TEST_P(MediaSrtp, RtpAndRtcpRoundTripTamperAndReplay) {
  const auto profile = GetParam();
  auto key = key_for(profile, 3);
  SrtpSession out(profile, SrtpSession::Direction::outbound, key);
  SrtpSession in(profile, SrtpSession::Direction::inbound, key);
  for (uint16_t seq = 1; seq < 20; ++seq) {
    auto plain = media::RtpPacket::build({77, 100, seq, seq * 960u, {{1, {'0'}}}}, false,
                                         std::vector<uint8_t>(50 + seq, uint8_t(seq)));
    auto packet = plain;
    ASSERT_TRUE(out.protect_rtp(packet));
    auto replay = packet;
    ASSERT_TRUE(in.unprotect_rtp(packet));
    EXPECT_EQ(packet, plain);
    EXPECT_FALSE(in.unprotect_rtp(replay));  // the same packet twice
  }
  auto plain = media::RtpPacket::build({77, 100, 500, 1, {}}, false, std::vector<uint8_t>(30, 1));
  auto tampered = plain;
  ASSERT_TRUE(out.protect_rtp(tampered));
  tampered[20] ^= 0x01;
  EXPECT_FALSE(in.unprotect_rtp(tampered));
  // Outbound allows sending the same sequence number again (NACK retransmission).
  auto again = plain;
  EXPECT_TRUE(out.protect_rtp(again));

  std::vector<uint8_t> report{0x80, 201, 0, 1, 0, 0, 0, 77};
  auto rtcp = report;
  ASSERT_TRUE(out.protect_rtcp(rtcp));
  EXPECT_GT(rtcp.size(), report.size());
  ASSERT_TRUE(in.unprotect_rtcp(rtcp));
  EXPECT_EQ(rtcp, report);

  SrtpSession wrong(profile, SrtpSession::Direction::inbound, key_for(profile, 9));
  auto packet = media::RtpPacket::build({78, 100, 1, 1, {}}, false, std::vector<uint8_t>(30, 1));
  ASSERT_TRUE(out.protect_rtp(packet));
  EXPECT_FALSE(wrong.unprotect_rtp(packet));
}

INSTANTIATE_TEST_SUITE_P(Profiles, MediaSrtp,
                         ::testing::Values(media::SrtpProfile::aes_cm_128_hmac_sha1_80,
                                           media::SrtpProfile::aead_aes_128_gcm));

}  // namespace
