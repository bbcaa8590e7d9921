// Unit tests for the strict base64 codec that carries binary Engine.IO messages over
// long-polling ('b' + base64). Expected strings are Node.js Buffer.toString("base64") outputs.
#include "sio/engine/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using sio::engine::append_base64;
using sio::engine::decode_base64;
using sio::engine::encode_base64;
using namespace std::string_literals;

// RFC 4648 section 10: one, two and three input bytes per final group.
TEST(Base64, EncodesRfc4648TestVectors) {
  EXPECT_EQ(encode_base64(""), "");
  EXPECT_EQ(encode_base64("f"), "Zg==");
  EXPECT_EQ(encode_base64("fo"), "Zm8=");
  EXPECT_EQ(encode_base64("foo"), "Zm9v");
  EXPECT_EQ(encode_base64("foob"), "Zm9vYg==");
  EXPECT_EQ(encode_base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode_base64("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesRfc4648TestVectors) {
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_EQ(decode_base64("Zg=="), "f");
  EXPECT_EQ(decode_base64("Zm8="), "fo");
  EXPECT_EQ(decode_base64("Zm9v"), "foo");
  EXPECT_EQ(decode_base64("Zm9vYg=="), "foob");
  EXPECT_EQ(decode_base64("Zm9vYmE="), "fooba");
  EXPECT_EQ(decode_base64("Zm9vYmFy"), "foobar");
}

TEST(Base64, EncodesEveryByteValueLikeNode) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes += char(i);
  EXPECT_EQ(encode_base64(all_bytes),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+"
            "P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn"
            "+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/"
            "wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/"
            "w==");
}

TEST(Base64, UsesPlusAndSlashForTheLastTwoDigits) {
  EXPECT_EQ(encode_base64("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(decode_base64("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64, DecodesNulAndHighBytes) {
  EXPECT_EQ(decode_base64("AAAA"), "\0\0\0"s);
  EXPECT_EQ(decode_base64("AP8A/w=="), "\0\xff\0\xff"s);
}

TEST(Base64, AppendAddsToExistingText) {
  std::string out = "b";
  append_base64(out, "\x01\x02\x03\x04");
  EXPECT_EQ(out, "bAQIDBA==");
}

TEST(Base64, RejectsMissingPadding) {
  EXPECT_EQ(decode_base64("Zg"), std::nullopt);
  EXPECT_EQ(decode_base64("Zg="), std::nullopt);
  EXPECT_EQ(decode_base64("Zm8"), std::nullopt);
  EXPECT_EQ(decode_base64("Zm9vYg"), std::nullopt);
}

TEST(Base64, RejectsLengthThatIsNotAMultipleOfFour) {
  EXPECT_EQ(decode_base64("Z"), std::nullopt);
  EXPECT_EQ(decode_base64("Zm9vY"), std::nullopt);
  EXPECT_EQ(decode_base64("Zg==="), std::nullopt);
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_EQ(decode_base64("Zm9*"), std::nullopt);
  EXPECT_EQ(decode_base64("Zm-_"), std::nullopt);  // the URL-safe alphabet is not accepted
  EXPECT_EQ(decode_base64("Zm9\xc3"), std::nullopt);
  EXPECT_EQ(decode_base64("Zm9\0"s), std::nullopt);
}

TEST(Base64, RejectsWhitespace) {
  EXPECT_EQ(decode_base64("Zm9 "), std::nullopt);
  EXPECT_EQ(decode_base64("Zm9v\r\nZm9v"), std::nullopt);
  EXPECT_EQ(decode_base64("Zg==\n"), std::nullopt);
}

TEST(Base64, RejectsPaddingBeforeTheLastGroup) {
  EXPECT_EQ(decode_base64("Zg==Zg=="), std::nullopt);
  EXPECT_EQ(decode_base64("Zm8=Zm9v"), std::nullopt);
}

TEST(Base64, RejectsPaddingInsideTheLastGroup) {
  EXPECT_EQ(decode_base64("Z=g="), std::nullopt);
  EXPECT_EQ(decode_base64("Zm=v"), std::nullopt);
  EXPECT_EQ(decode_base64("=Zm9"), std::nullopt);
}

TEST(Base64, RejectsMoreThanTwoPaddingCharacters) {
  EXPECT_EQ(decode_base64("Z==="), std::nullopt);
  EXPECT_EQ(decode_base64("===="), std::nullopt);
}

// An encoder always writes zero bits after the last byte; "Zh==" would also mean "f" but is not
// what any encoder produces, so decoding stays one-to-one.
TEST(Base64, RejectsNonZeroBitsAfterTheLastByte) {
  EXPECT_EQ(decode_base64("Zh=="), std::nullopt);
  EXPECT_EQ(decode_base64("Zm9="), std::nullopt);
  EXPECT_EQ(decode_base64("Zm8="), "fo");
}

}  // namespace
