#include "models/workload/detail/usage_grid.hpp"

#include <algorithm>
#include <cmath>

namespace dcsim::workload::detail {

namespace {

// Samples are sorted by t0, so their bins are non-decreasing: one pass, no scratch arrays.
void fill_series(const UsageSample* s, std::size_t n, double base, double interval, std::size_t bins, bool use_cpu,
                 UtilizationTrace& out) {
  out.interval_s = interval;
  out.start_s = base;
  out.values.clear();
  std::size_t cur = 0;  // bin being accumulated
  double sum = 0.0, weight = 0.0;
  auto flush = [&] {  // emits bin `cur` (and the empty bins before it)
    if (weight <= 0) return;
    const double v = std::clamp(sum / weight, 0.0, 1.0);
    if (out.values.empty()) out.values.reserve(bins);
    // Bins before the first valid value take that value; gaps hold the previous one.
    const double gap = out.values.empty() ? v : out.values.back();
    while (out.values.size() < cur) out.values.push_back(gap);
    out.values.push_back(v);
  };
  for (std::size_t i = 0; i < n; ++i) {
    const UsageSample& x = s[i];
    const double v = use_cpu ? x.cpu : x.mem;
    if (std::isnan(v)) continue;
    std::size_t k = static_cast<std::size_t>(std::llround((x.t0_s - base) / interval));
    if (k >= bins) k = bins - 1;
    if (k != cur) {
      flush();
      cur = k;
      sum = weight = 0.0;
    }
    const double w = x.t1_s > x.t0_s ? x.t1_s - x.t0_s : 1.0;
    sum += w * v;
    weight += w;
  }
  flush();
  if (!out.values.empty())
    while (out.values.size() < bins) out.values.push_back(out.values.back());
}

}  // namespace

bool resample(UsageSample* samples, std::size_t n, double interval_s, UtilizationTrace& cpu, UtilizationTrace& mem) {
  cpu.values.clear();
  mem.values.clear();
  if (n == 0 || !(interval_s > 0)) return true;
  auto by_time = [](const UsageSample& a, const UsageSample& b) { return a.t0_s < b.t0_s; };
  if (!std::is_sorted(samples, samples + n, by_time)) std::stable_sort(samples, samples + n, by_time);
  const double base = samples[0].t0_s;
  const double span = samples[n - 1].t0_s - base;
  if (!(span / interval_s < kMaxUsageBins)) return false;
  const std::size_t bins = static_cast<std::size_t>(std::llround(span / interval_s)) + 1;
  fill_series(samples, n, base, interval_s, bins, true, cpu);
  fill_series(samples, n, base, interval_s, bins, false, mem);
  return true;
}

}  // namespace dcsim::workload::detail
