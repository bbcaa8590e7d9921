// A refused or failed request, answered the same way over REST (the error envelope with its
// status) and over Socket.IO (an ack {ok: false, error: {code, message}} or an `error` event).
#pragma once

#include <boost/json/value.hpp>
#include <exception>
#include <string>

#include "http/server.h"

namespace rooms {

struct Failure {
  http::Status status = http::Status::internal_server_error;
  std::string code = "INTERNAL_ERROR";
  std::string message = "Internal error";
  boost::json::value details = nullptr;
  int retry_after = 0;   // seconds, for RATE_LIMITED
  std::string internal;  // for the log only, never sent to a client
};

// Thrown by work on the worker pool to refuse an action with a specific answer.
struct Refused {
  Failure failure;
};

Failure validation_failure(boost::json::object fields);
Failure not_found(std::string code, std::string message);
Failure forbidden(std::string message);
Failure unauthorized(std::string message = "A valid token is required");
Failure room_not_found();        // 404 ROOM_NOT_FOUND
Failure not_participant_here();  // 403 NOT_PARTICIPANT: acting in a room you are not in
Failure rate_limited(int retry_after_seconds);
// The failure for an exception from the worker pool: a Refused carries its own,
// store::Unavailable is 503 SERVICE_UNAVAILABLE, anything else 500 INTERNAL_ERROR.
Failure failure_from(const std::exception_ptr& error);

}  // namespace rooms
