// The REST error envelope every API error uses (DESIGN.md section 3):
//   {"success": false, "error": {"code", "message", "details"?, "timestamp"}}
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

#include "http/server.h"

namespace http {

Response error_response(const Request& request, Status status, std::string_view code,
                        std::string_view message,
                        std::optional<boost::json::value> details = std::nullopt);
Response json_response(const Request& request, Status status, const boost::json::value& body);

// Now as ISO 8601 UTC with milliseconds, e.g. 2026-11-22T10:15:30.123Z.
std::string iso8601_now();

}  // namespace http
