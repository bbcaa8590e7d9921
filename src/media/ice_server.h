// The ICE-lite side of one transport (RFC 8445 section 2.5): it never sends checks, it answers
// the browser's Binding requests. A request counts only if its USERNAME starts with our ufrag,
// its MESSAGE-INTEGRITY verifies with our password and its FINGERPRINT is right; a valid
// request from a new address adds that address as a candidate tuple, and USE-CANDIDATE (or the
// first valid check when nothing is selected yet) selects it. Consent freshness: when no valid
// check arrives for `consent_timeout`, the transport is told ICE was lost.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "media/stun_packet.h"

namespace media {

class IceServer {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;
  using Clock = std::chrono::steady_clock;

  // Upward calls to the transport that owns this ICE server.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void ice_send(const Endpoint& to, std::vector<uint8_t> datagram) = 0;
    // A (new) remote address was selected; media goes there from now on.
    virtual void ice_selected(const Endpoint& remote) = 0;
    // A new valid remote address, for the socket's address table.
    virtual void ice_tuple_added(const Endpoint& remote) = 0;
  };

  IceServer(Listener& listener, std::string ufrag, std::string password);

  const std::string& ufrag() const { return ufrag_; }
  const std::string& password() const { return password_; }
  const std::optional<Endpoint>& selected() const { return selected_; }
  bool connected() const { return selected_.has_value(); }

  // Handles one STUN message from `from`; invalid ones are answered with an error or dropped.
  void receive(const StunPacket& packet, const Endpoint& from, Clock::time_point now);
  // True when the selected tuple has had no valid check for longer than `timeout`.
  bool consent_expired(Clock::time_point now, std::chrono::milliseconds timeout) const;
  // Whether `from` is one of the tuples that passed a check.
  bool knows(const Endpoint& from) const;

 private:
  Listener& listener_;
  std::string ufrag_;
  std::string password_;
  std::vector<Endpoint> tuples_;
  std::optional<Endpoint> selected_;
  Clock::time_point last_consent_{};
};

// A random string of `length` characters from the ICE alphabet [A-Za-z0-9+/].
std::string random_ice_string(size_t length);

}  // namespace media
