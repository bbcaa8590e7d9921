#include "rooms/file_names.h"

#include <cstdint>
#include <vector>

namespace rooms {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// The code point starting at `pos` (advancing it); invalid or overlong sequences, surrogates
// and values past U+10FFFF read as one U+FFFD per bad byte.
char32_t next_code_point(std::string_view text, size_t& pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto bad = [&] {
    ++pos;
    return kReplacement;
  };
  unsigned char lead = byte(pos);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 1) return char32_t(text[pos++] & 0x7F);
  if (length == 0 || pos + length > text.size()) return bad();
  char32_t cp = lead & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return bad();
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad();
  pos += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// Characters that are invisible or reorder text: removed from names.
bool hidden(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

// At most kMaxFileNameCodePoints, keeping an extension of up to 20 code points.
std::vector<char32_t> shorten(std::vector<char32_t> cps) {
  if (cps.size() <= kMaxFileNameCodePoints) return cps;
  size_t dot = cps.size();
  for (size_t i = cps.size(); i-- > 1;)
    if (cps[i] == '.') {
      dot = i;
      break;
    }
  const size_t extension = cps.size() - dot;
  if (extension > 20) {
    cps.resize(kMaxFileNameCodePoints);
    return cps;
  }
  cps.erase(cps.begin() + long(kMaxFileNameCodePoints - extension), cps.begin() + long(dot));
  return cps;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x3000;
}

std::vector<char32_t> trimmed(const std::vector<char32_t>& cps) {
  size_t begin = 0, end = cps.size();
  while (begin < end && is_space(cps[begin])) ++begin;
  while (end > begin && is_space(cps[end - 1])) --end;
  return {cps.begin() + long(begin), cps.begin() + long(end)};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string sanitize_file_name(std::string_view raw) {
  std::vector<char32_t> cps;
  for (size_t pos = 0; pos < raw.size();) {
    char32_t cp = next_code_point(raw, pos);
    if (cp == '/' || cp == '\\') {
      cps.clear();  // only the last path component counts
    } else if (!hidden(cp)) {
      cps.push_back(cp);
    }
  }
  // Trimmed again after shortening, which may have cut just after a space.
  std::string name;
  for (char32_t cp : trimmed(shorten(trimmed(cps)))) append_utf8(name, cp);
  if (name.empty() || name == "." || name == "..") return "file";
  return name;
}

std::string decode_header_file_name(std::string_view header) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == '%' && i + 2 < header.size()) {
      int high = hex_value(header[i + 1]), low = hex_value(header[i + 2]);
      if (high >= 0 && low >= 0) {
        out += char(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += header[i];
  }
  return out;
}

std::string content_disposition(std::string_view disposition, std::string_view name) {
  constexpr std::string_view kAttrChars = "!#$&+-.^_`|~";
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string fallback, encoded;
  for (unsigned char c : name) {
    bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 kAttrChars.find(char(c)) != std::string_view::npos;
    if (plain) {
      encoded += char(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
    // One `_` per non-ASCII character (for its lead byte), none for continuation bytes.
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) fallback += '_';
    } else {
      fallback += (c == '"' || c == '\\' || c < 0x20 || c == 0x7F) ? '_' : char(c);
    }
  }
  return std::string(disposition) + "; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace rooms
