// Connection state recovery (Socket.IO v4.6+): a client whose connection dropped comes back
// within a window and gets its socket id, rooms, data and every event it missed.
//
// How it works: every event an adapter broadcasts (acked emits aside) gets an offset, a string
// appended as its last argument, and is kept in an in-order log for the window. The client
// remembers the last offset it saw and sends it, with its private session id (pid), in the
// CONNECT of its next connection. A socket closed by the network (not by either side on purpose)
// leaves a session behind; restoring it replays the logged events after that offset which would
// have reached the socket's rooms.
//
// Memory: an entry is the time it was logged, a pointer to its interned target (see
// recovery_targets.h) and the encoded packet that was delivered, kept at its exact size. Offsets
// are consecutive, so only the first one is stored.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <deque>
#include <unordered_map>

#include "sio/protocol/packet.h"
#include "sio/recovery_targets.h"
#include "sio/types.h"

namespace sio {

struct BroadcastOptions;

struct RecoveryOptions {
  // How long a session and the events it may miss are kept.
  std::chrono::milliseconds max_disconnection{std::chrono::minutes(2)};
  // Whether a recovered socket skips the namespace middleware. Running it (the default here)
  // lets the application refuse a session that is no longer valid, e.g. a user who left.
  bool skip_middlewares = false;
};

// What is kept of a socket between its connections.
struct PersistedSession {
  SocketId sid;
  std::string pid;
  Rooms rooms;
  boost::json::object data;
};

struct RestoredSession {
  PersistedSession session;
  std::vector<EncodedPacket> missed;  // in the order they were broadcast
};

// Whether a socket closed for this reason may come back: network failures and server-side
// connection closes, not a namespace disconnect asked for by the client or the server.
bool is_recoverable_reason(std::string_view reason);

// The packet log and the sessions of one namespace.
class RecoveryLog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RecoveryLog(std::chrono::milliseconds window) : window_(window) {}
  RecoveryLog(const RecoveryLog&) = delete;  // entries point into its own target table
  RecoveryLog& operator=(const RecoveryLog&) = delete;

  // Whether `packet` is logged: events without an ack id.
  static bool is_loggable(const protocol::Packet& packet);
  // Gives a loggable packet its offset, logs it and returns it encoded for delivery.
  EncodedPacket record(const protocol::Packet& packet, const BroadcastOptions& options,
                       Clock::time_point now = Clock::now());
  void persist(PersistedSession session, Clock::time_point now = Clock::now());
  // The session and what it missed after `offset`, or nullopt when the session is unknown or
  // expired or the offset is no longer in the log. A session is restored at most once.
  std::optional<RestoredSession> restore(const std::string& pid, std::string_view offset,
                                         Clock::time_point now = Clock::now());

  // Drops the packets and sessions older than the window. Every call above does it too; an
  // owner calls it on a timer so that an idle namespace lets go of its log as well.
  void purge(Clock::time_point now = Clock::now());
  bool empty() const { return packets_.empty() && sessions_.empty(); }

  size_t packet_count() const { return packets_.size(); }
  size_t session_count() const { return sessions_.size(); }
  // Distinct (rooms, except) pairs among the logged packets.
  size_t target_count() const { return targets_.size(); }

 private:
  struct LoggedPacket {
    Clock::time_point at;
    const BroadcastTarget* target;  // counted in targets_
    EncodedPacket encoded;
  };
  struct StoredSession {
    PersistedSession session;
    Clock::time_point expires;
  };

  std::chrono::milliseconds window_;
  uint64_t next_offset_ = 1;
  uint64_t first_offset_ = 1;  // of packets_.front(); next_offset_ while the log is empty
  Clock::time_point next_sweep_{};
  BroadcastTargets targets_;  // before packets_, which points into it
  std::deque<LoggedPacket> packets_;
  std::unordered_map<std::string, StoredSession> sessions_;
};

}  // namespace sio
