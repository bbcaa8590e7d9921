// libsrtp2 sessions: see srtp_session.h. srtp_init() runs once per process, before the first
// session, under std::call_once.
#include "media/srtp_session.h"

#include <mutex>
#include <stdexcept>
#include <string>

namespace media {

namespace {

void init_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (srtp_init() != srtp_err_status_ok) throw std::runtime_error("srtp_init failed");
  });
}

void set_profile(srtp_policy_t& policy, SrtpProfile profile) {
  if (profile == SrtpProfile::aead_aes_128_gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  }
}

bool run(std::vector<uint8_t>& packet, bool grow,
         srtp_err_status_t (*operation)(srtp_t, void*, int*), srtp_t session) {
  if (packet.empty() || packet.size() > 8192) return false;
  const size_t size = packet.size();
  if (grow) packet.resize(size + SRTP_MAX_TRAILER_LEN);
  int length = int(size);
  const bool ok = operation(session, packet.data(), &length) == srtp_err_status_ok;
  packet.resize(ok ? size_t(length) : size);
  return ok;
}

srtp_err_status_t protect(srtp_t s, void* p, int* n) {
  return srtp_protect(s, p, n);
}
srtp_err_status_t protect_rtcp_fn(srtp_t s, void* p, int* n) {
  return srtp_protect_rtcp(s, p, n);
}
srtp_err_status_t unprotect(srtp_t s, void* p, int* n) {
  return srtp_unprotect(s, p, n);
}
srtp_err_status_t unprotect_rtcp_fn(srtp_t s, void* p, int* n) {
  return srtp_unprotect_rtcp(s, p, n);
}

}  // namespace

size_t SrtpSession::key_length(SrtpProfile profile) {
  return profile == SrtpProfile::aead_aes_128_gcm ? 16 + 12 : 16 + 14;
}

SrtpSession::SrtpSession(SrtpProfile profile, Direction direction,
                         const std::vector<uint8_t>& key_and_salt) {
  init_library();
  if (key_and_salt.size() != key_length(profile))
    throw std::runtime_error("SRTP key of the wrong length");
  srtp_policy_t policy{};
  set_profile(policy, profile);
  policy.ssrc.type = direction == Direction::outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = const_cast<uint8_t*>(key_and_salt.data());
  policy.window_size = 1024;
  policy.allow_repeat_tx = direction == Direction::outbound ? 1 : 0;
  policy.next = nullptr;
  const auto status = srtp_create(&session_, &policy);
  if (status != srtp_err_status_ok)
    throw std::runtime_error("srtp_create failed: " + std::to_string(int(status)));
}

SrtpSession::~SrtpSession() {
  if (session_) srtp_dealloc(session_);
}

bool SrtpSession::protect_rtp(std::vector<uint8_t>& packet) {
  return run(packet, true, protect, session_);
}
bool SrtpSession::protect_rtcp(std::vector<uint8_t>& packet) {
  return run(packet, true, protect_rtcp_fn, session_);
}
bool SrtpSession::unprotect_rtp(std::vector<uint8_t>& packet) {
  return run(packet, false, unprotect, session_);
}
bool SrtpSession::unprotect_rtcp(std::vector<uint8_t>& packet) {
  return run(packet, false, unprotect_rtcp_fn, session_);
}

}  // namespace media
