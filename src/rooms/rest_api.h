// The REST API of DESIGN.md section 3, except ICE servers. Every route goes through the same
// gate: a request id, the per-client `--rate-api` limit, and for authenticated routes a valid
// bearer token. Routes are grouped by what they serve: accounts (account_routes.cpp), rooms,
// chat, timer, moderation, session logs (room_routes.cpp) and public rooms for anonymous users
// (public_routes.cpp).
// Files shared in rooms (upload, listing, signed downloads) are in file_routes.cpp.
#pragma once

#include <atomic>
#include <filesystem>

#include "auth/jwt.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "rooms/api_request.h"
#include "rooms/file_storage.h"
#include "rooms/room_service.h"

namespace rooms {

struct RestApiOptions {
  bool trust_proxy = false;  // client IP from X-Forwarded-For
  // What GET /api/ice-servers hands out; TURN REST credentials when turn_secret is set.
  std::vector<std::string> stun_urls;
  std::vector<std::string> turn_urls;
  std::string turn_secret;
  std::chrono::seconds turn_credential_lifetime{24 * 3600};
  // Where uploaded files are kept (<data-dir>/uploads); empty disables uploads.
  std::string uploads_dir;
};

class RestApi {
 public:
  RestApi(RoomService& rooms, WorkerPool& pool, const auth::JwtSigner& tokens,
          http::RateLimiter api_limit, http::Metrics& metrics, http::Logger& log,
          RestApiOptions options = {});

  // Answers the request when a route matches; false otherwise.
  bool handle(const std::shared_ptr<http::Exchange>& exchange);

  // The caller's address: the peer, or with trust_proxy the first X-Forwarded-For entry.
  std::string client_ip(const http::Exchange& exchange) const;

 private:
  enum class Access { anyone, user };
  using Handler = std::function<void(const ApiRequestPtr&)>;

  void route(http::Verb method, const std::string& pattern, Access access, Handler handler);
  void add_account_routes();
  void add_room_routes();
  void add_media_routes();
  void add_file_routes();
  void add_public_routes();
  std::optional<Actor> authenticate(const http::Request& request) const;
  std::string next_request_id(const http::Request& request);

  // Account handlers.
  void signup(const ApiRequestPtr& request);
  void login(const ApiRequestPtr& request);
  void me(const ApiRequestPtr& request);
  // {token, user} for a signed-up or logged-in user.
  boost::json::object session_json(const store::User& user) const;
  // Room handlers that are not a single RoomService call.
  void list_rooms(const ApiRequestPtr& request);
  void list_rooms_from_store(const ApiRequestPtr& request);
  void create_room(const ApiRequestPtr& request);
  void room_details(const ApiRequestPtr& request);
  void messages(const ApiRequestPtr& request);
  void session_logs(const ApiRequestPtr& request);
  void join_code(const ApiRequestPtr& request);
  void ice_servers(const ApiRequestPtr& request);
  // File handlers (file_routes.cpp).
  void upload_file(const ApiRequestPtr& request);
  void record_upload(const ApiRequestPtr& request, const FileStorage& storage,
                     const store::NewFile& file, const std::filesystem::path& staged);
  void list_files(const ApiRequestPtr& request);
  void download_file(const ApiRequestPtr& request);
  // Public-room handlers.
  void create_anonymous_user(const ApiRequestPtr& request);
  // Runs `then` as the anonymous user of the body's `user_id` once it is known to be bound to
  // the caller's IP and the path's room to be public; answers 403 INVALID_USER or 404
  // ROOM_NOT_FOUND otherwise.
  void as_anonymous_user(const ApiRequestPtr& request, std::function<void(const Actor&)> then);

  RoomService& rooms_;
  WorkerPool& pool_;
  const auth::JwtSigner& tokens_;
  http::RateLimiter api_limit_;
  http::Metrics& metrics_;
  http::Logger& log_;
  RestApiOptions options_;
  http::Router router_;
  uint64_t request_counter_ = 0;
};

// Creates the admin `email:password`, or makes an existing user with that email an admin
// with that password. Runs at start, before serving; throws on malformed input.
void bootstrap_admin(store::Store& store, const std::string& email_and_password);

}  // namespace rooms
