// /metrics speaks the Prometheus text exposition format.
#include <gtest/gtest.h>

#include "http/metrics.h"

namespace {

TEST(Metrics, RendersCountersGaugesAndHistograms) {
  http::Metrics metrics;
  metrics.counter("carrel_joins_total", "Joins").inc();
  metrics.counter("carrel_errors_total", "Errors", "code", "ROOM_FULL").inc(2);
  metrics.gauge("carrel_rooms", "Rooms", [] { return 10.0; });
  metrics.gauge_family("carrel_room_occupancy", "Occupancy", "room", [] {
    return std::map<std::string, double>{{"Study \"1\"", 3}};
  });
  auto& latency = metrics.histogram("carrel_latency_seconds", "Latency", "endpoint", "GET /x");
  latency.observe(0.003);
  latency.observe(20);
  auto text = metrics.render();
  EXPECT_NE(text.find("# TYPE carrel_joins_total counter\ncarrel_joins_total 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("carrel_errors_total{code=\"ROOM_FULL\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE carrel_rooms gauge\ncarrel_rooms 10\n"), std::string::npos);
  EXPECT_NE(text.find("carrel_room_occupancy{room=\"Study \\\"1\\\"\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("carrel_latency_seconds_bucket{endpoint=\"GET /x\",le=\"0.0025\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("carrel_latency_seconds_bucket{endpoint=\"GET /x\",le=\"0.005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("carrel_latency_seconds_bucket{endpoint=\"GET /x\",le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("carrel_latency_seconds_count{endpoint=\"GET /x\"} 2\n"), std::string::npos);
}

}  // namespace
