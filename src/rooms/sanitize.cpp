#include "rooms/sanitize.h"

#include <cctype>

namespace rooms {

namespace {

char lower(char c) {
  return char(std::tolower(static_cast<unsigned char>(c)));
}
bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
// Browsers ignore these inside a URL scheme ("java\tscript:") and around "=".
bool is_ignorable(char c) {
  return static_cast<unsigned char>(c) <= ' ';
}

bool opens_tag(std::string_view text, size_t at) {
  if (text[at] != '<' || at + 1 >= text.size()) return false;
  char next = text[at + 1];
  return is_alpha(next) || next == '/' || next == '!' || next == '?';
}

bool starts_with_word(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(text[at + i]) != word[i]) return false;
  return true;
}

// Where the ":" of a script scheme starting at `at` is, or npos.
size_t scheme_colon(std::string_view text, size_t at) {
  for (std::string_view scheme : {"javascript", "vbscript"}) {
    if (lower(text[at]) != scheme[0]) continue;
    size_t i = at, matched = 0;
    while (i < text.size() && matched < scheme.size()) {
      if (lower(text[i]) == scheme[matched])
        ++matched;
      else if (!is_ignorable(text[i]))
        break;
      ++i;
    }
    if (matched < scheme.size()) continue;
    while (i < text.size() && is_ignorable(text[i])) ++i;
    if (i < text.size() && text[i] == ':') return i;
  }
  return std::string_view::npos;
}

// Where the "=" of an event-handler attribute starting at `at` ("onerror =") is, or npos.
size_t handler_equals(std::string_view text, size_t at) {
  if ((at > 0 && is_alnum(text[at - 1])) || !starts_with_word(text, at, "on"))
    return std::string_view::npos;
  size_t i = at + 2;
  while (i < text.size() && is_alpha(text[i])) ++i;
  if (i == at + 2) return std::string_view::npos;
  while (i < text.size() && is_ignorable(text[i])) ++i;
  return i < text.size() && text[i] == '=' ? i : std::string_view::npos;
}

}  // namespace

std::string sanitize_message(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t escape_at = std::string_view::npos;  // a ":" or "=" found ahead, to be escaped
  for (size_t i = 0; i < text.size(); ++i) {
    if (escape_at == std::string_view::npos) {
      escape_at = scheme_colon(text, i);
      if (escape_at == std::string_view::npos) escape_at = handler_equals(text, i);
    }
    if (i == escape_at) {
      out += text[i] == ':' ? "&#58;" : "&#61;";
      escape_at = std::string_view::npos;
    } else if (opens_tag(text, i)) {
      out += "&lt;";
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace rooms
