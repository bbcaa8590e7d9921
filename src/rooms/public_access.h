// Who may act in a public room (seed 002). An anonymous user has no password or token: its id
// is the credential, bound at creation to a SHA-256 hash of the caller's IP, so the id is only
// good from that address. The REST routes and the /public-room/:roomId namespace both check it
// here, with the client IP taken the same way (X-Forwarded-For only with --trust-proxy).
#pragma once

#include <string>
#include <string_view>

#include "rooms/failure.h"
#include "store/store.h"

namespace rooms {

// Lower-case hex SHA-256 of the address text, as stored in users.ip_hash.
std::string ip_hash(std::string_view ip);

// The caller's address: `peer`, or with `trust_proxy` the first entry of `forwarded_for`
// (the X-Forwarded-For header) when it has one.
std::string client_address(std::string_view forwarded_for, std::string peer, bool trust_proxy);

// 403 INVALID_USER: unknown user, not anonymous, or used from another IP (one answer for all,
// so the refusal does not tell which ids exist).
Failure invalid_user();

// Runs on the worker pool. The anonymous user `user_id` if it was created from the address
// hashed as `caller_ip_hash` and `room_id` is a public room; throws Refused INVALID_USER or
// ROOM_NOT_FOUND otherwise.
store::User require_public_access(store::Store& store, const std::string& user_id,
                                  const std::string& caller_ip_hash, const std::string& room_id);

}  // namespace rooms
