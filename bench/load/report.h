// JSON pieces shared by carrel-load's scenarios: a latency histogram's summary (count and
// percentiles in milliseconds), the CPU cores of a window (server, generator, everything else),
// and a progress line on stderr.
#pragma once

#include <string_view>

#include "histogram.h"
#include "json_out.h"
#include "proc_stats.h"

namespace carrel_load {

void histogram_json(bench::JsonOut& out, std::string_view key, const bench::LogHistogram& h);
void cpu_json(bench::JsonOut& out, std::string_view key, const bench::CpuWindow& w);
// Writes <prefix>-<name>.dat when prefix is not empty.
void write_histogram(const std::string& prefix, const char* name, const bench::LogHistogram& h);
void progress(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace carrel_load
