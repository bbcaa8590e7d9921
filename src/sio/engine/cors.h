// CORS headers on Engine.IO HTTP responses, so browser pages from other origins can poll.
#pragma once

#include "http/server.h"
#include "sio/engine/options.h"

namespace sio::engine {

void add_cors_headers(const http::Request& request, http::Response& response,
                      const Options& options);
// The answer to an OPTIONS preflight request.
http::Response preflight_response(const http::Request& request, const Options& options);

}  // namespace sio::engine
