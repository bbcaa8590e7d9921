// A router: the media of one room. It owns that room's transports, producers and consumers
// (in that order of dependency: a consumer refers to its producer and its transport, a
// producer to its transport), routes each RTP packet from the producer it belongs to to that
// producer's consumers, and each RTCP message to the producer or consumer it is about. Every
// object carries its owner (the signaling layer's peer key) and requests naming an object of
// another owner are refused. Closing a transport closes its producers and consumers; closing
// a producer closes its consumers. A one-second tick sends receiver reports to the producers
// and closes transports whose ICE consent expired.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "media/consumer.h"
#include "media/producer.h"
#include "media/webrtc_transport.h"

namespace media {

class Router : public WebRtcTransport::Listener {
 public:
  using Clock = std::chrono::steady_clock;

  // Upward calls for what the router did on its own (not on request).
  class Listener {
   public:
    virtual ~Listener() = default;
    // A producer closed because its transport failed or expired.
    virtual void producer_closed(Router& router, const std::string& producer_id,
                                 const std::string& owner) = 0;
  };

  Router(std::string id, TransportContext& context, Listener& listener);
  ~Router() override;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  const std::string& id() const { return id_; }
  static boost::json::object rtp_capabilities() { return router_rtp_capabilities(); }

  WebRtcTransport& create_transport(const std::string& owner);
  void connect_transport(const std::string& owner, const std::string& transport_id,
                         const boost::json::value& dtls_parameters);
  Producer& produce(const std::string& owner, const std::string& transport_id, MediaKind kind,
                    const boost::json::value& rtp_parameters, boost::json::value app_data);
  Consumer& consume(const std::string& owner, const std::string& transport_id,
                    const std::string& producer_id, const boost::json::value& capabilities);
  void set_producer_paused(const std::string& owner, const std::string& producer_id, bool paused);
  void resume_consumer(const std::string& owner, const std::string& consumer_id);
  void pause_consumer(const std::string& owner, const std::string& consumer_id);
  void close_producer(const std::string& owner, const std::string& producer_id);
  void close_transport(const std::string& owner, const std::string& transport_id);
  // Closes everything of `owner`; returns the ids of the producers that closed.
  std::vector<std::string> close_owner(const std::string& owner);

  // Audio-only degradation: every video producer (and any made later) is held paused.
  void set_video_held(bool held);
  bool video_held() const { return video_held_; }

  const Producer* find_producer(const std::string& id) const;
  void for_each_producer(const std::function<void(const Producer&)>& visit) const;
  void for_each_consumer(const std::function<void(const Consumer&)>& visit) const;
  size_t transport_count() const { return transports_.size(); }
  // Packets forwarded by consumers that have closed.
  uint64_t closed_forwarded() const { return closed_forwarded_; }

  void tick(Clock::time_point now);

 private:
  void transport_rtp(WebRtcTransport& transport, const RtpPacket& packet,
                     Clock::time_point now) override;
  void transport_rtcp(WebRtcTransport& transport, const std::vector<rtcp::Item>& items,
                      Clock::time_point now) override;
  void transport_failed(WebRtcTransport& transport, const std::string& reason) override;

  WebRtcTransport& owned_transport(const std::string& owner, const std::string& id);
  Producer& owned_producer(const std::string& owner, const std::string& id);
  Consumer& owned_consumer(const std::string& owner, const std::string& id);
  void erase_consumer(const std::string& id);
  void erase_producer(const std::string& id);
  std::vector<std::string> erase_transport(const std::string& id);
  void schedule_tick();

  std::string id_;
  TransportContext& context_;
  Listener& listener_;
  std::map<std::string, std::unique_ptr<WebRtcTransport>> transports_;
  std::map<std::string, std::unique_ptr<Producer>> producers_;
  std::map<std::string, std::unique_ptr<Consumer>> consumers_;
  bool video_held_ = false;
  uint64_t closed_forwarded_ = 0;
  boost::asio::steady_timer tick_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// A random RFC 4122 version 4 id.
std::string random_uuid();

}  // namespace media
