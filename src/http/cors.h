// Cross-origin resource sharing: which other origins' pages may call this server from a browser.
// Carrel's own app is served from the same origin and needs none of it, so the default policy
// allows no other origin and sends no CORS headers at all. `--cors-origins` lists the origins
// allowed (e.g. a development server on another port); "*" allows any origin, without
// credentials, as the CORS rules require.
//
// Browsers do not apply CORS to WebSocket handshakes; Carrel authenticates sockets with tokens in
// the Socket.IO auth payload, never with cookies, so a page on another origin gains nothing there.
#pragma once

#include <string>
#include <vector>

#include "http/server.h"

namespace http {

class CorsPolicy {
 public:
  CorsPolicy() = default;
  explicit CorsPolicy(std::vector<std::string> origins);

  bool enabled() const { return !origins_.empty(); }
  // The Access-Control-Allow-Origin value for a request from `origin`, or "" when not allowed.
  std::string allowed(std::string_view origin) const;
  // Adds the CORS headers a response to `request` (or to a request from `origin`) needs.
  void apply(const Request& request, Response& response) const;
  void apply(std::string_view origin, Response& response) const;
  bool is_preflight(const Request& request) const;
  // 204 for an OPTIONS preflight: the methods and requested headers, for an allowed origin.
  Response preflight(const Request& request) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace http
