// Serves the browser app from a directory: content types by extension, long-lived caching for
// hashed assets under /assets/, and the SPA fallback (index.html) for app routes such as
// /rooms/:id and /join/:code. Paths are decoded and confined to the root.
#pragma once

#include <filesystem>
#include <optional>

#include "http/server.h"

namespace http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  bool available() const;
  // The response for a GET or HEAD, or nullopt when nothing under the root answers it.
  std::optional<Response> serve(const Request& request) const;

 private:
  std::optional<Response> file_response(const Request& request, const std::filesystem::path& file,
                                        bool immutable) const;
  std::filesystem::path root_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace http
