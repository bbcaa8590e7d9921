// HTTP long-polling: the client GETs to receive (the request is held until there is something
// to send) and POSTs to send. At most one GET may be pending; a second one is a protocol error.
#pragma once

#include "http/server.h"
#include "sio/engine/options.h"
#include "sio/engine/transport.h"

namespace sio::engine {

class PollingTransport final : public Transport {
 public:
  explicit PollingTransport(const Options& options) : options_(options) {}
  ~PollingTransport() override;

  // A GET or POST carrying this session's id.
  void handle(std::shared_ptr<http::Exchange> exchange);
  // A POST's headers arrived. Returns a guard held while its body is read, or nullptr when
  // another upload is already in progress, which is a protocol error.
  std::shared_ptr<void> begin_upload();

  std::string_view name() const override { return "polling"; }
  bool writable() const override { return pending_get_ != nullptr; }
  void send(std::span<const OutPacket> packets) override;
  void close(std::vector<OutPacket> last) override;
  void discard() override;

 private:
  void handle_get(std::shared_ptr<http::Exchange> exchange);
  void handle_post(std::shared_ptr<http::Exchange> exchange);
  void answer(std::shared_ptr<http::Exchange> exchange, std::string body,
              std::string_view content_type);
  void answer_error(std::shared_ptr<http::Exchange> exchange);

  const Options& options_;
  std::shared_ptr<http::Exchange> pending_get_;
  bool closing_ = false;
  std::shared_ptr<bool> uploading_ = std::make_shared<bool>(false);
  std::vector<OutPacket> last_;  // what a closing transport still owes the next GET
};

}  // namespace sio::engine
