// What RoomService tells other parts of the domain about participation, without knowing them:
// someone joined or left a room (any way: REST, socket, kick, dropped connection) and a room's
// occupancy changed. The media signaling uses it to clean up a participant's media, to close
// a room's router when it empties and for the audio-only degradation.
#pragma once

#include <string>

namespace rooms {

class RoomListener {
 public:
  virtual ~RoomListener() = default;
  virtual void participant_joined(const std::string& room_id, const std::string& user_id) = 0;
  virtual void participant_left(const std::string& room_id, const std::string& user_id) = 0;
  virtual void occupancy_changed(const std::string& room_id, int occupancy) = 0;
};

}  // namespace rooms
