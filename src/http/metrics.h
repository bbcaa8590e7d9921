// Prometheus metrics in the text exposition format (version 0.0.4). A Metrics registry holds
// named counters, gauges and histograms, each optionally split by one label; render() writes
// them all for GET /metrics. Values are updated on the I/O thread and read there too; gauges
// whose value lives elsewhere are sampled by a callback at render time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace http {

class Counter {
 public:
  void inc(double amount = 1) { value_ += amount; }
  double value() const { return value_; }

 private:
  double value_ = 0;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  const std::vector<uint64_t>& counts() const { return counts_; }  // per bucket, not cumulative
  double sum() const { return sum_; }
  uint64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // one more than bounds: the +Inf bucket
  double sum_ = 0;
  uint64_t count_ = 0;
};

class Metrics {
 public:
  // The series for `name` with the given label value ("" for an unlabelled metric). `label`
  // names the label, e.g. counter("carrel_http_requests_total", "...", "status", "200").
  Counter& counter(const std::string& name, const std::string& help, const std::string& label = {},
                   const std::string& value = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::string& label = {}, const std::string& value = {});
  // A gauge read at render time.
  void gauge(const std::string& name, const std::string& help, std::function<double()> sample);
  // Several labelled gauge values read at render time: label value -> value.
  void gauge_family(const std::string& name, const std::string& help, const std::string& label,
                    std::function<std::map<std::string, double>()> sample);

  std::string render() const;

 private:
  struct Family {
    std::string help;
    std::string type;
    std::string label;
    std::map<std::string, Counter> counters;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::function<std::map<std::string, double>()> sample;
  };
  Family& family(const std::string& name, const std::string& help, const std::string& type,
                 const std::string& label);

  std::map<std::string, Family> families_;
};

// Buckets in seconds for request latencies: 1 ms to 10 s.
std::vector<double> latency_buckets();

}  // namespace http
