#include "rooms/api_request.h"

#include <boost/json/parse.hpp>

#include "http/error_response.h"

namespace rooms {

namespace json = boost::json;

ApiRequest::ApiRequest(std::shared_ptr<http::Exchange> exchange, http::PathParams params,
                       std::string endpoint, std::string request_id, std::string client_ip,
                       http::Logger& log, http::Metrics& metrics)
    : exchange_(std::move(exchange)),
      params_(std::move(params)),
      endpoint_(std::move(endpoint)),
      request_id_(std::move(request_id)),
      client_ip_(std::move(client_ip)),
      log_(log),
      metrics_(metrics) {}

// A request dropped by a handler that never answered is a bug; answer it rather than hang.
ApiRequest::~ApiRequest() {
  if (!exchange_->responded()) fail(Failure{});
}

const std::string& ApiRequest::param(std::string_view name) const {
  static const std::string none;
  auto it = params_.find(name);
  return it == params_.end() ? none : it->second;
}

std::optional<std::string> ApiRequest::query(std::string_view key) const {
  return http::query_param(request().target(), key);
}

std::optional<json::value> ApiRequest::json_body() {
  const auto& body = request().body();
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object{};
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec) {
    fail({http::Status::bad_request, "INVALID_JSON", "The request body is not valid JSON",
          json::object{{"reason", ec.message()}}});
    return std::nullopt;
  }
  return value;
}

void ApiRequest::reply(http::Status status, const json::value& body) {
  finish(http::json_response(request(), status, body), nullptr);
}

void ApiRequest::respond(http::Response response) {
  finish(std::move(response), nullptr);
}

void ApiRequest::fail(const Failure& failure) {
  auto response = http::error_response(
      request(), failure.status, failure.code, failure.message,
      failure.details.is_null() ? std::nullopt : std::optional<json::value>(failure.details));
  if (failure.retry_after > 0)
    response.set(http::Field::retry_after, std::to_string(failure.retry_after));
  finish(std::move(response), &failure);
}

Reply ApiRequest::replier(http::Status success) {
  // The Reply keeps the request alive until the answer is known.
  return [self = shared_from_this(), success](std::optional<Failure> failure,
                                              const json::value& payload) {
    if (failure) return self->fail(*failure);
    self->reply(success, payload);
  };
}

void ApiRequest::finish(http::Response response, const Failure* failure) {
  if (exchange_->responded()) return;
  const int status = response.result_int();
  response.set("X-Request-Id", request_id_);
  // No API answer, a downloaded file least of all, may be reinterpreted by a browser's sniffing.
  response.set("X-Content-Type-Options", "nosniff");
  exchange_->respond(std::move(response));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  metrics_
      .histogram("carrel_http_request_duration_seconds", "REST request latency by endpoint",
                 "endpoint", endpoint_)
      .observe(seconds);
  metrics_
      .counter("carrel_http_requests_total", "REST requests by status", "status",
               std::to_string(status))
      .inc();
  if (!failure) return;
  json::object fields{{"request_id", request_id_}, {"endpoint", endpoint_},
                      {"status", status},          {"code", failure->code},
                      {"error", failure->message}, {"client_ip", client_ip_}};
  if (actor_) fields["user_id"] = actor_->user_id;
  if (auto room = params_.find("id"); room != params_.end()) fields["room_id"] = room->second;
  if (!failure->internal.empty()) fields["detail"] = failure->internal;
  if (!failure->details.is_null()) fields["details"] = failure->details;
  metrics_
      .counter("carrel_errors_total", "Refused or failed actions by code", "code", failure->code)
      .inc();
  log_.log(status >= 500 ? http::Logger::Level::error : http::Logger::Level::warn, "request failed",
           fields);
}

}  // namespace rooms
