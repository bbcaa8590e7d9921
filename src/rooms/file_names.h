// The names of shared files, which are only ever shown, never used as paths (the bytes are
// stored under the file's id, see file_storage.h).
//
// sanitize_file_name() keeps what a person would recognise and drops what could mislead or
// break something downstream: invalid UTF-8 becomes U+FFFD; control characters (C0, DEL, C1),
// bidirectional overrides and zero-width characters (which can disguise "txt.exe" as
// "exe.txt") are removed; `\` counts as a path separator like `/` and only the last path
// component is kept, so "../../etc/passwd", "..\x" and "C:\a\b.txt" become "passwd", "x" and
// "b.txt"; surrounding spaces are trimmed; "", "." and ".." become "file". Names longer than 200
// code points are shortened, keeping the extension. Unicode letters stay as they are.
#pragma once

#include <string>
#include <string_view>

namespace rooms {

inline constexpr size_t kMaxFileNameCodePoints = 200;

std::string sanitize_file_name(std::string_view raw);

// The `X-Filename` header of a raw upload: valid %XX escapes are decoded (so a client can send
// encodeURIComponent(name) for a name outside ASCII); anything else is taken literally.
std::string decode_header_file_name(std::string_view header);

// A Content-Disposition value (`inline` or `attachment`) for a sanitised name: an ASCII
// `filename="..."` fallback plus the exact name as RFC 5987 `filename*=UTF-8''...`.
std::string content_disposition(std::string_view disposition, std::string_view name);

}  // namespace rooms
