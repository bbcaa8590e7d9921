// Bucket arithmetic, percentiles and the plot export of bench::LogHistogram (see histogram.h).
#include "histogram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bench {

void LogHistogram::record(int64_t v) {
  uint64_t u = v < 0 ? 0 : static_cast<uint64_t>(v);
  ++counts_[index(u)];
  ++total_;
  sum_ += static_cast<double>(u);
  if (u > max_) max_ = u;
}

void LogHistogram::merge(const LogHistogram& o) {
  for (size_t i = 0; i < kBuckets; ++i) counts_[i] += o.counts_[i];
  total_ += o.total_;
  sum_ += o.sum_;
  max_ = std::max(max_, o.max_);
}

uint64_t LogHistogram::percentile(double q) const {
  if (total_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total_)));
  if (rank < 1) rank = 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(upper(i), max_);
  }
  return max_;
}

size_t LogHistogram::index(uint64_t v) {
  if (v < kSub) return static_cast<size_t>(v);
  int e = 63 - __builtin_clzll(v);         // >= kSubBits
  uint64_t m = v >> (e - (kSubBits - 1));  // in [64, 128)
  return static_cast<size_t>(kSub + static_cast<uint64_t>(e - kSubBits) * kHalf + (m - kHalf));
}

uint64_t LogHistogram::lower(size_t idx) {
  if (idx < kSub) return idx;
  size_t j = idx - kSub;
  int e = static_cast<int>(j / kHalf) + kSubBits;
  uint64_t m = j % kHalf + kHalf;
  return m << (e - (kSubBits - 1));
}

uint64_t LogHistogram::upper(size_t idx) {
  if (idx < kSub) return idx;
  size_t j = idx - kSub;
  int e = static_cast<int>(j / kHalf) + kSubBits;
  uint64_t m = j % kHalf + kHalf;
  int shift = e - (kSubBits - 1);
  return ((m + 1) << shift) - 1;
}

bool LogHistogram::write_dat(const std::string& path, int per_octave) const {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fprintf(f, "# lower_ms upper_ms count cumulative_fraction (%llu values)\n",
               static_cast<unsigned long long>(total_));
  // Group the 64 sub-buckets of an octave into per_octave bars; exact buckets below 128 ns
  // form one bar.
  const size_t group = std::max<size_t>(1, kHalf / static_cast<size_t>(std::max(1, per_octave)));
  uint64_t seen = 0;
  auto emit = [&](size_t first, size_t last) {
    uint64_t n = 0;
    for (size_t i = first; i <= last; ++i) n += counts_[i];
    if (n == 0) return;
    seen += n;
    std::fprintf(f, "%.6f %.6f %llu %.6f\n", ms(lower(first)), ms(upper(last) + 1),
                 static_cast<unsigned long long>(n),
                 static_cast<double>(seen) / static_cast<double>(total_));
  };
  emit(0, kSub - 1);
  for (size_t i = kSub; i < kBuckets; i += group) emit(i, std::min(kBuckets, i + group) - 1);
  return std::fclose(f) == 0;
}

}  // namespace bench
