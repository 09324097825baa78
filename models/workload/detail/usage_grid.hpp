// Resampling of irregular usage samples onto a regular grid (used by the cluster-trace readers).
//   base = time of the earliest sample;  bin k = round((t - base) / interval)
//   value_k = sum_i w_i x_i / sum_i w_i over the samples in bin k, w_i = window length (t1 - t0) for window
//   samples (Google), 1 for point samples (t1 == t0); bins with no sample hold the previous value.
// Missing values (NaN) are left out of their series' average. Values are clamped to 0..1 afterwards.
// Rounding (not floor) keeps jittered readings (Bitbrains: 300 s +- a few s) one per bin.
#pragma once
#include <cstdint>
#include <vector>

#include "models/workload/utilization_trace.hpp"

namespace dcsim::workload::detail {

struct UsageSample {
  double t0_s;
  double t1_s;  // == t0_s for point readings
  double cpu;   // fraction, NaN if missing
  double mem;   // fraction, NaN if missing
};

inline constexpr double kMaxUsageBins = 1e7;  // guards memory against absurd time stamps

// Sorts samples[0..n) by time and fills `cpu` / `mem` (values cleared if the series has no valid sample).
// Returns false (and fills nothing) if the samples would span more than kMaxUsageBins bins.
bool resample(UsageSample* samples, std::size_t n, double interval_s, UtilizationTrace& cpu, UtilizationTrace& mem);

inline bool resample(std::vector<UsageSample>& s, double interval_s, UtilizationTrace& cpu, UtilizationTrace& mem) {
  return resample(s.data(), s.size(), interval_s, cpu, mem);
}

}  // namespace dcsim::workload::detail
