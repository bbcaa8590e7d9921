// Interning of broadcast targets for the recovery log (see recovery_targets.h).
#include "sio/recovery_targets.h"

#include <algorithm>
#include <functional>

namespace sio {

namespace {

bool contains(const std::vector<Room>& sorted, const Room& room) {
  return std::binary_search(sorted.begin(), sorted.end(), room);
}

std::vector<Room> sorted(const Rooms& rooms) {
  std::vector<Room> out(rooms.begin(), rooms.end());
  std::sort(out.begin(), out.end());
  return out;
}

// Equal sizes and inclusion: both hold distinct rooms, so that is equality.
bool same_rooms(const Rooms& rooms, const std::vector<Room>& sorted) {
  if (rooms.size() != sorted.size()) return false;
  return std::all_of(rooms.begin(), rooms.end(),
                     [&](const Room& room) { return contains(sorted, room); });
}

// A sum does not depend on the order in which a hash set yields its rooms.
template <typename Range>
size_t sum_of_hashes(const Range& rooms) {
  size_t sum = 0;
  for (const auto& room : rooms) sum += std::hash<std::string_view>{}(room);
  return sum;
}

// The multiplier keeps {rooms: a} apart from {except: a}.
size_t combine(size_t rooms, size_t except) {
  return rooms * 0x9E3779B97F4A7C15ull + except;
}

}  // namespace

bool BroadcastTarget::reaches(const Rooms& session_rooms) const {
  bool included = rooms.empty();
  for (const auto& room : session_rooms) {
    if (contains(except, room)) return false;
    if (!included && contains(rooms, room)) included = true;
  }
  return included;
}

size_t BroadcastTargets::Hash::operator()(const BroadcastTarget& target) const {
  return combine(sum_of_hashes(target.rooms), sum_of_hashes(target.except));
}

size_t BroadcastTargets::Hash::operator()(const Probe& probe) const {
  return combine(sum_of_hashes(probe.rooms), sum_of_hashes(probe.except));
}

bool BroadcastTargets::Equal::operator()(const Interned& a, const Interned& b) const {
  return a.target.rooms == b.target.rooms && a.target.except == b.target.except;
}

bool BroadcastTargets::Equal::operator()(const Probe& probe, const Interned& interned) const {
  return same_rooms(probe.rooms, interned.target.rooms) &&
         same_rooms(probe.except, interned.target.except);
}

bool BroadcastTargets::Equal::operator()(const BroadcastTarget& target,
                                         const Interned& interned) const {
  return target.rooms == interned.target.rooms && target.except == interned.target.except;
}

const BroadcastTarget* BroadcastTargets::acquire(const Rooms& rooms, const Rooms& except) {
  auto it = targets_.find(Probe{rooms, except});
  if (it == targets_.end())
    it = targets_.insert(Interned{BroadcastTarget{sorted(rooms), sorted(except)}}).first;
  ++it->uses;
  return &it->target;
}

void BroadcastTargets::release(const BroadcastTarget* target) {
  auto it = targets_.find(*target);
  if (it == targets_.end()) return;
  if (--it->uses == 0) targets_.erase(it);
}

}  // namespace sio
