// RTCP codec: see rtcp_packet.h.
#include "media/rtcp_packet.h"

#include "media/bytes.h"

namespace media::rtcp {

namespace {

constexpr uint8_t kSr = 200, kRr = 201, kSdes = 202, kBye = 203, kRtpfb = 205, kPsfb = 206;

bool parse_blocks(std::span<const uint8_t> body, size_t count, std::vector<ReportBlock>& out) {
  if (body.size() < count * 24) return false;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = &body[i * 24];
    ReportBlock block;
    block.ssrc = read32(p);
    block.fraction_lost = p[4];
    int32_t lost = int32_t(read24(p + 5));
    if (lost & 0x800000) lost -= 0x1000000;
    block.cumulative_lost = lost;
    block.highest_sequence = read32(p + 8);
    block.jitter = read32(p + 12);
    block.last_sr = read32(p + 16);
    block.delay_since_last_sr = read32(p + 20);
    out.push_back(block);
  }
  return true;
}

std::optional<Item> parse_feedback(uint8_t type, uint8_t format, std::span<const uint8_t> body) {
  if (body.size() < 8) return std::nullopt;
  const uint32_t sender = read32(&body[0]);
  const uint32_t media = read32(&body[4]);
  auto fci = body.subspan(8);
  if (type == kRtpfb && format == 1) {
    Nack nack{sender, media, {}};
    if (fci.size() % 4) return std::nullopt;
    for (size_t i = 0; i + 4 <= fci.size(); i += 4) {
      const uint16_t pid = read16(&fci[i]);
      const uint16_t blp = read16(&fci[i + 2]);
      nack.lost.push_back(pid);
      for (int bit = 0; bit < 16; ++bit)
        if (blp & (1 << bit)) nack.lost.push_back(uint16_t(pid + bit + 1));
    }
    return nack;
  }
  if (type == kPsfb && format == 1) return Pli{sender, media};
  if (type == kPsfb && format == 4) {
    Fir fir{sender, {}};
    if (fci.size() % 8) return std::nullopt;
    for (size_t i = 0; i + 8 <= fci.size(); i += 8)
      fir.entries.push_back({read32(&fci[i]), fci[i + 4]});
    return fir;
  }
  return Other{type, format};
}

std::optional<Item> parse_one(uint8_t type, uint8_t count, std::span<const uint8_t> body) {
  switch (type) {
    case kSr: {
      if (body.size() < 24) return std::nullopt;
      SenderReport sr;
      sr.ssrc = read32(&body[0]);
      sr.ntp_time = uint64_t(read32(&body[4])) << 32 | read32(&body[8]);
      sr.rtp_timestamp = read32(&body[12]);
      sr.packet_count = read32(&body[16]);
      sr.octet_count = read32(&body[20]);
      if (!parse_blocks(body.subspan(24), count, sr.reports)) return std::nullopt;
      return sr;
    }
    case kRr: {
      if (body.size() < 4) return std::nullopt;
      ReceiverReport rr{read32(&body[0]), {}};
      if (!parse_blocks(body.subspan(4), count, rr.reports)) return std::nullopt;
      return rr;
    }
    case kBye: {
      if (body.size() < size_t(count) * 4) return std::nullopt;
      Bye bye;
      for (size_t i = 0; i < count; ++i) bye.ssrcs.push_back(read32(&body[i * 4]));
      return bye;
    }
    case kRtpfb:
    case kPsfb:
      return parse_feedback(type, count, body);
    default:
      return Other{type, count};
  }
}

// Writes the common header; the length is fixed by finish().
size_t begin(std::vector<uint8_t>& out, uint8_t count, uint8_t type) {
  const size_t start = out.size();
  out.push_back(uint8_t(0x80 | (count & 0x1F)));
  out.push_back(type);
  append16(out, 0);
  return start;
}

void finish(std::vector<uint8_t>& out, size_t start) {
  while ((out.size() - start) % 4) out.push_back(0);
  write16(&out[start + 2], uint16_t((out.size() - start) / 4 - 1));
}

void append_blocks(std::vector<uint8_t>& out, const std::vector<ReportBlock>& blocks) {
  for (const auto& block : blocks) {
    append32(out, block.ssrc);
    out.push_back(block.fraction_lost);
    const uint32_t lost = uint32_t(block.cumulative_lost) & 0xFFFFFF;
    out.push_back(uint8_t(lost >> 16));
    append16(out, uint16_t(lost));
    append32(out, block.highest_sequence);
    append32(out, block.jitter);
    append32(out, block.last_sr);
    append32(out, block.delay_since_last_sr);
  }
}

}  // namespace

std::optional<std::vector<Item>> parse_compound(std::span<const uint8_t> data) {
  std::vector<Item> items;
  size_t offset = 0;
  while (offset < data.size()) {
    if (data.size() - offset < 4 || (data[offset] >> 6) != 2) return std::nullopt;
    const size_t length = (size_t(read16(&data[offset + 2])) + 1) * 4;
    if (offset + length > data.size()) return std::nullopt;
    size_t body_end = offset + length;
    if (data[offset] & 0x20) {  // padding, only allowed on the last part
      const uint8_t padding = data[body_end - 1];
      if (padding == 0 || padding > length - 4) return std::nullopt;
      body_end -= padding;
    }
    auto body = data.subspan(offset + 4, body_end - offset - 4);
    auto item = parse_one(data[offset + 1], data[offset] & 0x1F, body);
    if (!item) return std::nullopt;
    items.push_back(std::move(*item));
    offset += length;
    if (items.size() > 64) return std::nullopt;
  }
  if (items.empty()) return std::nullopt;
  return items;
}

void append_sender_report(std::vector<uint8_t>& out, const SenderReport& report) {
  const size_t start = begin(out, uint8_t(report.reports.size()), kSr);
  append32(out, report.ssrc);
  append32(out, uint32_t(report.ntp_time >> 32));
  append32(out, uint32_t(report.ntp_time));
  append32(out, report.rtp_timestamp);
  append32(out, report.packet_count);
  append32(out, report.octet_count);
  append_blocks(out, report.reports);
  finish(out, start);
}

void append_receiver_report(std::vector<uint8_t>& out, const ReceiverReport& report) {
  const size_t start = begin(out, uint8_t(report.reports.size()), kRr);
  append32(out, report.ssrc);
  append_blocks(out, report.reports);
  finish(out, start);
}

void append_sdes_cname(std::vector<uint8_t>& out, uint32_t ssrc, const std::string& cname) {
  const size_t start = begin(out, 1, kSdes);
  append32(out, ssrc);
  out.push_back(1);  // CNAME
  const size_t size = cname.size() > 255 ? 255 : cname.size();
  out.push_back(uint8_t(size));
  out.insert(out.end(), cname.begin(), cname.begin() + long(size));
  out.push_back(0);  // end of the chunk's items
  finish(out, start);
}

void append_pli(std::vector<uint8_t>& out, const Pli& pli) {
  const size_t start = begin(out, 1, kPsfb);
  append32(out, pli.sender_ssrc);
  append32(out, pli.media_ssrc);
  finish(out, start);
}

void append_fir(std::vector<uint8_t>& out, const Fir& fir) {
  const size_t start = begin(out, 4, kPsfb);
  append32(out, fir.sender_ssrc);
  append32(out, 0);
  for (const auto& entry : fir.entries) {
    append32(out, entry.ssrc);
    out.push_back(entry.sequence);
    out.insert(out.end(), {0, 0, 0});
  }
  finish(out, start);
}

void append_nack(std::vector<uint8_t>& out, const Nack& nack) {
  const size_t start = begin(out, 1, kRtpfb);
  append32(out, nack.sender_ssrc);
  append32(out, nack.media_ssrc);
  size_t i = 0;
  while (i < nack.lost.size()) {
    const uint16_t pid = nack.lost[i++];
    uint16_t blp = 0;
    while (i < nack.lost.size() && uint16_t(nack.lost[i] - pid) >= 1 &&
           uint16_t(nack.lost[i] - pid) <= 16) {
      blp |= uint16_t(1 << (uint16_t(nack.lost[i] - pid) - 1));
      ++i;
    }
    append16(out, pid);
    append16(out, blp);
  }
  finish(out, start);
}

void append_bye(std::vector<uint8_t>& out, const Bye& bye) {
  const size_t start = begin(out, uint8_t(bye.ssrcs.size()), kBye);
  for (uint32_t ssrc : bye.ssrcs) append32(out, ssrc);
  finish(out, start);
}

}  // namespace media::rtcp
