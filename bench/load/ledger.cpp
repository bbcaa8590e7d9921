// Ledger (see ledger.h). Incoming events are recognised by their prefix and the content field
// is found by a plain search: the generator must stay cheaper than the server it measures.
#include "ledger.h"

#include <charconv>

#include "proc_stats.h"

namespace carrel_load {

std::string Ledger::add(uint32_t expected, bool measured, int payload) {
  int64_t now = bench::now_ns();
  std::string content = "lt " + std::to_string(sent_.size()) + " " + std::to_string(now) + " ";
  if (content.size() < static_cast<size_t>(payload))
    content.append(static_cast<size_t>(payload) - content.size(), 'x');
  sent_.push_back(Sent{now, expected, 0, measured});
  expected_ += expected;
  return content;
}

bool Ledger::on_event(std::string_view array, bool counted) {
  static constexpr std::string_view kEvent = "[\"new-message\",";
  static constexpr std::string_view kContent = "\"content\":\"lt ";
  if (array.substr(0, kEvent.size()) != kEvent) return false;
  int64_t now = bench::now_ns();
  size_t p = array.find(kContent);
  uint64_t seq = 0;
  const char* b = array.data() + (p == std::string_view::npos ? 0 : p + kContent.size());
  const char* e = array.data() + array.size();
  auto r = std::from_chars(b, e, seq);
  if (p == std::string_view::npos || r.ec != std::errc() || seq >= sent_.size()) {
    ++unparsed_;
    return true;
  }
  if (!counted) {
    ++uncounted_;
    return true;
  }
  Sent& s = sent_[seq];
  ++s.received;
  ++received_;
  if (s.measured) latency_.record(now - s.at_ns);
  return true;
}

void Ledger::failed(uint64_t seq) {
  if (seq >= sent_.size()) return;
  expected_ -= sent_[seq].expected;
  sent_[seq].expected = 0;
}

uint64_t Ledger::lost() const {
  uint64_t n = 0;
  for (const auto& s : sent_)
    if (s.received < s.expected) n += s.expected - s.received;
  return n;
}

uint64_t Ledger::duplicates() const {
  uint64_t n = 0;
  for (const auto& s : sent_)
    if (s.received > s.expected) n += s.received - s.expected;
  return n;
}

}  // namespace carrel_load
