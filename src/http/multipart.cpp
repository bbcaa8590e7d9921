#include "http/multipart.h"

#include <cctype>
#include <utility>
#include <vector>

namespace http {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

void skip_ows(std::string_view text, size_t& pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A token or a quoted-string at `pos`. In a quoted-string a backslash escapes only `"` and `\`
// and is kept as is before anything else, since browsers send Windows paths unescaped.
bool read_value(std::string_view text, size_t& pos, std::string& out) {
  if (pos < text.size() && text[pos] == '"') {
    for (++pos; pos < text.size(); ++pos) {
      char c = text[pos];
      if (c == '"') {
        ++pos;
        return true;
      }
      if (c == '\\' && pos + 1 < text.size() && (text[pos + 1] == '"' || text[pos + 1] == '\\'))
        c = text[++pos];
      out += c;
    }
    return false;  // unterminated
  }
  size_t start = pos;
  while (pos < text.size() && is_tchar(text[pos])) ++pos;
  out = std::string(text.substr(start, pos - start));
  return pos > start;
}

// `*( OWS ";" OWS name "=" value ) OWS`; names lower-cased, each at most once.
bool parse_params(std::string_view text, Params& out) {
  size_t pos = 0;
  for (;;) {
    skip_ows(text, pos);
    if (pos == text.size()) return true;
    if (text[pos++] != ';') return false;
    skip_ows(text, pos);
    size_t start = pos;
    while (pos < text.size() && is_tchar(text[pos])) ++pos;
    if (pos == start || pos == text.size() || text[pos++] != '=') return false;
    std::string name = lower(text.substr(start, pos - 1 - start));
    std::string value;
    if (!read_value(text, pos, value)) return false;
    for (const auto& [seen, ignored] : out)
      if (seen == name) return false;
    out.emplace_back(std::move(name), std::move(value));
  }
}

// "type/subtype" followed by its parameters; false when the type is not `expected`.
bool parse_typed_value(std::string_view value, std::string_view expected, Params& params) {
  size_t end = value.find(';');
  std::string_view type = value.substr(0, end);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  size_t pos = 0;
  skip_ows(type, pos);
  if (!iequals(type.substr(pos), expected)) return false;
  return end == std::string_view::npos || parse_params(value.substr(end), params);
}

const std::string* find_param(const Params& params, std::string_view name) {
  for (const auto& [key, value] : params)
    if (key == name) return &value;
  return nullptr;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: UTF-8'<language>'<percent-encoded>; nullopt for another charset or bad
// escapes.
std::optional<std::string> decode_ext_value(std::string_view text) {
  size_t first = text.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = text.find('\'', first + 1);
  if (second == std::string_view::npos || !iequals(text.substr(0, first), "utf-8"))
    return std::nullopt;
  std::string out;
  for (size_t i = second + 1; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
    if (high < 0 || low < 0) return std::nullopt;
    out += char(high * 16 + low);
    i += 2;
  }
  return out;
}

bool valid_boundary(std::string_view boundary) {
  constexpr std::string_view kOther = "'()+_,-./:=? ";
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ') return false;
  for (char c : boundary)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kOther.find(c) == std::string_view::npos)
      return false;
  return true;
}

struct PartHeaders {
  std::optional<std::string> disposition;
  std::string content_type;
};

// The header lines of one part from `pos` up to and including the empty line.
std::optional<std::string> read_headers(std::string_view body, size_t& pos,
                                        const MultipartLimits& limits, PartHeaders& headers) {
  const size_t start = pos;
  for (size_t count = 0;; ++count) {
    size_t end = body.find("\r\n", pos);
    if (end == std::string_view::npos) return "part headers are not terminated";
    if (end + 2 - start > limits.max_header_bytes) return "part headers are too large";
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) return std::nullopt;
    if (count >= limits.max_headers_per_part) return "too many part headers";
    if (line.find_first_of("\r\n") != std::string_view::npos)
      return "part header contains a bare CR or LF";
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos) return "malformed part header";
    for (char c : line.substr(0, colon))
      if (!is_tchar(c)) return "malformed part header";
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    auto name = lower(line.substr(0, colon));
    if (name == "content-disposition") {
      if (headers.disposition) return "duplicate Content-Disposition";
      headers.disposition = std::string(value);
    } else if (name == "content-type") {
      headers.content_type = std::string(value);
    }
  }
}

// Fills `file` from a part's Content-Disposition; returns whether the part carries a file.
std::optional<std::string> read_disposition(const std::string& value, FormFile& file,
                                            bool& is_file) {
  Params params;
  if (!parse_typed_value(value, "form-data", params))
    return "Content-Disposition must be form-data with valid parameters";
  if (const auto* name = find_param(params, "name")) file.field = *name;
  const auto* plain = find_param(params, "filename");
  const auto* extended = find_param(params, "filename*");
  is_file = plain || extended;
  if (extended) {
    auto decoded = decode_ext_value(*extended);
    if (!decoded) return "filename* must be UTF-8''<percent-encoded>";
    file.filename = std::move(*decoded);
  } else if (plain) {
    file.filename = *plain;
  }
  return std::nullopt;
}

FormResult malformed(std::string reason) {
  return {FormStatus::malformed, std::move(reason), {}};
}

// After a delimiter: "--" ends the body; otherwise optional padding and CRLF start a part.
// Returns false when neither follows.
bool after_delimiter(std::string_view body, size_t& pos, bool& closed) {
  if (body.substr(pos, 2) == "--") {
    closed = true;
    return true;
  }
  skip_ows(body, pos);
  if (body.substr(pos, 2) != "\r\n") return false;
  pos += 2;
  return true;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  Params params;
  if (!parse_typed_value(content_type, "multipart/form-data", params)) return std::nullopt;
  const auto* boundary = find_param(params, "boundary");
  if (!boundary || !valid_boundary(*boundary)) return std::nullopt;
  return *boundary;
}

FormResult first_file_part(std::string_view body, std::string_view boundary,
                           const MultipartLimits& limits) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next = "\r\n" + delimiter;
  size_t pos = body.starts_with(delimiter) ? 0 : body.find(next);
  if (pos == std::string_view::npos) return malformed("no multipart boundary in the body");
  pos += body.starts_with(delimiter) ? delimiter.size() : next.size();
  std::optional<FormFile> found;
  for (size_t parts = 0;; ++parts) {
    bool closed = false;
    if (!after_delimiter(body, pos, closed)) return malformed("malformed multipart delimiter");
    if (closed) {
      if (parts == 0) return malformed("multipart body without parts");
      break;
    }
    if (parts >= limits.max_parts) return malformed("too many multipart parts");
    PartHeaders headers;
    if (auto error = read_headers(body, pos, limits, headers)) return malformed(*error);
    if (!headers.disposition) return malformed("part without Content-Disposition");
    FormFile file;
    bool is_file = false;
    if (auto error = read_disposition(*headers.disposition, file, is_file))
      return malformed(*error);
    size_t end = body.find(next, pos);
    if (end == std::string_view::npos) return malformed("multipart body is not terminated");
    file.data = body.substr(pos, end - pos);
    file.content_type = std::move(headers.content_type);
    if (is_file && !found) found = std::move(file);
    pos = end + next.size();
  }
  if (!found) return {FormStatus::no_file, "no part carries a file", {}};
  return {FormStatus::ok, "", std::move(*found)};
}

}  // namespace http
