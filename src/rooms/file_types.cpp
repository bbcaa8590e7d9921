#include "rooms/file_types.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rooms {

namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";
constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

struct Magic {
  size_t offset;
  std::string_view bytes;
  std::string_view type;
};

// Checked in order; RIFF containers need a second look at offset 8.
constexpr std::array<Magic, 14> kMagics{{
    {0, std::string_view("\x89PNG\r\n\x1a\n", 8), "image/png"},
    {0, "\xFF\xD8\xFF", "image/jpeg"},
    {0, "GIF87a", "image/gif"},
    {0, "GIF89a", "image/gif"},
    {8, "WEBP", "image/webp"},
    {8, "WAVE", "audio/wav"},
    {0, "%PDF-", "application/pdf"},
    {0, "PK\x03\x04", "application/zip"},
    {0, "PK\x05\x06", "application/zip"},
    {0, std::string_view("\x1F\x8B\x08", 3), "application/gzip"},
    {0, std::string_view("7z\xBC\xAF\x27\x1C", 6), "application/x-7z-compressed"},
    {0, "ID3", "audio/mpeg"},
    {0, "OggS", "audio/ogg"},
    {0, "\x1A\x45\xDF\xA3", "video/webm"},
}};

bool has_at(std::string_view bytes, size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

std::string_view magic_type(std::string_view bytes) {
  for (const auto& magic : kMagics) {
    if (magic.offset == 8 && !has_at(bytes, 0, "RIFF")) continue;
    if (has_at(bytes, magic.offset, magic.bytes)) return magic.type;
  }
  if (has_at(bytes, 4, "ftyp")) return "video/mp4";
  return {};
}

// Valid UTF-8 (checked structurally, overlongs and surrogates refused) with no control
// characters but tab, LF, CR and FF.
bool is_text(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) return false;
      ++i;
      continue;
    }
    size_t length = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) return false;
    uint32_t cp = c & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// Text a browser might take for a document: a leading `<`, or a telling tag in the first KiB.
bool looks_like_markup(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n\f");
  if (first != std::string_view::npos && text[first] == '<') return true;
  auto head = lower_ascii(text.substr(0, 1024));
  for (std::string_view tag : {"<html", "<script", "<svg", "<?xml", "<!doctype", "<iframe", "<body",
                               "<head", "<object", "<embed", "<xsl"})
    if (head.find(tag) != std::string::npos) return true;
  return false;
}

bool active_extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  auto extension = lower_ascii(name.substr(dot + 1));
  for (std::string_view active :
       {"html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
        "cjs", "mht", "mhtml", "hta", "swf", "wasm", "css"})
    if (extension == active) return true;
  return false;
}

}  // namespace

ServedType sniff_file_type(std::string_view bytes, std::string_view name) {
  if (auto type = magic_type(bytes); !type.empty()) return {std::string(type), shown_inline(type)};
  if (is_text(bytes) && !looks_like_markup(bytes) && !active_extension(name))
    return {std::string(kPlainText), true};
  return {std::string(kOctetStream), false};
}

bool shown_inline(std::string_view content_type) {
  constexpr std::array<std::string_view, 11> kInline{
      "image/png", "image/jpeg", "image/gif",  "image/webp",      "audio/mpeg", "audio/ogg",
      "audio/wav", "video/mp4",  "video/webm", "application/pdf", kPlainText};
  return std::find(kInline.begin(), kInline.end(), content_type) != kInline.end();
}

}  // namespace rooms
