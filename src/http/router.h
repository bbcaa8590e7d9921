// Routes requests by method and path pattern to handlers. Patterns are written with `:name`
// segments ("/api/rooms/:id/join"); a request's path segments are percent-decoded before they
// are matched, and the values of the named segments reach the handler as PathParams.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/server.h"

namespace http {

using PathParams = std::map<std::string, std::string, std::less<>>;
using RouteHandler = std::function<void(std::shared_ptr<Exchange>, PathParams)>;

class Router {
 public:
  void add(Verb method, std::string_view pattern, RouteHandler handler);
  // Runs the first matching route's handler; false when no route matches.
  bool dispatch(const std::shared_ptr<Exchange>& exchange) const;

 private:
  struct Route {
    Verb method;
    std::vector<std::string> segments;  // ":name" for a parameter
    RouteHandler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& path, PathParams& params);

  std::vector<Route> routes_;
};

// The path of a request target split into percent-decoded segments ("/a/b%20c" -> a, "b c").
std::vector<std::string> path_segments(std::string_view target);
// The decoded value of a query parameter, or nullopt when absent.
std::optional<std::string> query_param(std::string_view target, std::string_view key);

}  // namespace http
