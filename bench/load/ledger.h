// Bookkeeping of chat messages for carrel-load: each message sent gets a sequence number and
// carries "lt <seq> <send time ns>" in its content, padded to the payload size; the ledger
// remembers how many deliveries each one should get (the room's members at send time) and
// counts the `new-message` events that come back, so latency is receive time minus send time on
// one monotonic clock, loss is expected minus received per message, and duplicates are the
// excess.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "histogram.h"

namespace carrel_load {

class Ledger {
 public:
  // The content of message number `seq()` (to be sent now); `expected` deliveries are due.
  std::string add(uint32_t expected, bool measured, int payload);
  uint64_t next_seq() const { return sent_.size(); }
  // An event array received by a user; counted users' deliveries are checked against the
  // expectation, the others' only noted. Returns false for events that are not new-message.
  bool on_event(std::string_view array, bool counted);
  // A message whose ack said it failed will not be delivered: expect nothing of it.
  void failed(uint64_t seq);

  uint64_t sent() const { return sent_.size(); }
  uint64_t expected() const { return expected_; }
  uint64_t received() const { return received_; }
  uint64_t lost() const;
  uint64_t duplicates() const;
  uint64_t uncounted() const { return uncounted_; }
  uint64_t unparsed() const { return unparsed_; }
  const bench::LogHistogram& latency() const { return latency_; }

 private:
  struct Sent {
    int64_t at_ns;
    uint32_t expected;
    uint32_t received;
    bool measured;
  };
  std::vector<Sent> sent_;
  uint64_t expected_ = 0, received_ = 0, uncounted_ = 0, unparsed_ = 0;
  bench::LogHistogram latency_;
};

}  // namespace carrel_load
