#include "rooms/rest_api.h"

#include <cstdio>
#include <utility>

#include "rooms/fields.h"
#include "rooms/public_access.h"

namespace rooms {

RestApi::RestApi(RoomService& rooms, WorkerPool& pool, const auth::JwtSigner& tokens,
                 http::RateLimiter api_limit, http::Metrics& metrics, http::Logger& log,
                 RestApiOptions options)
    : rooms_(rooms),
      pool_(pool),
      tokens_(tokens),
      api_limit_(std::move(api_limit)),
      metrics_(metrics),
      log_(log),
      options_(std::move(options)) {
  add_account_routes();
  add_room_routes();
  add_media_routes();
  add_file_routes();
  add_public_routes();
}

bool RestApi::handle(const std::shared_ptr<http::Exchange>& exchange) {
  return router_.dispatch(exchange);
}

std::string RestApi::client_ip(const http::Exchange& exchange) const {
  // The same rule as for public-room sockets, so an anonymous user works over both.
  return client_address(exchange.request()["X-Forwarded-For"],
                        exchange.remote().address().to_string(), options_.trust_proxy);
}

std::string RestApi::next_request_id(const http::Request& request) {
  auto given = request["X-Request-Id"];
  bool usable =
      !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      });
  if (usable) return std::string(given);
  char id[32];
  std::snprintf(id, sizeof id, "req-%08llx", static_cast<unsigned long long>(++request_counter_));
  return id;
}

std::optional<Actor> RestApi::authenticate(const http::Request& request) const {
  auto header = request[http::Field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), header.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
    return std::nullopt;
  auto claims = tokens_.verify(trim(std::string(header.substr(scheme.size()))));
  if (!claims) return std::nullopt;
  return Actor{claims->user_id, claims->name, claims->is_admin};
}

void RestApi::route(http::Verb method, const std::string& pattern, Access access, Handler handler) {
  std::string endpoint = std::string(boost::beast::http::to_string(method)) + " " + pattern;
  router_.add(method, pattern,
              [this, endpoint, access, handler = std::move(handler)](
                  const std::shared_ptr<http::Exchange>& exchange, http::PathParams params) {
                auto request = std::make_shared<ApiRequest>(exchange, std::move(params), endpoint,
                                                            next_request_id(exchange->request()),
                                                            client_ip(*exchange), log_, metrics_);
                auto actor = authenticate(exchange->request());
                if (access == Access::user && !actor) return request->fail(unauthorized());
                if (actor) request->set_actor(*actor);
                auto key = actor ? "user:" + actor->user_id : "ip:" + request->client_ip();
                // In a cluster the verdict waits for the count over every instance.
                api_limit_.hit_async(key, [request, handler = &handler](auto wait) {
                  if (wait) return request->fail(rate_limited(int(wait->count())));
                  (*handler)(request);
                });
              });
}

}  // namespace rooms
