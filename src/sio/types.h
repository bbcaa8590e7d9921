// Small vocabulary types shared by the Socket.IO server classes.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace sio {

using SocketId = std::string;
using Room = std::string;
using Rooms = std::unordered_set<Room>;
// Binary attachments of an event or ack; the JSON arguments refer to them with placeholders
// (see protocol::placeholder).
using Attachments = std::vector<std::string>;

// What a client answered to an emit_with_ack.
struct AckResponse {
  boost::json::array args;
  Attachments attachments;
};
// Called once with the answer, or with nullopt when the timeout expired or the socket left.
using AckCallback = std::function<void(std::optional<AckResponse>)>;

// A refusal from connection middleware, delivered to the client as connect_error.
struct ConnectError {
  std::string message;
  std::optional<boost::json::value> data;
};

// A packet encoded once and written to any number of clients.
struct EncodedPacket {
  std::shared_ptr<const std::string> text;
  std::vector<std::shared_ptr<const std::string>> attachments;
};

}  // namespace sio
