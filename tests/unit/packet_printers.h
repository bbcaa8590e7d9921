// Readable printing of codec packets in GoogleTest failures and RapidCheck counterexamples
// (both find these operators by argument-dependent lookup).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <ostream>
#include <string_view>

#include "sio/engine/packet.h"
#include "sio/protocol/packet.h"

namespace carrel_test {

// Bytes as a JSON-style quoted string, so binary data and separators stay visible.
inline void print_bytes(std::ostream& os, std::string_view bytes) {
  os << boost::json::serialize(boost::json::string_view(bytes.data(), bytes.size()));
}

}  // namespace carrel_test

namespace sio::engine {

inline std::ostream& operator<<(std::ostream& os, PacketType type) {
  return os << "'" << char(type) << "'";
}

inline std::ostream& operator<<(std::ostream& os, const Packet& packet) {
  os << "{type " << packet.type << (packet.binary ? ", binary " : ", data ");
  carrel_test::print_bytes(os, packet.data);
  return os << "}";
}

}  // namespace sio::engine

namespace sio::protocol {

inline std::ostream& operator<<(std::ostream& os, PacketType type) {
  return os << int(type);
}

inline std::ostream& operator<<(std::ostream& os, const Packet& packet) {
  os << "{type " << packet.type << ", nsp ";
  carrel_test::print_bytes(os, packet.nsp);
  if (packet.id) os << ", id " << *packet.id;
  if (packet.data) os << ", data " << *packet.data;
  if (!packet.attachments.empty()) {
    os << ", attachments [";
    for (size_t i = 0; i < packet.attachments.size(); ++i) {
      if (i > 0) os << ", ";
      carrel_test::print_bytes(os, packet.attachments[i]);
    }
    os << "]";
  }
  return os << "}";
}

}  // namespace sio::protocol
