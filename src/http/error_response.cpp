#include "http/error_response.h"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <ctime>

namespace http {

std::string iso8601_now() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, int(millis));
  return out;
}

Response json_response(const Request& request, Status status, const boost::json::value& body) {
  return make_response(request, status, boost::json::serialize(body), "application/json");
}

Response error_response(const Request& request, Status status, std::string_view code,
                        std::string_view message, std::optional<boost::json::value> details) {
  boost::json::object error{{"code", code}, {"message", message}};
  if (details) error["details"] = std::move(*details);
  error["timestamp"] = iso8601_now();
  return json_response(request, status,
                       boost::json::object{{"success", false}, {"error", std::move(error)}});
}

}  // namespace http
