#include "http/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace http {

namespace {

std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // The shortest form that reads back as the same double, as Prometheus clients write it.
  char text[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// `{label="value",extra}` or `{extra}` or "".
std::string labels(const std::string& label, const std::string& value,
                   const std::string& extra = {}) {
  std::string inner;
  if (!label.empty()) inner = label + "=\"" + escape_label(value) + "\"";
  if (!extra.empty()) inner += (inner.empty() ? "" : ",") + extra;
  return inner.empty() ? std::string() : "{" + inner + "}";
}

void render_histogram(std::string& out, const std::string& name, const std::string& label,
                      const std::string& value, const Histogram& histogram) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= histogram.bounds().size(); ++i) {
    cumulative += histogram.counts()[i];
    std::string bound =
        i < histogram.bounds().size() ? format_number(histogram.bounds()[i]) : "+Inf";
    out += name + "_bucket" + labels(label, value, "le=\"" + bound + "\"") + " " +
           std::to_string(cumulative) + "\n";
  }
  out += name + "_sum" + labels(label, value) + " " + format_number(histogram.sum()) + "\n";
  out += name + "_count" + labels(label, value) + " " + std::to_string(histogram.count()) + "\n";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double value) {
  auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  ++counts_[bucket];
  sum_ += value;
  ++count_;
}

std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Metrics::Family& Metrics::family(const std::string& name, const std::string& help,
                                 const std::string& type, const std::string& label) {
  auto& family = families_[name];
  if (family.type.empty()) {
    family.help = help;
    family.type = type;
    family.label = label;
  }
  return family;
}

Counter& Metrics::counter(const std::string& name, const std::string& help,
                          const std::string& label, const std::string& value) {
  return family(name, help, "counter", label).counters[value];
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              const std::string& label, const std::string& value) {
  auto& slot = family(name, help, "histogram", label).histograms[value];
  if (!slot) slot = std::make_unique<Histogram>(latency_buckets());
  return *slot;
}

void Metrics::gauge(const std::string& name, const std::string& help,
                    std::function<double()> sample) {
  family(name, help, "gauge", {}).sample = [sample = std::move(sample)] {
    return std::map<std::string, double>{{"", sample()}};
  };
}

void Metrics::gauge_family(const std::string& name, const std::string& help,
                           const std::string& label,
                           std::function<std::map<std::string, double>()> sample) {
  family(name, help, "gauge", label).sample = std::move(sample);
}

std::string Metrics::render() const {
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n# TYPE " + name + " " + family.type + "\n";
    for (const auto& [value, counter] : family.counters)
      out += name + labels(family.label, value) + " " + format_number(counter.value()) + "\n";
    for (const auto& [value, histogram] : family.histograms)
      render_histogram(out, name, family.label, value, *histogram);
    if (family.sample) {
      for (const auto& [value, sample] : family.sample())
        out += name + labels(family.label, value) + " " + format_number(sample) + "\n";
    }
  }
  return out;
}

}  // namespace http
