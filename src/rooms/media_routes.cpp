// GET /api/ice-servers: the STUN and TURN servers a browser should use for its peer
// connections, as RTCIceServer objects. With a TURN secret each answer carries fresh TURN
// REST credentials for the caller, valid for turn_credential_lifetime.
#include <chrono>

#include "auth/turn_credentials.h"
#include "rooms/rest_api.h"

namespace rooms {

namespace json = boost::json;

void RestApi::add_media_routes() {
  route(http::Verb::get, "/api/ice-servers", Access::user,
        [this](const ApiRequestPtr& request) { ice_servers(request); });
}

void RestApi::ice_servers(const ApiRequestPtr& request) {
  auto urls = [](const std::vector<std::string>& list) {
    json::array array;
    for (const auto& url : list) array.emplace_back(url);
    return array;
  };
  json::array servers;
  if (!options_.stun_urls.empty())
    servers.push_back(json::object{{"urls", urls(options_.stun_urls)}});
  const auto lifetime = options_.turn_credential_lifetime.count();
  if (!options_.turn_urls.empty()) {
    json::object turn{{"urls", urls(options_.turn_urls)}};
    if (!options_.turn_secret.empty()) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      auto credentials =
          auth::turn_credentials(options_.turn_secret, request->actor().user_id, now + lifetime);
      turn["username"] = credentials.username;
      turn["credential"] = credentials.password;
    }
    servers.push_back(std::move(turn));
  }
  request->reply(http::Status::ok,
                 json::object{{"ice_servers", std::move(servers)}, {"ttl", lifetime}});
}

}  // namespace rooms
