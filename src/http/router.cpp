#include "http/router.h"

#include <boost/url/parse.hpp>

namespace http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A malformed escape is kept as written: it then simply matches no id.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(char(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::vector<std::string> split(std::string_view path, bool decode) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto segment = path.substr(start, end - start);
    if (!segment.empty())
      segments.push_back(decode ? percent_decode(segment) : std::string(segment));
    start = end + 1;
  }
  return segments;
}

}  // namespace

std::vector<std::string> path_segments(std::string_view target) {
  return split(target.substr(0, target.find('?')), true);
}

std::optional<std::string> query_param(std::string_view target, std::string_view key) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find(key);
  if (it == params.end()) return std::nullopt;
  auto param = *it;
  return param.has_value ? param.value : std::string();
}

void Router::add(Verb method, std::string_view pattern, RouteHandler handler) {
  routes_.push_back({method, split(pattern, false), std::move(handler)});
}

bool Router::match(const Route& route, const std::vector<std::string>& path, PathParams& params) {
  if (route.segments.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const auto& segment = route.segments[i];
    if (segment.front() == ':')
      params[segment.substr(1)] = path[i];
    else if (segment != path[i])
      return false;
  }
  return true;
}

bool Router::dispatch(const std::shared_ptr<Exchange>& exchange) const {
  const auto& request = exchange->request();
  auto path = path_segments(request.target());
  for (const auto& route : routes_) {
    if (route.method != request.method()) continue;
    PathParams params;
    if (!match(route, path, params)) continue;
    route.handler(exchange, std::move(params));
    return true;
  }
  return false;
}

}  // namespace http
