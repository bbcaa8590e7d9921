// report.h: summaries in the field names bench/README.md and run.sh read.
#include "report.h"

#include <cstdarg>
#include <cstdio>
#include <string>

namespace carrel_load {

void histogram_json(bench::JsonOut& out, std::string_view key, const bench::LogHistogram& h) {
  out.begin_object(key)
      .integer("count", static_cast<int64_t>(h.count()))
      .num("p50_ms", bench::ms(h.percentile(0.50)))
      .num("p95_ms", bench::ms(h.percentile(0.95)))
      .num("p99_ms", bench::ms(h.percentile(0.99)))
      .num("max_ms", bench::ms(h.max()))
      .num("mean_ms", h.mean() / 1e6)
      .end_object();
}

void cpu_json(bench::JsonOut& out, std::string_view key, const bench::CpuWindow& w) {
  out.begin_object(key).num("seconds", w.seconds());
  if (w.has_server()) {
    out.num("server_cpu_s", static_cast<double>(w.server_cpu_us()) / 1e6)
        .num("server_cores", w.server_cores())
        .integer("server_rss_kb", w.server_end().rss_kb);
  }
  out.num("loadgen_cores", w.self_cores())
      .num("machine_cores", w.machine_cores())
      .num("other_cores", w.other_cores())
      .end_object();
}

void write_histogram(const std::string& prefix, const char* name, const bench::LogHistogram& h) {
  if (prefix.empty()) return;
  std::string path = prefix + "-" + name + ".dat";
  if (!h.write_dat(path)) std::fprintf(stderr, "carrel-load: cannot write %s\n", path.c_str());
}

void progress(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fputs("[carrel-load] ", stderr);
  std::vfprintf(stderr, fmt, ap);
  std::fputc('\n', stderr);
  va_end(ap);
}

}  // namespace carrel_load
