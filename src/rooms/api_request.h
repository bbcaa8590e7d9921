// One REST request on its way through the API: its path parameters, query, JSON body, the
// authenticated actor, and the way out, reply() or fail(), which write the JSON answer or the
// error envelope, set X-Request-Id, log the outcome and record latency per endpoint.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "http/logger.h"
#include "http/metrics.h"
#include "http/router.h"
#include "rooms/failure.h"
#include "rooms/room_service.h"

namespace rooms {

class ApiRequest : public std::enable_shared_from_this<ApiRequest> {
 public:
  ApiRequest(std::shared_ptr<http::Exchange> exchange, http::PathParams params,
             std::string endpoint, std::string request_id, std::string client_ip, http::Logger& log,
             http::Metrics& metrics);
  ~ApiRequest();

  const http::Request& request() const { return exchange_->request(); }
  const std::string& param(std::string_view name) const;
  std::optional<std::string> query(std::string_view key) const;
  const std::string& client_ip() const { return client_ip_; }
  const std::string& request_id() const { return request_id_; }

  // The body parsed as JSON; an empty body is an empty object. On malformed JSON the request
  // is answered 400 INVALID_JSON and nullopt returned.
  std::optional<boost::json::value> json_body();

  void set_actor(Actor actor) { actor_ = std::move(actor); }
  // Set for authenticated routes.
  const Actor& actor() const { return *actor_; }
  bool authenticated() const { return actor_.has_value(); }

  void reply(http::Status status, const boost::json::value& body);
  // Answers with a response built by the handler (a file download).
  void respond(http::Response response);
  void fail(const Failure& failure);
  // A Reply that answers this request: `success` with the payload, or the failure.
  Reply replier(http::Status success = http::Status::ok);

 private:
  void finish(http::Response response, const Failure* failure);

  std::shared_ptr<http::Exchange> exchange_;
  http::PathParams params_;
  std::string endpoint_;
  std::string request_id_;
  std::string client_ip_;
  http::Logger& log_;
  http::Metrics& metrics_;
  std::optional<Actor> actor_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

using ApiRequestPtr = std::shared_ptr<ApiRequest>;

}  // namespace rooms
