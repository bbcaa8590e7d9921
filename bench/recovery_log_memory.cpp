// Heap bytes the connection state recovery log keeps per logged broadcast: 300,000 chat events
// (2,500/s over the 2-minute window) of about 150 bytes of JSON, each to one of 100 rooms, with
// no exception or with its sender (one of 8 per room) excepted, plus namespace-wide events for
// comparison. Prints bytes per entry two ways: live heap bytes counted by a replaced global
// operator new/delete (malloc_usable_size, so a free takes back exactly what its allocation
// added), and glibc's in-use figure (mallinfo2), which also counts malloc's chunk headers and so
// is closer to what RSS pays. `recovery-log-memory` takes no arguments.
#include <malloc.h>

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "sio/adapter.h"
#include "sio/broadcast.h"
#include "sio/recovery.h"

namespace {
// Every allocation of the process passes here; a measurement is a difference around the log.
size_t live_bytes = 0;
}  // namespace

void* operator new(size_t size) {
  void* p = std::malloc(size ? size : 1);
  if (!p) throw std::bad_alloc();
  live_bytes += malloc_usable_size(p);
  return p;
}
void* operator new[](size_t size) {
  return operator new(size);
}
void operator delete(void* p) noexcept {
  if (!p) return;
  live_bytes -= malloc_usable_size(p);
  std::free(p);
}
void operator delete[](void* p) noexcept {
  operator delete(p);
}
void operator delete(void* p, size_t) noexcept {
  operator delete(p);
}
void operator delete[](void* p, size_t) noexcept {
  operator delete(p);
}

namespace {

using namespace std::chrono_literals;

constexpr size_t kEntries = 300'000;  // 2,500 broadcasts/s for 120 s
constexpr size_t kRooms = 100;
constexpr size_t kSendersPerRoom = 8;

struct Heap {
  size_t counted;  // live bytes through operator new
  size_t in_use;   // malloc's view, chunk headers included
};

Heap heap_now() {
  const struct mallinfo2 info = mallinfo2();
  return {live_bytes, info.uordblks + info.hblkhd};
}

// A fixed-width stand-in for a UUID, so that every room name has the length a real one has.
std::string uuid(size_t n) {
  char text[37];
  std::snprintf(text, sizeof text, "%08zx-0000-4000-8000-%012zx", n, n * 7919);
  return text;
}

// A "new-message" event shaped like the one the rooms service sends.
sio::protocol::Packet chat_event() {
  boost::json::object message{{"id", uuid(1)},
                              {"userId", uuid(2)},
                              {"text", "Has anyone finished problem 4 yet?"},
                              {"version", 1234}};
  return sio::make_event("/", "new-message", boost::json::array{message}, {});
}

enum class Target { kRoom, kRoomExceptSender, kNamespace };

sio::BroadcastOptions options_for(Target target, size_t i) {
  sio::BroadcastOptions options;
  if (target == Target::kNamespace) return options;
  const size_t room = i % kRooms;
  options.rooms.insert("room:" + uuid(room));
  if (target == Target::kRoomExceptSender)
    options.except.insert("sid-" + uuid(room * kSendersPerRoom + i / kRooms % kSendersPerRoom)
                                       .substr(0, 16));  // a 20-character socket id
  return options;
}

void measure(const char* name, Target target, const sio::protocol::Packet& packet) {
  const Heap before = heap_now();
  auto log = std::make_unique<sio::RecoveryLog>(2min);
  const auto start = sio::RecoveryLog::Clock::now();
  for (size_t i = 0; i < kEntries; ++i) {
    // Freed after the call: the log keeps no more of it than it would in the adapter.
    const auto options = options_for(target, i);
    log->record(packet, options, start + i * 400us);
  }
  const Heap after = heap_now();
  const size_t kept = log->packet_count();
  log.reset();
  const Heap released = heap_now();
  std::printf("%-28s %8zu %12.1f %12.1f %10s\n", name, kept,
              double(after.counted - before.counted) / double(kept),
              double(after.in_use - before.in_use) / double(kept),
              released.counted == before.counted ? "yes" : "NO");
}

// For comparison: what encode_shared() alone keeps per packet, the text with its growth slack.
void measure_encoded(const sio::protocol::Packet& packet) {
  std::vector<sio::EncodedPacket> held;
  held.reserve(kEntries);
  const Heap before = heap_now();
  for (size_t i = 0; i < kEntries; ++i) {
    auto with_offset = packet;
    with_offset.data->as_array().emplace_back(std::to_string(i + 1));
    held.push_back(sio::encode_shared(with_offset));
  }
  const Heap after = heap_now();
  std::printf("%-28s %8zu %12.1f %12.1f %10s\n", "(encode_shared alone)", held.size(),
              double(after.counted - before.counted) / double(held.size()),
              double(after.in_use - before.in_use) / double(held.size()), "-");
}

}  // namespace

int main() {
  const auto packet = chat_event();
  std::printf("payload: %zu bytes of JSON, event: %zu bytes encoded before its offset\n",
              boost::json::serialize(packet.data->as_array().back()).size(),
              sio::protocol::encode(packet).size());
  std::printf("%-28s %8s %12s %12s %10s\n", "broadcast target", "entries", "bytes/entry",
              "malloc/entry", "all freed");
  measure("one room", Target::kRoom, packet);
  measure("one room, sender excepted", Target::kRoomExceptSender, packet);
  measure("whole namespace", Target::kNamespace, packet);
  measure_encoded(packet);
}
