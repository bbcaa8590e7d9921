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
// Browsers ignore these inside a URL scheme ("java\tscript:").
bool is_ignorable(char c) {
  return static_cast<unsigned char>(c) <= ' ';
}

bool starts_with_word(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(text[at + i]) != word[i]) return false;
  return true;
}

// Where the element whose opening tag starts at `open` ends, for elements whose content is
// dropped with them; npos for other tags.
size_t raw_element_end(std::string_view text, size_t open) {
  for (std::string_view name : {"script", "style"}) {
    if (!starts_with_word(text, open + 1, name)) continue;
    std::string closing = "</" + std::string(name);
    for (size_t at = open + 1; at < text.size(); ++at) {
      if (text[at] == '<' && starts_with_word(text, at, closing)) {
        size_t end = text.find('>', at);
        return end == std::string_view::npos ? text.size() : end + 1;
      }
    }
    return text.size();
  }
  return std::string_view::npos;
}

std::string strip_tags(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    bool tag_start =
        text[i] == '<' && i + 1 < text.size() &&
        (is_alpha(text[i + 1]) || text[i + 1] == '/' || text[i + 1] == '!' || text[i + 1] == '?');
    if (!tag_start) {
      out.push_back(text[i]);
      continue;
    }
    size_t end = raw_element_end(text, i);
    if (end == std::string_view::npos) {
      end = text.find('>', i);
      end = end == std::string_view::npos ? text.size() : end + 1;
    }
    i = end - 1;
  }
  return out;
}

// Length of "javascript:" (with ignorable characters inside) at `at`, or 0.
size_t scheme_length(std::string_view text, size_t at) {
  for (std::string_view scheme : {"javascript", "vbscript"}) {
    size_t i = at, matched = 0;
    while (i < text.size() && matched < scheme.size()) {
      if (lower(text[i]) == scheme[matched]) {
        ++matched;
      } else if (!(matched > 0 && is_ignorable(text[i]))) {
        break;
      }
      ++i;
    }
    if (matched < scheme.size()) continue;
    while (i < text.size() && is_ignorable(text[i])) ++i;
    if (i < text.size() && text[i] == ':') return i + 1 - at;
  }
  return 0;
}

// Length of an event-handler attribute start "onerror =" at `at`, or 0.
size_t handler_length(std::string_view text, size_t at) {
  if (at > 0 && is_alnum(text[at - 1])) return 0;
  if (!starts_with_word(text, at, "on")) return 0;
  size_t i = at + 2;
  size_t name_start = i;
  while (i < text.size() && is_alpha(text[i])) ++i;
  if (i == name_start) return 0;
  while (i < text.size() && is_ignorable(text[i])) ++i;
  return i < text.size() && text[i] == '=' ? i + 1 - at : 0;
}

std::string neutralise_vectors(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t skip = scheme_length(text, i);
    if (!skip) skip = handler_length(text, i);
    if (skip) {
      i += skip;
      continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

std::string sanitize_message(std::string_view text) {
  // Each round only removes characters, so this ends after at most text.size() rounds.
  std::string current(text);
  for (;;) {
    std::string next = neutralise_vectors(strip_tags(current));
    if (next == current) return current;
    current = std::move(next);
  }
}

}  // namespace rooms
