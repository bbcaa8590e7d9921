// Chat content is stored as plain text. sanitize_message() removes HTML from it before it is
// stored or broadcast: tags are dropped (the content of <script> and <style> elements too),
// and the script vectors that would survive as text are neutralised (`javascript:` and
// `vbscript:` schemes, `on...=` event-handler attributes). It repeats until nothing changes, so
// nested tricks such as "<scr<script>ipt>" cannot reassemble a tag.
#pragma once

#include <string>
#include <string_view>

namespace rooms {

std::string sanitize_message(std::string_view text);

}  // namespace rooms
