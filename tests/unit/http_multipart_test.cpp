// The multipart/form-data reader: boundaries from Content-Type, what browsers and curl send,
// and the strict refusals (delimiters, CRLF, headers, limits).
#include <gtest/gtest.h>

#include "http/multipart.h"

namespace {

using http::first_file_part;
using http::FormStatus;
using http::multipart_boundary;

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

// A body with one part per (headers, data); each header block without its final CRLF.
std::string body_of(std::vector<std::pair<std::string, std::string>> parts,
                    const std::string& boundary = kBoundary) {
  std::string body;
  for (const auto& [headers, data] : parts)
    body += "--" + boundary + "\r\n" + headers + "\r\n\r\n" + data + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

std::string file_headers(const std::string& filename) {
  return "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: text/plain";
}

TEST(MultipartBoundary, TokenAndQuotedForms) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=x-y_z"), "x-y_z");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + kBoundary), kBoundary);
}

TEST(MultipartBoundary, RefusesOtherTypesAndBadBoundaries) {
  for (const std::string& type : std::vector<std::string>{
           "", "multipart/mixed; boundary=abc", "text/plain; boundary=abc", "multipart/form-data",
           "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
           "multipart/form-data; boundary=\"ends with space \"",
           "multipart/form-data; boundary=" + std::string(71, 'a'),
           "multipart/form-data; boundary=\"bad<char>\"",
           "multipart/form-data; boundary=a; boundary=b",
           "multipart/form-data; boundary=\"unterminated", "multipart/form-data; ; boundary=a",
           "multipart/form-data; boundary=abc;"})
    EXPECT_FALSE(multipart_boundary(type)) << type;
  EXPECT_TRUE(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')));
}

TEST(Multipart, TakesTheFirstFilePartExactly) {
  const std::string data("line one\r\nline two\0binary\xff", 26);
  auto body = body_of({{"Content-Disposition: form-data; name=\"comment\"", "hello"},
                       {file_headers("notes.txt"), data},
                       {file_headers("second.txt"), "ignored"}});
  auto form = first_file_part(body, kBoundary);
  ASSERT_EQ(form.status, FormStatus::ok) << form.reason;
  EXPECT_EQ(form.file.field, "file");
  EXPECT_EQ(form.file.filename, "notes.txt");
  EXPECT_EQ(form.file.content_type, "text/plain");
  EXPECT_EQ(form.file.data, data);
}

TEST(Multipart, DataThatMerelyResemblesADelimiterStaysInThePart) {
  const std::string data = "--" + kBoundary.substr(0, 10) + "\r\n-- not it\n--" + kBoundary;
  auto form = first_file_part(body_of({{file_headers("a.bin"), data}}), kBoundary);
  ASSERT_EQ(form.status, FormStatus::ok) << form.reason;
  EXPECT_EQ(form.file.data, data) << "a delimiter counts only after CRLF";
}

TEST(Multipart, EmptyFileAndEmptyFilename) {
  auto form = first_file_part(body_of({{file_headers(""), ""}}), kBoundary);
  ASSERT_EQ(form.status, FormStatus::ok) << form.reason;
  EXPECT_EQ(form.file.filename, "");
  EXPECT_TRUE(form.file.data.empty());
}

TEST(Multipart, FilenameForms) {
  auto name_of = [](const std::string& disposition) {
    auto form = first_file_part(body_of({{"Content-Disposition: " + disposition, "x"}}), kBoundary);
    return form.status == FormStatus::ok ? form.file.filename : "<" + form.reason + ">";
  };
  EXPECT_EQ(name_of("form-data; name=f; filename=plain.txt"), "plain.txt");
  EXPECT_EQ(name_of("form-data; name=\"f\"; filename=\"C:\\dir\\a.txt\""), "C:\\dir\\a.txt");
  EXPECT_EQ(name_of("form-data; name=\"f\"; filename=\"say \\\"hi\\\".txt\""), "say \"hi\".txt");
  EXPECT_EQ(name_of("form-data; name=\"f\"; filename=\"caf\xc3\xa9.txt\""), "caf\xc3\xa9.txt");
  EXPECT_EQ(name_of("form-data; name=f; filename=\"fallback\"; filename*=UTF-8''caf%C3%A9.txt"),
            "caf\xc3\xa9.txt");
  EXPECT_EQ(name_of("FORM-DATA; NAME=f; FILENAME=upper"), "upper");
}

TEST(Multipart, NulAndOtherBytesInAFilenameAreLeftToTheSanitiser) {
  auto form =
      first_file_part(body_of({{file_headers(std::string("a\0b\x1b.txt", 7)), "x"}}), kBoundary);
  ASSERT_EQ(form.status, FormStatus::ok) << form.reason;
  EXPECT_EQ(form.file.filename, std::string("a\0b\x1b.txt", 7));
}

TEST(Multipart, NoFilePart) {
  auto form = first_file_part(body_of({{"Content-Disposition: form-data; name=\"a\"", "1"},
                                       {"Content-Disposition: form-data; name=\"b\"", "2"}}),
                              kBoundary);
  EXPECT_EQ(form.status, FormStatus::no_file);
}

TEST(Multipart, PreambleAndEpilogueAreIgnored) {
  auto body = "preamble text\r\n" + body_of({{file_headers("a"), "x"}}) + "epilogue";
  auto form = first_file_part(body, kBoundary);
  ASSERT_EQ(form.status, FormStatus::ok) << form.reason;
  EXPECT_EQ(form.file.data, "x");
}

TEST(Multipart, TransportPaddingAfterADelimiterIsAllowed) {
  auto body =
      "--" + kBoundary + "  \t\r\n" + file_headers("a") + "\r\n\r\nx\r\n--" + kBoundary + "--";
  EXPECT_EQ(first_file_part(body, kBoundary).status, FormStatus::ok);
}

TEST(Multipart, MalformedBodies) {
  const std::string d = "--" + kBoundary;
  const std::string part = file_headers("a") + "\r\n\r\nx\r\n";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"empty", ""},
      {"no boundary at all", "just text"},
      {"no close delimiter", d + "\r\n" + part},
      {"no parts", d + "--"},
      {"LF instead of CRLF after delimiter", d + "\n" + part + d + "--"},
      {"boundary followed by other characters", d + "xyz\r\n" + part + d + "--"},
      {"part without Content-Disposition",
       d + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + d + "--"},
      {"Content-Disposition not form-data",
       d + "\r\nContent-Disposition: attachment; filename=a\r\n\r\nx\r\n" + d + "--"},
      {"header without colon", d + "\r\nbroken header\r\n\r\nx\r\n" + d + "--"},
      {"folded header", d + "\r\n" + file_headers("a") + "\r\n  folded\r\n\r\nx\r\n" + d + "--"},
      {"bare LF inside a header",
       d + "\r\nContent-Disposition: form-data;\n name=a; filename=b\r\n\r\nx\r\n" + d + "--"},
      {"duplicate parameter",
       d + "\r\nContent-Disposition: form-data; name=a; filename=b; filename=c\r\n\r\nx\r\n" + d +
           "--"},
      {"unterminated quoted filename",
       d + "\r\nContent-Disposition: form-data; name=a; filename=\"b\r\n\r\nx\r\n" + d + "--"},
      {"filename* in another charset",
       d + "\r\nContent-Disposition: form-data; name=a; filename*=ISO-8859-1''x\r\n\r\nx\r\n" + d +
           "--"},
      {"filename* with a bad escape",
       d + "\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''x%G1\r\n\r\nx\r\n" + d +
           "--"},
      {"duplicate Content-Disposition",
       d + "\r\n" + file_headers("a") + "\r\n" + file_headers("b") + "\r\n\r\nx\r\n" + d + "--"},
      {"headers never end", d + "\r\n" + file_headers("a") + "\r\n"},
  };
  for (const auto& [what, body] : cases) {
    auto form = first_file_part(body, kBoundary);
    EXPECT_EQ(form.status, FormStatus::malformed) << what;
    if (form.status == FormStatus::malformed) EXPECT_FALSE(form.reason.empty()) << what;
  }
}

TEST(Multipart, LimitsArePerPartAndPerBody) {
  http::MultipartLimits limits{.max_parts = 2, .max_headers_per_part = 3, .max_header_bytes = 200};
  auto two = body_of({{file_headers("a"), "1"}, {file_headers("b"), "2"}});
  EXPECT_EQ(first_file_part(two, kBoundary, limits).status, FormStatus::ok);
  auto three =
      body_of({{file_headers("a"), "1"}, {file_headers("b"), "2"}, {file_headers("c"), "3"}});
  EXPECT_EQ(first_file_part(three, kBoundary, limits).status, FormStatus::malformed);
  auto many_headers = body_of({{file_headers("a") + "\r\nX-A: 1\r\nX-B: 2", "1"}});
  EXPECT_EQ(first_file_part(many_headers, kBoundary, limits).status, FormStatus::malformed);
  auto long_header = body_of({{file_headers(std::string(300, 'n')), "1"}});
  EXPECT_EQ(first_file_part(long_header, kBoundary, limits).status, FormStatus::malformed);
}

}  // namespace
