// One direction of SRTP and SRTCP (RFC 3711, RFC 7714 for AES-GCM) on libsrtp2: an outbound
// session protects what the SFU sends, an inbound one checks and decrypts what it receives.
// Keys come from DtlsTransport (master key then master salt). Outbound sessions allow a
// repeated sequence number so NACKed packets can be sent again.
#pragma once

#include <srtp2/srtp.h>

#include <cstdint>
#include <vector>

#include "media/dtls_transport.h"

namespace media {

class SrtpSession {
 public:
  enum class Direction { outbound, inbound };

  // Throws std::runtime_error when libsrtp refuses the key.
  SrtpSession(SrtpProfile profile, Direction direction, const std::vector<uint8_t>& key_and_salt);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // In place; `packet` grows by the authentication tag. False when libsrtp refuses.
  bool protect_rtp(std::vector<uint8_t>& packet);
  bool protect_rtcp(std::vector<uint8_t>& packet);
  // In place; `packet` shrinks to the plain RTP/RTCP. False on a failed check or replay.
  bool unprotect_rtp(std::vector<uint8_t>& packet);
  bool unprotect_rtcp(std::vector<uint8_t>& packet);

  // Bytes of key plus salt a profile needs.
  static size_t key_length(SrtpProfile profile);

 private:
  srtp_t session_ = nullptr;
};

}  // namespace media
