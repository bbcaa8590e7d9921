// Display names of shared files (never paths), their Content-Disposition, and the content type
// a file is served as, sniffed from its bytes.
#include <gtest/gtest.h>

#include "rooms/fields.h"
#include "rooms/file_names.h"
#include "rooms/file_types.h"

namespace {

using namespace std::string_literals;
using rooms::content_disposition;
using rooms::decode_header_file_name;
using rooms::sanitize_file_name;
using rooms::sniff_file_type;

TEST(FileNames, PathComponentsAreStripped) {
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name("..\\x"), "x");
  EXPECT_EQ(sanitize_file_name("/etc/shadow"), "shadow");
  EXPECT_EQ(sanitize_file_name("C:\\Users\\me\\report.pdf"), "report.pdf");
  EXPECT_EQ(sanitize_file_name("dir/"), "file");
  EXPECT_EQ(sanitize_file_name(".."), "file");
  EXPECT_EQ(sanitize_file_name("."), "file");
  EXPECT_EQ(sanitize_file_name("a/.."), "file");
  EXPECT_EQ(sanitize_file_name(""), "file");
  EXPECT_EQ(sanitize_file_name(".bashrc"), ".bashrc");
}

TEST(FileNames, ControlAndInvisibleCharactersAreRemoved) {
  EXPECT_EQ(sanitize_file_name(std::string("evil.html\0.png", 14)), "evil.html.png");
  EXPECT_EQ(sanitize_file_name("a\r\nb\tc\x7f"), "abc");
  EXPECT_EQ(sanitize_file_name("x\xc2\x85y"), "xy") << "C1 control NEL";
  EXPECT_EQ(sanitize_file_name("invoice\u202Efdp.exe"), "invoicefdp.exe") << "RTL override";
  EXPECT_EQ(sanitize_file_name("zero\u200Bwidth\uFEFF"), "zerowidth");
  EXPECT_EQ(sanitize_file_name("  spaced name.txt  "), "spaced name.txt");
}

TEST(FileNames, UnicodeIsKeptAndInvalidUtf8Replaced) {
  EXPECT_EQ(sanitize_file_name("r\u00e9sum\u00e9 \u4e2d\u6587 \U0001F600.txt"),
            "r\u00e9sum\u00e9 \u4e2d\u6587 \U0001F600.txt");
  EXPECT_EQ(sanitize_file_name("bad\xc3\x28.txt"), "bad\uFFFD(.txt");
  EXPECT_EQ(sanitize_file_name("\xc0\xaf"), "\uFFFD\uFFFD") << "overlong '/' is not a slash";
  EXPECT_EQ(sanitize_file_name("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD") << "surrogate";
}

TEST(FileNames, LongNamesAreShortenedKeepingTheExtension) {
  std::string stem;
  for (int i = 0; i < 300; ++i) stem += "\u00e9";
  auto name = sanitize_file_name(stem + ".pdf");
  EXPECT_EQ(rooms::code_points(name), rooms::kMaxFileNameCodePoints);
  EXPECT_TRUE(name.ends_with("\u00e9.pdf"));
  auto no_extension = sanitize_file_name(std::string(500, 'a'));
  EXPECT_EQ(no_extension, std::string(200, 'a'));
}

TEST(FileNames, HeaderNamesDecodeValidPercentEscapesOnly) {
  EXPECT_EQ(decode_header_file_name("caf%C3%A9.txt"), "caf\u00e9.txt");
  EXPECT_EQ(decode_header_file_name("50%off.txt"), "50%off.txt");
  EXPECT_EQ(decode_header_file_name("end%"), "end%");
  EXPECT_EQ(decode_header_file_name("end%4"), "end%4");
  EXPECT_EQ(sanitize_file_name(decode_header_file_name("..%2F..%2Fetc%2Fpasswd")), "passwd");
  EXPECT_EQ(sanitize_file_name(decode_header_file_name("a%00b")), "ab");
}

TEST(FileNames, ContentDispositionHasAnAsciiFallbackAndTheExactName) {
  EXPECT_EQ(content_disposition("inline", "a b.txt"),
            "inline; filename=\"a b.txt\"; filename*=UTF-8''a%20b.txt");
  EXPECT_EQ(content_disposition("attachment", "caf\u00e9 \"q\"\\.txt"),
            "attachment; filename=\"caf_ _q__.txt\"; "
            "filename*=UTF-8''caf%C3%A9%20%22q%22%5C.txt");
  EXPECT_EQ(content_disposition("inline", "\U0001F600;x"),
            "inline; filename=\"_;x\"; filename*=UTF-8''%F0%9F%98%80%3Bx");
}

TEST(FileTypes, MagicNumbersDecideTheType) {
  struct Case {
    std::string bytes;
    const char* type;
    bool show_inline;
  };
  const std::vector<Case> cases = {
      {"\x89PNG\r\n\x1a\n\0\0"s, "image/png", true},
      {"\xFF\xD8\xFF\xE0 jfif", "image/jpeg", true},
      {"GIF89a...", "image/gif", true},
      {"GIF87a...", "image/gif", true},
      {"RIFF\x10\0\0\0WEBPVP8 "s, "image/webp", true},
      {"RIFF\x10\0\0\0WAVEfmt "s, "audio/wav", true},
      {"%PDF-1.7\n", "application/pdf", true},
      {"PK\x03\x04zipdata", "application/zip", false},
      {std::string("\x1F\x8B\x08\0", 4), "application/gzip", false},
      {"ID3\x04rest", "audio/mpeg", true},
      {"OggS\0"s, "audio/ogg", true},
      {std::string("\0\0\0\x18"
                   "ftypmp42",
                   12),
       "video/mp4", true},
  };
  for (const auto& c : cases) {
    auto type = sniff_file_type(c.bytes, "whatever.txt");
    EXPECT_EQ(type.content_type, c.type) << c.type;
    EXPECT_EQ(type.show_inline, c.show_inline) << c.type;
  }
  EXPECT_EQ(sniff_file_type("RIFF\x10\0\0\0AVI "s, "a").content_type, "application/octet-stream");
}

TEST(FileTypes, TextIsPlainUtf8) {
  auto text = sniff_file_type("hello\r\nworld\t\u00e9\u4e2d\n", "notes.txt");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_TRUE(text.show_inline);
  EXPECT_EQ(sniff_file_type("a < b and b > c", "math.txt").content_type,
            "text/plain; charset=utf-8");
  EXPECT_EQ(sniff_file_type("bad \xc3\x28", "x.txt").content_type, "application/octet-stream");
  EXPECT_EQ(sniff_file_type(std::string("nul\0", 4), "x.txt").content_type,
            "application/octet-stream");
  EXPECT_EQ(sniff_file_type("\x01\x02\x03", "x").content_type, "application/octet-stream");
}

TEST(FileTypes, MarkupAndScriptsAreNeverInline) {
  for (std::string markup :
       {"<html><script>alert(1)</script></html>", "  \n<svg xmlns='http://www.w3.org/2000/svg'/>",
        "\xEF\xBB\xBF<?xml version='1.0'?><a/>", "hello <SCRIPT>alert(1)</SCRIPT>",
        "text then <!DOCTYPE html>", "<p>hi</p>"}) {
    auto type = sniff_file_type(markup, "page.txt");
    EXPECT_EQ(type.content_type, "application/octet-stream") << markup;
    EXPECT_FALSE(type.show_inline) << markup;
  }
  for (const char* name : {"app.js", "page.HTML", "x.svg", "feed.xml", "m.mjs", "s.css"})
    EXPECT_EQ(sniff_file_type("alert(1)", name).content_type, "application/octet-stream") << name;
}

TEST(FileTypes, ShownInlineOnlyForSafeTypes) {
  for (const char* safe : {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
                           "text/plain; charset=utf-8", "audio/ogg", "video/mp4"})
    EXPECT_TRUE(rooms::shown_inline(safe)) << safe;
  for (const char* unsafe : {"application/octet-stream", "application/zip", "text/html",
                             "application/javascript", "text/plain", "image/svg+xml"})
    EXPECT_FALSE(rooms::shown_inline(unsafe)) << unsafe;
}

}  // namespace
