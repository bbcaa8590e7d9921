// Path segments and query parameters as the router reads them.
#include <gtest/gtest.h>

#include "http/router.h"

namespace {

TEST(Router, SplitsAndDecodesPathSegments) {
  EXPECT_EQ(http::path_segments("/api/rooms/a%20b/join?x=1"),
            (std::vector<std::string>{"api", "rooms", "a b", "join"}));
  EXPECT_EQ(http::path_segments("//api//rooms/"), (std::vector<std::string>{"api", "rooms"}));
  EXPECT_EQ(http::path_segments("/bad%zzescape%"), (std::vector<std::string>{"bad%zzescape%"}));
}

TEST(Router, ReadsQueryParameters) {
  EXPECT_EQ(http::query_param("/m?before=abc&limit=5", "limit"), "5");
  EXPECT_EQ(http::query_param("/m?from=2026-01-01T00%3A00%3A00Z", "from"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(http::query_param("/m?limit=5", "before"), std::nullopt);
  EXPECT_EQ(http::query_param("/m?flag", "flag"), "");
}

}  // namespace
