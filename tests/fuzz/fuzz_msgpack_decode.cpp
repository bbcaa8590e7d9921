// Fuzzes the MessagePack decoder of the Redis adapter (cluster/msgpack) with arbitrary bytes, as
// any publisher on the Redis channels could send them. Decoding must either throw DecodeError
// or give a value whose re-encoding decodes to the same value with the same attachments, and
// every placeholder must name a decoded binary.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cluster/msgpack.h"
#include "fuzz_check.h"

namespace {

namespace mp = cluster::msgpack;

// Counts the maps shaped like placeholders; those the decoder made name a decoded binary.
size_t count_placeholders(const boost::json::value& value, size_t binaries) {
  size_t found = 0;
  if (const auto* object = value.if_object()) {
    const auto* flag = object->if_contains("_placeholder");
    const auto* num = object->if_contains("num");
    if (object->size() == 2 && flag && flag->is_bool() && flag->get_bool() && num) ++found;
    for (const auto& member : *object) found += count_placeholders(member.value(), binaries);
  } else if (const auto* array = value.if_array()) {
    for (const auto& item : *array) found += count_placeholders(item, binaries);
  }
  return found;
}

bool same_numbers_aside(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.to_number<double>(), y = b.to_number<double>();
    return x == y || (x != x && y != y);
  }
  if (a.kind() != b.kind()) return false;
  if (const auto* array = a.if_array()) {
    const auto& other = b.get_array();
    if (array->size() != other.size()) return false;
    for (size_t i = 0; i < array->size(); ++i)
      if (!same_numbers_aside((*array)[i], other[i])) return false;
    return true;
  }
  if (const auto* object = a.if_object()) {
    const auto& other = b.get_object();
    if (object->size() != other.size()) return false;
    for (const auto& member : *object) {
      const auto* match = other.if_contains(member.key());
      if (!match || !same_numbers_aside(member.value(), *match)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mp::Limits limits;
  limits.max_elements = 1 << 14;
  mp::Decoded decoded;
  try {
    decoded = mp::decode(bytes, limits);
  } catch (const mp::DecodeError&) {
    return 0;
  }
  const size_t placeholders = count_placeholders(decoded.value, decoded.binaries.size());
  FUZZ_CHECK(placeholders >= decoded.binaries.size());
  auto again = mp::decode(mp::encode(decoded.value, &decoded.binaries));
  // A map the sender shaped like a placeholder is ambiguous, as in Socket.IO itself.
  if (placeholders != decoded.binaries.size()) return 0;
  FUZZ_CHECK(again.binaries == decoded.binaries);
  FUZZ_CHECK(same_numbers_aside(again.value, decoded.value));
  return 0;
}
