// RTCP (RFC 3550) and its feedback messages (RFC 4585, RFC 5104) as the SFU uses them: sender
// and receiver reports, SDES CNAME, BYE, generic NACK, PLI and FIR. parse_compound() splits a
// compound packet and decodes each part it knows; unknown types and malformed parts are
// reported as such, never read past their length. The build functions write single packets
// that can be concatenated into a compound one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace media::rtcp {

struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed
  uint32_t highest_sequence = 0;
  uint32_t jitter = 0;
  uint32_t last_sr = 0;
  uint32_t delay_since_last_sr = 0;
};

struct SenderReport {
  uint32_t ssrc = 0;
  uint64_t ntp_time = 0;
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
  std::vector<ReportBlock> reports;
};

struct ReceiverReport {
  uint32_t ssrc = 0;
  std::vector<ReportBlock> reports;
};

struct Pli {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
};

struct Fir {
  uint32_t sender_ssrc = 0;
  struct Entry {
    uint32_t ssrc;
    uint8_t sequence;
  };
  std::vector<Entry> entries;
};

struct Nack {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  std::vector<uint16_t> lost;  // sequence numbers, from PID + BLP pairs
};

struct Bye {
  std::vector<uint32_t> ssrcs;
};

// Any other well-formed part (SDES, APP, REMB, transport-cc, XR...).
struct Other {
  uint8_t packet_type = 0;
  uint8_t format = 0;
};

using Item = std::variant<SenderReport, ReceiverReport, Pli, Fir, Nack, Bye, Other>;

// std::nullopt when the compound packet is malformed (bad version, a length past the end).
std::optional<std::vector<Item>> parse_compound(std::span<const uint8_t> data);

// Each appends one RTCP packet to `out`.
void append_sender_report(std::vector<uint8_t>& out, const SenderReport& report);
void append_receiver_report(std::vector<uint8_t>& out, const ReceiverReport& report);
void append_sdes_cname(std::vector<uint8_t>& out, uint32_t ssrc, const std::string& cname);
void append_pli(std::vector<uint8_t>& out, const Pli& pli);
void append_fir(std::vector<uint8_t>& out, const Fir& fir);
void append_nack(std::vector<uint8_t>& out, const Nack& nack);
void append_bye(std::vector<uint8_t>& out, const Bye& bye);

}  // namespace media::rtcp
