// What a Session needs from a transport (HTTP long-polling or WebSocket), and what a transport
// reports back. A session owns its transports; a transport reports to its listener until the
// session detaches it.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sio/engine/packet.h"

namespace sio::engine {

// A packet on its way out. The data is shared, so one broadcast is encoded once and the same
// bytes are written to every recipient.
struct OutPacket {
  PacketType type = PacketType::kMessage;
  bool binary = false;
  std::shared_ptr<const std::string> data;

  size_t size() const { return data ? data->size() : 0; }
};

class Transport;

class TransportListener {
 public:
  virtual void on_transport_packet(Transport& from, Packet packet) = 0;
  // The transport failed or the client closed it; `reason` follows Engine.IO's close reasons.
  virtual void on_transport_close(Transport& from, std::string_view reason) = 0;
  // Polling only: a GET arrived, so buffered packets can be sent.
  virtual void on_transport_writable(Transport& from) = 0;

 protected:
  ~TransportListener() = default;
};

class Transport {
 public:
  virtual ~Transport() = default;

  virtual std::string_view name() const = 0;
  // Whether send() can deliver now (polling: a GET is waiting).
  virtual bool writable() const = 0;
  virtual void send(std::span<const OutPacket> packets) = 0;
  // Delivers `last` and ends the transport the way the protocol closes it (polling: a close
  // packet to the pending or next GET; WebSocket: a close frame).
  virtual void close(std::vector<OutPacket> last) = 0;
  // Drops the transport without further I/O to the listener.
  virtual void discard() = 0;

  void set_listener(TransportListener* listener) { listener_ = listener; }

 protected:
  TransportListener* listener_ = nullptr;
};

}  // namespace sio::engine
