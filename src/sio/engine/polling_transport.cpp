#include "sio/engine/polling_transport.h"

namespace sio::engine {
namespace {

std::string encode_out_payload(std::span<const OutPacket> packets) {
  size_t size = 0;
  for (const auto& p : packets) size += p.size() * (p.binary ? 2 : 1) + 2;
  std::string body;
  body.reserve(size);
  for (const auto& p : packets) {
    if (!body.empty()) body += kRecordSeparator;
    Packet view{p.type, {}, p.binary};
    if (p.binary) {
      view.data = *p.data;
      append_text_packet(body, view);
    } else {
      body += char(p.type);
      if (p.data) body += *p.data;
    }
  }
  return body;
}

}  // namespace

PollingTransport::~PollingTransport() {
  discard();
}

void PollingTransport::handle(std::shared_ptr<http::Exchange> exchange) {
  if (exchange->request().method() == http::Verb::get) return handle_get(std::move(exchange));
  handle_post(std::move(exchange));
}

std::shared_ptr<void> PollingTransport::begin_upload() {
  if (*uploading_) {
    if (listener_) listener_->on_transport_close(*this, "transport error");
    return nullptr;
  }
  *uploading_ = true;
  return std::shared_ptr<void>(nullptr, [flag = uploading_](void*) { *flag = false; });
}

void PollingTransport::handle_get(std::shared_ptr<http::Exchange> exchange) {
  if (pending_get_) {
    answer_error(std::move(exchange));
    if (listener_) listener_->on_transport_close(*this, "transport error");
    return;
  }
  pending_get_ = std::move(exchange);
  if (closing_) {
    last_.push_back({PacketType::kClose, false, nullptr});
    send(last_);
    last_.clear();
    if (listener_) listener_->on_transport_close(*this, "forced close");
    return;
  }
  pending_get_->on_abort([this] {
    pending_get_.reset();
    if (listener_) listener_->on_transport_close(*this, "transport close");
  });
  if (listener_) listener_->on_transport_writable(*this);
}

void PollingTransport::handle_post(std::shared_ptr<http::Exchange> exchange) {
  auto packets = decode_payload(exchange->request().body());
  if (!packets) {
    answer_error(std::move(exchange));
    if (listener_) listener_->on_transport_close(*this, "parse error");
    return;
  }
  answer(std::move(exchange), "ok", "text/html");
  for (auto& packet : *packets) {
    if (!listener_) return;
    if (packet.type == PacketType::kClose) {
      // The client is leaving: release its pending GET with a noop so the request completes.
      if (pending_get_) {
        OutPacket noop{PacketType::kNoop, false, nullptr};
        send({&noop, 1});
      }
      listener_->on_transport_close(*this, "transport close");
      return;
    }
    listener_->on_transport_packet(*this, std::move(packet));
  }
}

void PollingTransport::send(std::span<const OutPacket> packets) {
  if (!pending_get_) return;
  answer(std::move(pending_get_), encode_out_payload(packets), "text/plain; charset=UTF-8");
  pending_get_.reset();
}

void PollingTransport::close(std::vector<OutPacket> last) {
  closing_ = true;
  last_ = std::move(last);
  if (!pending_get_) return;
  last_.push_back({PacketType::kClose, false, nullptr});
  send(last_);
  last_.clear();
}

void PollingTransport::discard() {
  listener_ = nullptr;
  if (pending_get_) {
    OutPacket noop{PacketType::kNoop, false, nullptr};
    send({&noop, 1});
  }
}

void PollingTransport::answer(std::shared_ptr<http::Exchange> exchange, std::string body,
                              std::string_view content_type) {
  auto response =
      http::make_response(exchange->request(), http::Status::ok, std::move(body), content_type);
  options_.cors.apply(exchange->request(), response);
  exchange->respond(std::move(response));
}

void PollingTransport::answer_error(std::shared_ptr<http::Exchange> exchange) {
  auto response = http::make_response(exchange->request(), http::Status::bad_request,
                                      R"({"code":3,"message":"Bad request"})", "application/json");
  options_.cors.apply(exchange->request(), response);
  exchange->respond(std::move(response));
}

}  // namespace sio::engine
