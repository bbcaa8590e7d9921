#include "http/cors.h"

#include <algorithm>

namespace http {

CorsPolicy::CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {
  any_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

std::string CorsPolicy::allowed(std::string_view origin) const {
  if (any_) return "*";
  if (origin.empty()) return "";
  return std::find(origins_.begin(), origins_.end(), origin) != origins_.end() ? std::string(origin)
                                                                               : "";
}

void CorsPolicy::apply(const Request& request, Response& response) const {
  apply(request[Field::origin], response);
}

void CorsPolicy::apply(std::string_view request_origin, Response& response) const {
  if (!enabled()) return;
  auto origin = allowed(request_origin);
  if (!any_) response.set(Field::vary, "Origin");
  if (origin.empty()) return;
  response.set(Field::access_control_allow_origin, origin);
  if (!any_) response.set(Field::access_control_allow_credentials, "true");
}

bool CorsPolicy::is_preflight(const Request& request) const {
  return request.method() == Verb::options && request.count(Field::origin) &&
         request.count(Field::access_control_request_method);
}

Response CorsPolicy::preflight(const Request& request) const {
  Response response = make_response(request, Status::no_content, "");
  response.erase(Field::content_type);
  apply(request, response);
  if (response.count(Field::access_control_allow_origin)) {
    response.set(Field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
    auto requested = request[Field::access_control_request_headers];
    if (!requested.empty()) response.set(Field::access_control_allow_headers, requested);
    response.set(Field::access_control_max_age, "600");
  }
  response.prepare_payload();
  return response;
}

}  // namespace http
