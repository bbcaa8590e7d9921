// What a shared file is served as, decided from its bytes, never from what the client claimed.
// Known formats are recognised by their magic numbers (PNG, JPEG, GIF, WebP, PDF, ZIP, gzip,
// 7z, MP3, Ogg, WAV, MP4, WebM); text is valid UTF-8 without control characters other than
// tab, line breaks and form feed.
//
// Only types a browser shows without running anything are served inline: images (not SVG),
// PDF, audio, video and plain text. Text that looks like markup (it starts with `<` or has an
// HTML, SVG or XML tag near the start), text named like a page or script (.html, .svg, .xml,
// .js, ...) and anything unrecognised are served as application/octet-stream for download, so
// an upload can never become a page of this origin. Every download also carries
// `X-Content-Type-Options: nosniff`.
#pragma once

#include <string>
#include <string_view>

namespace rooms {

struct ServedType {
  std::string content_type;
  bool show_inline = false;  // Content-Disposition inline rather than attachment
};

// `name` is the sanitised display name, consulted only to refuse inline display.
ServedType sniff_file_type(std::string_view bytes, std::string_view name);

// Whether a stored content type may be shown inline (the same rule, for downloads).
bool shown_inline(std::string_view content_type);

}  // namespace rooms
