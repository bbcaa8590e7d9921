#include "rooms/failure.h"

#include <boost/json/object.hpp>

#include "store/store.h"

namespace rooms {

Failure validation_failure(boost::json::object fields) {
  return {http::Status::bad_request, "VALIDATION_ERROR", "The request is invalid",
          boost::json::object{{"fields", std::move(fields)}}};
}

Failure not_found(std::string code, std::string message) {
  return {http::Status::not_found, std::move(code), std::move(message)};
}

Failure forbidden(std::string message) {
  return {http::Status::forbidden, "FORBIDDEN", std::move(message)};
}

Failure unauthorized(std::string message) {
  return {http::Status::unauthorized, "UNAUTHORIZED", std::move(message)};
}

Failure room_not_found() {
  return not_found("ROOM_NOT_FOUND", "No such room");
}

Failure not_participant_here() {
  return {http::Status::forbidden, "NOT_PARTICIPANT", "You are not a participant of this room"};
}

Failure rate_limited(int retry_after_seconds) {
  Failure failure{http::Status::too_many_requests, "RATE_LIMITED",
                  "Too many requests; try again later",
                  boost::json::object{{"retry_after", retry_after_seconds}}};
  failure.retry_after = retry_after_seconds;
  return failure;
}

Failure failure_from(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const Refused& refused) {
    return refused.failure;
  } catch (const store::Unavailable& unavailable) {
    return {http::Status::service_unavailable,
            "SERVICE_UNAVAILABLE",
            "The database is unavailable; try again shortly",
            nullptr,
            0,
            unavailable.what()};
  } catch (const std::exception& other) {
    return {http::Status::internal_server_error,
            "INTERNAL_ERROR",
            "Internal error",
            nullptr,
            0,
            other.what()};
  } catch (...) {
    return {};
  }
}

}  // namespace rooms
