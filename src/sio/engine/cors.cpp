#include "sio/engine/cors.h"

namespace sio::engine {

void add_cors_headers(const http::Request& request, http::Response& response,
                      const Options& options) {
  if (options.cors_origin.empty()) return;
  response.set(http::Field::access_control_allow_origin, options.cors_origin);
  if (options.cors_origin != "*") {
    response.set(http::Field::vary, "Origin");
    response.set(http::Field::access_control_allow_credentials, "true");
  }
}

http::Response preflight_response(const http::Request& request, const Options& options) {
  http::Response response = http::make_response(request, http::Status::no_content, "");
  response.erase(http::Field::content_type);
  add_cors_headers(request, response, options);
  if (!options.cors_origin.empty()) {
    response.set(http::Field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    auto requested = request[http::Field::access_control_request_headers];
    if (!requested.empty()) response.set(http::Field::access_control_allow_headers, requested);
  }
  response.prepare_payload();
  return response;
}

}  // namespace sio::engine
