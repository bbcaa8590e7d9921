// A small, strict reader of multipart/form-data request bodies (RFC 7578 over RFC 2046), enough
// to take the first uploaded file out of a browser form or `curl -F`:
//
//   auto boundary = http::multipart_boundary(request[http::Field::content_type]);
//   auto form = http::first_file_part(request.body(), *boundary);
//   if (form.status == http::FormStatus::ok) use(form.file.filename, form.file.data);
//
// Strict means: delimiters are "--boundary" at the start of the body or after CRLF, followed by
// optional spaces and CRLF, or by "--" for the last one; a delimiter that is not followed by
// either is malformed (the boundary appeared inside a part). Header lines end in CRLF, without
// folding or bare CR/LF (other bytes, NUL included, are the sanitiser's business, see
// rooms/file_names.h); every part has a `Content-Disposition: form-data` header; the body
// ends with the close delimiter. The number of parts and the size and number of part headers are
// bounded. Whatever it refuses is reported with a short reason for the client.
//
// The file's bytes are a view into the body, so nothing is copied; the body must outlive it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace http {

struct MultipartLimits {
  size_t max_parts = 32;
  size_t max_headers_per_part = 16;
  size_t max_header_bytes = 8 * 1024;  // all header lines of one part together
};

struct FormFile {
  std::string field;         // the part's `name`
  std::string filename;      // from filename*=UTF-8''... if given, else filename="..."
  std::string content_type;  // as the client declared it (not to be trusted)
  std::string_view data;     // the part's bytes
};

enum class FormStatus { ok, no_file, malformed };

struct FormResult {
  FormStatus status = FormStatus::malformed;
  std::string reason;  // for malformed and no_file
  FormFile file;       // for ok
};

// The boundary of a `multipart/form-data; boundary=...` content type (token or quoted), or
// nullopt when the type is something else or the boundary is missing or not a valid RFC 2046
// boundary (1-70 characters of the allowed set, not ending in a space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The first part that carries a filename. The whole body is checked, not just up to that part.
FormResult first_file_part(std::string_view body, std::string_view boundary,
                           const MultipartLimits& limits = {});

}  // namespace http
