// Setup steps shared by carrel-load's scenarios: sign up the users (user 0 owns the rooms and
// takes part in nothing else) or read them from --users-file, since argon2id sign-ups cost the
// server tens of milliseconds each and are not what the scenarios measure, create enough rooms for
// the participants within the API's capacity limit, spread participants 1..N evenly over them, and
// open WebSockets.
#pragma once

#include "driver.h"
#include "fleet.h"
#include "options.h"

namespace carrel_load {

// Rooms needed for `participants` at `capacity` each, at least `asked`.
int rooms_needed(int participants, int asked, int capacity);
// Signs up participants + 1 users (or loads them from o.users_file, and writes that file after
// signing up) and creates the rooms (none when rooms == 0); false on any failure.
bool prepare_fleet(Driver& drv, Fleet& fleet, const Options& o, int participants, int rooms);
// Opens the WebSocket of users [first, last), `concurrency` handshakes at a time.
bool open_sockets(Driver& drv, Fleet& fleet, int first, int last, int concurrency);

}  // namespace carrel_load
