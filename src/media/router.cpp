// Router: see router.h.
#include "media/router.h"

#include <openssl/rand.h>

#include <boost/asio/post.hpp>
#include <cstdio>

#include "media/media_error.h"

namespace media {

namespace json = boost::json;

namespace {

constexpr auto kTickInterval = std::chrono::seconds(1);

uint32_t random_ssrc() {
  uint32_t value = 0;
  while (value == 0) RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value));
  return value;
}

}  // namespace

std::string random_uuid() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof(bytes));
  bytes[6] = (bytes[6] & 0x0F) | 0x40;
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  char text[37];
  std::snprintf(text, sizeof(text),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

Router::Router(std::string id, TransportContext& context, Listener& listener)
    : id_(std::move(id)), context_(context), listener_(listener), tick_timer_(context.executor) {
  schedule_tick();
}

Router::~Router() {
  *alive_ = false;
  tick_timer_.cancel();
  consumers_.clear();
  producers_.clear();
  transports_.clear();
}

void Router::schedule_tick() {
  tick_timer_.expires_after(kTickInterval);
  tick_timer_.async_wait([this, alive = alive_](boost::system::error_code error) {
    if (error || !*alive) return;
    tick(Clock::now());
    schedule_tick();
  });
}

WebRtcTransport& Router::create_transport(const std::string& owner) {
  if (transports_.size() >= 1000) throw MediaError("TOO_MANY_TRANSPORTS", "Router is full");
  auto id = random_uuid();
  auto transport = std::make_unique<WebRtcTransport>(id, owner, context_, *this);
  auto& ref = *transport;
  transports_.emplace(id, std::move(transport));
  return ref;
}

WebRtcTransport& Router::owned_transport(const std::string& owner, const std::string& id) {
  auto it = transports_.find(id);
  if (it == transports_.end() || it->second->owner() != owner)
    throw MediaError("TRANSPORT_NOT_FOUND", "No such transport");
  return *it->second;
}

Producer& Router::owned_producer(const std::string& owner, const std::string& id) {
  auto it = producers_.find(id);
  if (it == producers_.end() || it->second->transport().owner() != owner)
    throw MediaError("PRODUCER_NOT_FOUND", "No such producer");
  return *it->second;
}

Consumer& Router::owned_consumer(const std::string& owner, const std::string& id) {
  auto it = consumers_.find(id);
  if (it == consumers_.end() || it->second->transport().owner() != owner)
    throw MediaError("CONSUMER_NOT_FOUND", "No such consumer");
  return *it->second;
}

void Router::connect_transport(const std::string& owner, const std::string& transport_id,
                               const json::value& dtls_parameters) {
  owned_transport(owner, transport_id).connect(dtls_parameters);
}

Producer& Router::produce(const std::string& owner, const std::string& transport_id, MediaKind kind,
                          const json::value& rtp_parameters, json::value app_data) {
  auto& transport = owned_transport(owner, transport_id);
  auto parameters = parse_producer_parameters(kind, rtp_parameters);
  auto& routes = transport.routes();
  for (uint32_t ssrc : parameters.ssrcs)
    if (routes.producers_by_ssrc.contains(ssrc))
      throw MediaError("SSRC_IN_USE", "Another producer uses that SSRC");
  if (!parameters.mid.empty() && routes.producers_by_mid.contains(parameters.mid))
    throw MediaError("MID_IN_USE", "Another producer uses that mid");
  auto id = random_uuid();
  auto producer =
      std::make_unique<Producer>(id, transport, std::move(parameters), std::move(app_data));
  auto& ref = *producer;
  for (uint32_t ssrc : ref.parameters().ssrcs) routes.producers_by_ssrc[ssrc] = &ref;
  if (!ref.parameters().mid.empty()) routes.producers_by_mid[ref.parameters().mid] = &ref;
  if (kind == MediaKind::video && video_held_) ref.set_paused_by_room(true);
  producers_.emplace(id, std::move(producer));
  return ref;
}

Consumer& Router::consume(const std::string& owner, const std::string& transport_id,
                          const std::string& producer_id, const json::value& capabilities) {
  auto& transport = owned_transport(owner, transport_id);
  auto it = producers_.find(producer_id);
  if (it == producers_.end()) throw MediaError("PRODUCER_NOT_FOUND", "No such producer");
  auto& producer = *it->second;
  auto& routes = transport.routes();
  uint32_t ssrc = random_ssrc();
  while (routes.consumers_by_ssrc.contains(ssrc)) ssrc = random_ssrc();
  const auto mid = std::to_string(routes.next_mid);
  auto parameters = consumer_parameters(producer.parameters(), capabilities, ssrc, mid);
  ++routes.next_mid;
  auto id = random_uuid();
  auto consumer =
      std::make_unique<Consumer>(id, transport, producer, std::move(parameters), ssrc, mid);
  auto& ref = *consumer;
  routes.consumers_by_ssrc[ssrc] = &ref;
  producer.add_consumer(&ref);
  consumers_.emplace(id, std::move(consumer));
  return ref;
}

void Router::set_producer_paused(const std::string& owner, const std::string& producer_id,
                                 bool paused) {
  owned_producer(owner, producer_id).set_paused_by_client(paused);
}

void Router::resume_consumer(const std::string& owner, const std::string& consumer_id) {
  owned_consumer(owner, consumer_id).resume(Clock::now());
}

void Router::pause_consumer(const std::string& owner, const std::string& consumer_id) {
  owned_consumer(owner, consumer_id).pause();
}

void Router::close_producer(const std::string& owner, const std::string& producer_id) {
  owned_producer(owner, producer_id);
  erase_producer(producer_id);
}

void Router::close_transport(const std::string& owner, const std::string& transport_id) {
  owned_transport(owner, transport_id);
  erase_transport(transport_id);
}

std::vector<std::string> Router::close_owner(const std::string& owner) {
  std::vector<std::string> ids, closed;
  for (const auto& [id, transport] : transports_)
    if (transport->owner() == owner) ids.push_back(id);
  for (const auto& id : ids)
    for (auto& producer : erase_transport(id)) closed.push_back(std::move(producer));
  return closed;
}

void Router::erase_consumer(const std::string& id) {
  auto it = consumers_.find(id);
  if (it == consumers_.end()) return;
  auto& consumer = *it->second;
  consumer.producer().remove_consumer(&consumer);
  consumer.transport().routes().consumers_by_ssrc.erase(consumer.ssrc());
  closed_forwarded_ += consumer.packets_forwarded();
  consumers_.erase(it);
}

void Router::erase_producer(const std::string& id) {
  auto it = producers_.find(id);
  if (it == producers_.end()) return;
  auto& producer = *it->second;
  std::vector<std::string> consumer_ids;
  for (Consumer* consumer : producer.consumers()) consumer_ids.push_back(consumer->id());
  for (const auto& consumer_id : consumer_ids) erase_consumer(consumer_id);
  auto& routes = producer.transport().routes();
  std::erase_if(routes.producers_by_ssrc, [&](const auto& e) { return e.second == &producer; });
  std::erase_if(routes.producers_by_mid, [&](const auto& e) { return e.second == &producer; });
  producers_.erase(it);
}

std::vector<std::string> Router::erase_transport(const std::string& id) {
  auto it = transports_.find(id);
  if (it == transports_.end()) return {};
  WebRtcTransport* transport = it->second.get();
  std::vector<std::string> consumer_ids, producer_ids;
  for (const auto& [cid, consumer] : consumers_)
    if (&consumer->transport() == transport) consumer_ids.push_back(cid);
  for (const auto& [pid, producer] : producers_)
    if (&producer->transport() == transport) producer_ids.push_back(pid);
  for (const auto& cid : consumer_ids) erase_consumer(cid);
  for (const auto& pid : producer_ids) erase_producer(pid);
  transports_.erase(it);
  return producer_ids;
}

void Router::set_video_held(bool held) {
  video_held_ = held;
  for (auto& [id, producer] : producers_)
    if (producer->kind() == MediaKind::video) producer->set_paused_by_room(held);
}

const Producer* Router::find_producer(const std::string& id) const {
  auto it = producers_.find(id);
  return it == producers_.end() ? nullptr : it->second.get();
}

void Router::for_each_producer(const std::function<void(const Producer&)>& visit) const {
  for (const auto& [id, producer] : producers_) visit(*producer);
}

void Router::for_each_consumer(const std::function<void(const Consumer&)>& visit) const {
  for (const auto& [id, consumer] : consumers_) visit(*consumer);
}

void Router::transport_rtp(WebRtcTransport& transport, const RtpPacket& packet,
                           Clock::time_point now) {
  auto& routes = transport.routes();
  auto it = routes.producers_by_ssrc.find(packet.ssrc());
  if (it != routes.producers_by_ssrc.end()) return it->second->receive_rtp(packet, now);
  // An SSRC not signalled: learn it from the mid header extension, as browsers send it.
  for (auto& [mid, producer] : routes.producers_by_mid) {
    const uint8_t ext = producer->parameters().mid_extension_id;
    auto value = ext ? packet.extension(ext) : std::nullopt;
    if (!value ||
        std::string_view(reinterpret_cast<const char*>(value->data()), value->size()) != mid)
      continue;
    if (packet.payload_type() != producer->parameters().payload_type) return;
    routes.producers_by_ssrc[packet.ssrc()] = producer;
    return producer->receive_rtp(packet, now);
  }
}

void Router::transport_rtcp(WebRtcTransport& transport, const std::vector<rtcp::Item>& items,
                            Clock::time_point now) {
  auto& routes = transport.routes();
  auto consumer = [&](uint32_t ssrc) -> Consumer* {
    auto it = routes.consumers_by_ssrc.find(ssrc);
    return it == routes.consumers_by_ssrc.end() ? nullptr : it->second;
  };
  for (const auto& item : items) {
    if (const auto* sr = std::get_if<rtcp::SenderReport>(&item)) {
      auto it = routes.producers_by_ssrc.find(sr->ssrc);
      if (it != routes.producers_by_ssrc.end()) it->second->receive_sender_report(*sr, now);
    } else if (const auto* pli = std::get_if<rtcp::Pli>(&item)) {
      if (auto* c = consumer(pli->media_ssrc)) c->receive_key_frame_request(now);
    } else if (const auto* fir = std::get_if<rtcp::Fir>(&item)) {
      for (const auto& entry : fir->entries)
        if (auto* c = consumer(entry.ssrc)) c->receive_key_frame_request(now);
    } else if (const auto* nack = std::get_if<rtcp::Nack>(&item)) {
      if (auto* c = consumer(nack->media_ssrc)) c->receive_nack(*nack, now);
    }
  }
}

void Router::transport_failed(WebRtcTransport& transport, const std::string& reason) {
  // Not inside the transport's own call stack: close it from the executor.
  boost::asio::post(context_.executor, [this, alive = alive_, id = transport.id()] {
    if (!*alive) return;
    auto it = transports_.find(id);
    if (it == transports_.end()) return;
    const auto owner = it->second->owner();
    for (const auto& producer_id : erase_transport(id))
      listener_.producer_closed(*this, producer_id, owner);
  });
}

void Router::tick(Clock::time_point now) {
  std::map<WebRtcTransport*, std::vector<uint8_t>> reports;
  for (auto& [id, producer] : producers_)
    producer->append_receiver_report(reports[&producer->transport()], now);
  for (auto& [transport, bytes] : reports)
    if (!bytes.empty()) transport->send_rtcp(std::move(bytes));
  std::vector<WebRtcTransport*> expired;
  for (auto& [id, transport] : transports_)
    if (transport->ice_consent_expired(now)) expired.push_back(transport.get());
  for (auto* transport : expired) transport_failed(*transport, "ICE consent expired");
}

}  // namespace media
