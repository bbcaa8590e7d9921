#include "http/static_files.h"

#include <boost/url/parse.hpp>
#include <fstream>
#include <sstream>

namespace http {

std::string_view content_type_for(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".webp") return "image/webp";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

bool StaticFiles::available() const {
  std::error_code ec;
  return std::filesystem::is_regular_file(root_ / "index.html", ec);
}

std::optional<Response> StaticFiles::file_response(const Request& request,
                                                   const std::filesystem::path& file,
                                                   bool immutable) const {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  auto response = make_response(request, Status::ok, body.str(), content_type_for(file));
  response.set(Field::cache_control,
               immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  if (request.method() == Verb::head) {
    response.content_length(response.body().size());
    response.body().clear();
  }
  return response;
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (request.method() != Verb::get && request.method() != Verb::head) return std::nullopt;
  auto url = boost::urls::parse_origin_form(request.target());
  if (!url) return std::nullopt;
  std::filesystem::path relative;
  for (auto segment : url->segments()) {
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find('/') != std::string::npos || segment.find('\\') != std::string::npos ||
        segment.find('\0') != std::string::npos)
      continue;
    relative /= std::string(segment);
  }
  std::error_code ec;
  if (!relative.empty()) {
    auto file = root_ / relative;
    if (std::filesystem::is_regular_file(file, ec)) {
      const bool hashed = relative.begin()->string() == "assets";
      return file_response(request, file, hashed);
    }
    // A missing file with an extension is a real 404, not an app route.
    if (relative.has_extension()) return std::nullopt;
  }
  return file_response(request, root_ / "index.html", false);
}

}  // namespace http
