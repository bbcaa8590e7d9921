// Chat content is escaped where it could become markup or script before it is stored (seed 000
// property 15).
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>

#include "rooms/sanitize.h"

namespace {

using rooms::sanitize_message;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return std::tolower(c); });
  return text;
}

bool has_vector(const std::string& text) {
  auto lowered = lower(text);
  if (lowered.find("<script") != std::string::npos) return true;
  if (lowered.find("javascript:") != std::string::npos) return true;
  for (size_t at = lowered.find("on"); at != std::string::npos; at = lowered.find("on", at + 1)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(lowered[at - 1]))) continue;
    size_t i = at + 2;
    while (i < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[i]))) ++i;
    while (i < lowered.size() && static_cast<unsigned char>(lowered[i]) <= ' ') ++i;
    if (i > at + 2 && i < lowered.size() && lowered[i] == '=') return true;
  }
  return false;
}

TEST(SanitizeMessage, KeepsPlainTextAsTyped) {
  EXPECT_EQ(sanitize_message("Pomodoro at 3? I'm in :) a < b > c & d"),
            "Pomodoro at 3? I'm in :) a < b > c & d");
  EXPECT_EQ(sanitize_message("I <3 maths"), "I <3 maths");
  EXPECT_EQ(sanitize_message("héllo 👋"), "héllo 👋");
  EXPECT_EQ(sanitize_message("phone=1 salon=2 java: script:"), "phone=1 salon=2 java: script:");
}

TEST(SanitizeMessage, EscapesWhatWouldOpenATag) {
  EXPECT_EQ(sanitize_message("hi<script>alert(1)</script>"), "hi&lt;script>alert(1)&lt;/script>");
  EXPECT_EQ(sanitize_message("<b>bold</b>"), "&lt;b>bold&lt;/b>");
  EXPECT_EQ(sanitize_message("<!-- x --> <?php"), "&lt;!-- x --> &lt;?php");
}

TEST(SanitizeMessage, EscapesScriptSchemesAndEventHandlers) {
  EXPECT_EQ(sanitize_message("go javascript:alert(1)"), "go javascript&#58;alert(1)");
  EXPECT_EQ(sanitize_message("JaVa\tScRiPt :go"), "JaVa\tScRiPt &#58;go");
  EXPECT_EQ(sanitize_message("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror&#61;alert(1)>");
  EXPECT_EQ(sanitize_message("online = yes"), "online &#61; yes");
}

TEST(SanitizeMessage, NestedTricksCannotReassembleATag) {
  EXPECT_FALSE(has_vector(sanitize_message("<scr<script>ipt>alert(1)</script>")));
  EXPECT_FALSE(has_vector(sanitize_message("javajavascript:script:alert(1)")));
  EXPECT_FALSE(has_vector(sanitize_message("ononerror==alert(1)")));
}

TEST(SanitizeMessage, PropertyNoVectorSurvivesAndSanitizingIsIdempotent) {
  const std::vector<std::string> pieces = {
      "<", ">",  "script", "/",    "javascript", ":",    "on",      "error", "=",
      " ", "\t", "img",    "a",    "style",      "java", "script:", "<scr",  "ipt>",
      "x", "\"", "onload", "&lt;", "é",          "ON",   "SCRIPT"};
  rc::check([&](const std::vector<size_t>& picks) {
    std::string text;
    for (auto pick : picks) text += pieces[pick % pieces.size()];
    auto clean = sanitize_message(text);
    RC_ASSERT(!has_vector(clean));
    RC_ASSERT(sanitize_message(clean) == clean);
    RC_ASSERT(clean.size() <= 5 * text.size());
    RC_ASSERT(clean.empty() == text.empty());
  });
}

}  // namespace
