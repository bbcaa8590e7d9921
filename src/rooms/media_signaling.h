// The SFU's signaling on the /room/:roomId namespace (DESIGN.md section 4, "Media (SFU)"):
// the acked sfu-* requests, each carried out on the room's media::Router with mediasoup's own
// parameter objects, and the sfu-new-producer, sfu-producer-closed and media-mode events.
// Media belongs to the socket that made it: everything of a socket closes when it disconnects
// (which a kick does) and everything of a user when they leave the room; a room's router
// closes when its occupancy reaches zero. Above `audio_only_threshold` participants a room is
// audio-only: video producers are held paused, new video is refused with AUDIO_ONLY, and
// every client gets media-mode; video returns at threshold - 1.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "media/media_server.h"
#include "rooms/room_listener.h"
#include "rooms/room_service.h"
#include "sio/socket.h"

namespace rooms {

struct MediaSignalingOptions {
  int audio_only_threshold = 25;
};

class MediaSignaling : public RoomListener, public media::Router::Listener {
 public:
  MediaSignaling(RoomService& rooms, media::MediaServer& media, MediaSignalingOptions options);

  // The client events answered here, for the namespace's list of known events.
  static const std::unordered_set<std::string_view>& events();
  // Registers the sfu-* handlers on an admitted socket of /room/:roomId.
  void attach(const std::shared_ptr<sio::Socket>& socket);

  void participant_joined(const std::string& room_id, const std::string& user_id) override;
  void participant_left(const std::string& room_id, const std::string& user_id) override;
  void occupancy_changed(const std::string& room_id, int occupancy) override;
  void producer_closed(media::Router& router, const std::string& producer_id,
                       const std::string& owner) override;

  bool audio_only(const std::string& room_id) const;

 private:
  using SocketPtr = std::shared_ptr<sio::Socket>;
  using Handler = boost::json::object (MediaSignaling::*)(const SocketPtr&,
                                                          const boost::json::object&);

  void on(const SocketPtr& socket, const std::string& event, Handler handler);
  media::Router& router_of(const SocketPtr& socket);
  void close_socket_media(const std::string& room_id, const std::string& socket_id);
  void announce_closed(const std::string& room_id, const std::vector<std::string>& producers);
  void set_mode(const std::string& room_id, bool audio_only);

  boost::json::object get_rtp_capabilities(const SocketPtr& socket, const boost::json::object&);
  boost::json::object create_transport(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object connect_transport(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object produce(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object consume(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object resume_consumer(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object pause_consumer(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object pause_producer(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object resume_producer(const SocketPtr& socket, const boost::json::object& body);
  boost::json::object close_producer(const SocketPtr& socket, const boost::json::object& body);

  RoomService& rooms_;
  media::MediaServer& media_;
  MediaSignalingOptions options_;
  // Sockets with media, by room: socket id -> user id.
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> sockets_;
  std::unordered_set<std::string> audio_only_;  // rooms degraded to audio-only
  std::unordered_set<std::string> left_;        // "<room>/<user>" who left but stay connected
};

}  // namespace rooms
