// The Adapter owns a namespace's rooms and performs its broadcasts. The core only talks to this
// interface, so a cluster adapter (e.g. over Redis) can forward broadcasts to other instances
// without any change elsewhere. InMemoryAdapter serves a single process and, when the server
// enables connection state recovery, keeps the RecoveryLog of its namespace.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <unordered_map>

#include "sio/protocol/packet.h"
#include "sio/recovery.h"
#include "sio/types.h"

namespace sio {

class Namespace;

struct BroadcastOptions {
  Rooms rooms;         // empty: every socket of the namespace
  Rooms except;        // sockets in any of these rooms are skipped
  bool local = false;  // only this instance (cluster adapters honour it)
};

class Adapter {
 public:
  explicit Adapter(Namespace& nsp) : nsp_(nsp) {}
  virtual ~Adapter() = default;

  virtual void add_all(const SocketId& id, const Rooms& rooms) = 0;
  virtual void del(const SocketId& id, const Room& room) = 0;
  virtual void del_all(const SocketId& id) = 0;
  virtual void broadcast(const protocol::Packet& packet, const BroadcastOptions& options) = 0;
  virtual std::vector<SocketId> sockets(const Rooms& rooms) const = 0;
  virtual Rooms socket_rooms(const SocketId& id) const = 0;

  // Connection state recovery; adapters without it keep nothing and restore nothing.
  virtual void persist_session(PersistedSession) {}
  virtual std::optional<RestoredSession> restore_session(const std::string& /*pid*/,
                                                         std::string_view /*offset*/) {
    return std::nullopt;
  }

 protected:
  Namespace& nsp_;
};

using AdapterFactory = std::function<std::unique_ptr<Adapter>(Namespace&)>;

class InMemoryAdapter : public Adapter {
 public:
  explicit InMemoryAdapter(Namespace& nsp);

  void add_all(const SocketId& id, const Rooms& rooms) override;
  void del(const SocketId& id, const Room& room) override;
  void del_all(const SocketId& id) override;
  void broadcast(const protocol::Packet& packet, const BroadcastOptions& options) override;
  std::vector<SocketId> sockets(const Rooms& rooms) const override;
  Rooms socket_rooms(const SocketId& id) const override;
  void persist_session(PersistedSession session) override;
  std::optional<RestoredSession> restore_session(const std::string& pid,
                                                 std::string_view offset) override;

  size_t room_count() const { return rooms_.size(); }
  const RecoveryLog* recovery_log() const { return log_.get(); }

 protected:
  // Calls `visit` once for every local socket id the options select.
  void for_each_target(const BroadcastOptions& options,
                       const std::function<void(const SocketId&)>& visit) const;
  // Writes an already encoded packet to the selected local sockets.
  void deliver(const EncodedPacket& encoded, const BroadcastOptions& options);

 private:
  bool is_excluded(const SocketId& id, const Rooms& except) const;
  // Purges the recovery log now and then while it holds anything.
  void schedule_purge();

  std::unordered_map<Room, std::unordered_set<SocketId>> rooms_;
  std::unordered_map<SocketId, Rooms> sids_;
  std::unique_ptr<RecoveryLog> log_;  // when recovery is enabled
  std::unique_ptr<boost::asio::steady_timer> purge_timer_;
  bool purge_scheduled_ = false;
};

// Encodes a packet once for many recipients.
EncodedPacket encode_shared(const protocol::Packet& packet);

}  // namespace sio
