// The targets of logged broadcasts (rooms, except), interned per recovery log. A log holds every
// broadcast of the recovery window, hundreds of thousands on a busy server, but they go to a few
// rooms: each entry points to one shared, immutable target instead of owning two hash sets.
#pragma once

#include <string_view>
#include <unordered_set>
#include <vector>

#include "sio/types.h"

namespace sio {

// Sorted vectors: a few rooms are found as fast by binary search as by hashing, in a fraction
// of the memory of a hash set.
struct BroadcastTarget {
  std::vector<Room> rooms;   // sorted; empty: every socket of the namespace
  std::vector<Room> except;  // sorted; sockets in any of these rooms are skipped

  // Whether a socket in `session_rooms` was sent the broadcast: the rooms are empty or one of
  // them is the socket's, and none of the socket's rooms is excepted.
  bool reaches(const Rooms& session_rooms) const;
};

// Targets counted by the log entries that use them; a target goes when its last entry does.
// Not thread-safe, like the log that owns it.
class BroadcastTargets {
 public:
  BroadcastTargets() = default;
  BroadcastTargets(const BroadcastTargets&) = delete;  // users hold pointers into it
  BroadcastTargets& operator=(const BroadcastTargets&) = delete;

  // The target equal to (rooms, except), made on first use, with one more use counted. Stays
  // valid until the matching release().
  const BroadcastTarget* acquire(const Rooms& rooms, const Rooms& except);
  void release(const BroadcastTarget* target);

  size_t size() const { return targets_.size(); }

 private:
  struct Interned {
    BroadcastTarget target;
    mutable size_t uses = 0;  // not part of the key
  };
  // A lookup by the broadcast's own sets, so that a hit copies no room name.
  struct Probe {
    const Rooms& rooms;
    const Rooms& except;
  };
  // Order-independent, so that a hash set and the sorted vector of its rooms hash alike.
  struct Hash {
    using is_transparent = void;
    size_t operator()(const Interned& interned) const { return (*this)(interned.target); }
    size_t operator()(const BroadcastTarget& target) const;
    size_t operator()(const Probe& probe) const;
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(const Interned& a, const Interned& b) const;
    bool operator()(const Probe& probe, const Interned& interned) const;
    bool operator()(const BroadcastTarget& target, const Interned& interned) const;
  };

  std::unordered_set<Interned, Hash, Equal> targets_;
};

}  // namespace sio
