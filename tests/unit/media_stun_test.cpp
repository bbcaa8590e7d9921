// STUN codec and ICE-lite checks: the RFC 5769 test vectors (request, IPv4 and IPv6
// responses) parse and verify, our own responses verify, truncated or altered messages are
// refused, and IceServer answers only correctly keyed checks and selects on USE-CANDIDATE.
#include <gtest/gtest.h>

#include "media/ice_server.h"
#include "media/stun_packet.h"

namespace {

using media::StunPacket;
using Endpoint = boost::asio::ip::udp::endpoint;

const std::vector<uint8_t> kRequest = {
    0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
    0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
    0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf};

const std::vector<uint8_t> kResponseV4 = {
    0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
    0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
    0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96};

const std::vector<uint8_t> kResponseV6 = {
    0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
    0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
    0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
    0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c};

constexpr char kPassword[] = "VOkJxbRl1RmTxUk/WvJxBt";

TEST(MediaStun, Rfc5769RequestParsesAndVerifies) {
  auto packet = StunPacket::parse(kRequest);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->method(), StunPacket::kBinding);
  EXPECT_EQ(packet->message_class(), StunPacket::Class::request);
  EXPECT_EQ(packet->username(), "evtj:h6vY");
  EXPECT_EQ(packet->local_ufrag(), "evtj");
  EXPECT_EQ(packet->priority(), 0x6e0001ffu);
  EXPECT_TRUE(packet->ice_controlled());
  EXPECT_FALSE(packet->ice_controlling());
  EXPECT_TRUE(packet->check_fingerprint());
  EXPECT_TRUE(packet->check_integrity(kPassword));
  EXPECT_FALSE(packet->check_integrity("wrong password"));
}

TEST(MediaStun, Rfc5769ResponsesCarryTheMappedAddress) {
  auto v4 = StunPacket::parse(kResponseV4);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->message_class(), StunPacket::Class::success);
  EXPECT_TRUE(v4->check_fingerprint());
  EXPECT_TRUE(v4->check_integrity(kPassword));
  ASSERT_TRUE(v4->xor_mapped_address());
  EXPECT_EQ(*v4->xor_mapped_address(), Endpoint(boost::asio::ip::make_address("192.0.2.1"), 32853));
  auto v6 = StunPacket::parse(kResponseV6);
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->check_fingerprint());
  EXPECT_TRUE(v6->check_integrity(kPassword));
  ASSERT_TRUE(v6->xor_mapped_address());
  EXPECT_EQ(*v6->xor_mapped_address(),
            Endpoint(boost::asio::ip::make_address("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
}

TEST(MediaStun, OurResponseVerifiesWithTheSameKey) {
  auto request = StunPacket::parse(kRequest);
  ASSERT_TRUE(request);
  const Endpoint mapped(boost::asio::ip::make_address("192.0.2.1"), 32853);
  auto bytes = StunPacket::binding_success(*request, mapped, kPassword);
  auto response = StunPacket::parse(bytes);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), StunPacket::Class::success);
  EXPECT_EQ(response->transaction_id(), request->transaction_id());
  EXPECT_EQ(response->xor_mapped_address(), mapped);
  EXPECT_TRUE(response->check_integrity(kPassword));
  EXPECT_TRUE(response->check_fingerprint());
  // Same attributes as the RFC's IPv4 response apart from SOFTWARE: the mapped address
  // bytes are identical.
  EXPECT_TRUE(std::search(bytes.begin(), bytes.end(), kResponseV4.begin() + 36,
                          kResponseV4.begin() + 48) != bytes.end());
}

TEST(MediaStun, ErrorResponseHasCode) {
  auto request = StunPacket::parse(kRequest);
  auto response = StunPacket::parse(StunPacket::binding_error(*request, 401, "Unauthorized"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message_class(), StunPacket::Class::error);
  EXPECT_EQ(response->error_code(), 401);
  EXPECT_TRUE(response->check_fingerprint());
}

TEST(MediaStun, TruncatedOrAlteredMessagesAreRefused) {
  for (size_t size = 0; size < kRequest.size(); ++size)
    EXPECT_FALSE(StunPacket::parse(std::span(kRequest.data(), size))) << size;
  auto altered = kRequest;
  altered[30] ^= 1;  // inside SOFTWARE: integrity and fingerprint no longer match
  auto packet = StunPacket::parse(altered);
  ASSERT_TRUE(packet);
  EXPECT_FALSE(packet->check_integrity(kPassword));
  EXPECT_FALSE(packet->check_fingerprint());
  auto bad_length = kRequest;
  bad_length[3] = 0x5c;  // claims more than is there
  EXPECT_FALSE(StunPacket::parse(bad_length));
}

struct Captured : media::IceServer::Listener {
  std::vector<std::pair<Endpoint, std::vector<uint8_t>>> sent;
  std::vector<Endpoint> selected, added;
  void ice_send(const Endpoint& to, std::vector<uint8_t> datagram) override {
    sent.emplace_back(to, std::move(datagram));
  }
  void ice_selected(const Endpoint& remote) override { selected.push_back(remote); }
  void ice_tuple_added(const Endpoint& remote) override { added.push_back(remote); }
};

StunPacket check(const std::string& username, const std::string& key, bool use_candidate) {
  std::array<uint8_t, 12> id{};
  id[0] = uint8_t(username.size());
  return *StunPacket::parse(StunPacket::binding_request(id, username, key, 12345, use_candidate));
}

TEST(MediaStun, IceServerAnswersOnlyValidChecks) {
  Captured listener;
  media::IceServer ice(listener, "ufrag", "password-of-the-transport");
  const Endpoint from(boost::asio::ip::make_address("10.0.0.2"), 5000);
  const auto now = std::chrono::steady_clock::now();

  ice.receive(check("ufrag:remote", "wrong", true), from, now);
  ASSERT_EQ(listener.sent.size(), 1u);
  EXPECT_EQ(StunPacket::parse(listener.sent[0].second)->error_code(), 401);
  EXPECT_FALSE(ice.connected());
  EXPECT_FALSE(ice.knows(from));

  ice.receive(check("ufrag:remote", "password-of-the-transport", false), from, now);
  auto answer = StunPacket::parse(listener.sent.back().second);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->message_class(), StunPacket::Class::success);
  EXPECT_TRUE(answer->check_integrity("password-of-the-transport"));
  EXPECT_EQ(answer->xor_mapped_address(), from);
  EXPECT_TRUE(ice.knows(from));
  EXPECT_EQ(ice.selected(), from);  // first valid check selects while nothing is

  const Endpoint other(boost::asio::ip::make_address("10.0.0.3"), 6000);
  ice.receive(check("ufrag:remote", "password-of-the-transport", false), other, now);
  EXPECT_EQ(ice.selected(), from);  // no USE-CANDIDATE: still the first
  ice.receive(check("ufrag:remote", "password-of-the-transport", true), other, now);
  EXPECT_EQ(ice.selected(), other);
  EXPECT_EQ(listener.selected.size(), 2u);

  EXPECT_FALSE(ice.consent_expired(now + std::chrono::seconds(5), std::chrono::seconds(30)));
  EXPECT_TRUE(ice.consent_expired(now + std::chrono::seconds(31), std::chrono::seconds(30)));
}

}  // namespace
