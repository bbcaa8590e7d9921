#include "sio/broadcast.h"

namespace sio {

protocol::Packet make_event(std::string_view nsp, std::string_view event, boost::json::array args,
                            Attachments attachments) {
  protocol::Packet packet;
  packet.type = protocol::PacketType::kEvent;
  packet.nsp = std::string(nsp);
  args.emplace(args.begin(), boost::json::string(event));
  packet.data = std::move(args);
  packet.attachments = std::move(attachments);
  protocol::normalize_attachments(packet);
  return packet;
}

void BroadcastOperator::emit(std::string_view event, boost::json::value payload) const {
  boost::json::array args;
  args.push_back(std::move(payload));
  emit_args(event, std::move(args));
}

void BroadcastOperator::emit_args(std::string_view event, boost::json::array args,
                                  Attachments attachments) const {
  adapter_.broadcast(make_event(nsp_, event, std::move(args), std::move(attachments)), options_);
}

}  // namespace sio
