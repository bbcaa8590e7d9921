// Chat content is stored as text that is safe to insert into a page as HTML and shows what
// the person typed. sanitize_message() escapes only what could become markup or script:
//   - a "<" that would open a tag ("<script", "</", "<!", "<?") becomes "&lt;",
//   - the ":" of a javascript: or vbscript: scheme (also with spaces or tabs inside) becomes
//     "&#58;",
//   - the "=" of an event-handler attribute ("onerror=", "onload =") becomes "&#61;".
// Text without such patterns is stored unchanged, so nothing anyone typed is lost and the
// result is never empty when the input was not. Applying it twice changes nothing more.
#pragma once

#include <string>
#include <string_view>

namespace rooms {

std::string sanitize_message(std::string_view text);

}  // namespace rooms
