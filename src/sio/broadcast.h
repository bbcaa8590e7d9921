// A broadcast being built: `nsp.to("a").except("b").emit(...)`. Emitting encodes the event once
// and lets the namespace's adapter deliver it.
#pragma once

#include <string_view>

#include "sio/adapter.h"

namespace sio {

class BroadcastOperator {
 public:
  explicit BroadcastOperator(Adapter& adapter, std::string nsp, Rooms except = {})
      : adapter_(adapter), nsp_(std::move(nsp)) {
    options_.except = std::move(except);
  }

  BroadcastOperator& to(Room room) {
    options_.rooms.insert(std::move(room));
    return *this;
  }
  BroadcastOperator& except(Room room) {
    options_.except.insert(std::move(room));
    return *this;
  }
  BroadcastOperator& local() {
    options_.local = true;
    return *this;
  }

  // One JSON argument.
  void emit(std::string_view event, boost::json::value payload) const;
  // Any number of arguments, with binary attachments referenced by placeholders.
  void emit_args(std::string_view event, boost::json::array args = {},
                 Attachments attachments = {}) const;

 private:
  Adapter& adapter_;
  std::string nsp_;
  BroadcastOptions options_;
};

// The EVENT packet for `event` with `args`.
protocol::Packet make_event(std::string_view nsp, std::string_view event, boost::json::array args,
                            Attachments attachments);

}  // namespace sio
