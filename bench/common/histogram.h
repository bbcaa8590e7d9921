// Log-linear latency histogram shared by the bench tools (HDR-like): values below 128 are exact,
// above that each power of two is split into 64 linear sub-buckets, so a reported value is
// within 1.6% of the true one. Recording is O(1) and allocation-free; histograms merge by adding
// bucket counts. Values are nanoseconds by convention.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

class LogHistogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;  // 128
  static constexpr uint64_t kHalf = kSub / 2;                // 64
  static constexpr size_t kBuckets = kSub + (64 - kSubBits) * kHalf;

  LogHistogram() : counts_(kBuckets, 0) {}

  void record(int64_t v);
  void merge(const LogHistogram& o);
  uint64_t count() const { return total_; }
  uint64_t max() const { return max_; }
  double mean() const { return total_ ? sum_ / static_cast<double>(total_) : 0.0; }
  // Smallest recorded bucket bound at or above the q-quantile (q in [0,1]).
  uint64_t percentile(double q) const;

  // Writes the non-empty buckets for plotting, one line each, values in milliseconds:
  // "lower_ms upper_ms count cumulative_fraction". Buckets are first coarsened so that each
  // power of two has at most `per_octave` of them (a readable bar width on a log axis).
  bool write_dat(const std::string& path, int per_octave = 8) const;

 private:
  static size_t index(uint64_t v);
  static uint64_t lower(size_t idx);
  static uint64_t upper(size_t idx);

  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  uint64_t max_ = 0;
  double sum_ = 0;
};

// Nanoseconds to milliseconds.
inline double ms(uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

}  // namespace bench
