// Availability arithmetic.
//   downtime per year = (1 - A) x 365 d        (99.99 % -> 52.56 min; MODELS.md)
//   nines             = -log10(1 - A)          (99.99 % -> 4)
//   steady state      A = MTTF / (MTTF + MTTR)
//   per-window        A_w = 1 - downtime in window / window length, 5-minute windows by default (cloud
//                     SLAs measure availability per 5-minute window);
//   SLA uptime        = 1 - mean over windows of the error rate (Amazon S3 SLA: "Monthly Uptime Percentage"
//                     is 100 % minus the average of the 5-minute error rates).
// Times in s.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

namespace dcsim::failure {

inline constexpr double kSecondsPerYear = 365.0 * 86400.0;
inline constexpr double kSlaWindow_s = 300.0;

inline double downtime_per_year_s(double availability) {
  if (!(availability >= 0.0 && availability <= 1.0))
    throw std::invalid_argument("failure::downtime_per_year_s: availability must be in [0, 1]");
  return (1.0 - availability) * kSecondsPerYear;
}

inline double availability_from_downtime(double downtime_s, double period_s) {
  if (!(period_s > 0.0) || !(downtime_s >= 0.0) || downtime_s > period_s)
    throw std::invalid_argument("failure::availability_from_downtime: need 0 <= downtime <= period, period > 0");
  return 1.0 - downtime_s / period_s;
}

// -log10(1 - A); +inf for A = 1.
inline double nines(double availability) {
  if (!(availability >= 0.0 && availability <= 1.0))
    throw std::invalid_argument("failure::nines: availability must be in [0, 1]");
  return availability >= 1.0 ? std::numeric_limits<double>::infinity() : -std::log10(1.0 - availability);
}

inline double availability_from_nines(double n) { return 1.0 - std::pow(10.0, -n); }

inline double steady_state_availability(double mttf_s, double mttr_s) {
  if (!(mttf_s > 0.0) || !(mttr_s >= 0.0))
    throw std::invalid_argument("failure::steady_state_availability: need MTTF > 0, MTTR >= 0");
  return mttf_s / (mttf_s + mttr_s);
}

struct Interval {
  double start_s = 0.0;
  double end_s = 0.0;
};

// Availability of each window [t0 + k w, t0 + (k+1) w) covering [t0, t1) (the last window may be shorter),
// from downtime intervals that may overlap or extend outside [t0, t1). O(intervals log intervals + windows).
inline std::vector<double> window_availability(std::span<const Interval> downtime, double t0_s, double t1_s,
                                               double window_s = kSlaWindow_s) {
  if (!(t1_s > t0_s) || !(window_s > 0.0))
    throw std::invalid_argument("failure::window_availability: need t1 > t0 and window > 0");
  const auto windows = static_cast<std::size_t>(std::ceil((t1_s - t0_s) / window_s));
  std::vector<double> down(windows, 0.0);
  // Clip to [t0, t1), sort and merge so overlaps count once.
  std::vector<Interval> iv;
  iv.reserve(downtime.size());
  for (const Interval& d : downtime) {
    const double a = std::max(d.start_s, t0_s), b = std::min(d.end_s, t1_s);
    if (b > a) iv.push_back({a, b});
  }
  std::sort(iv.begin(), iv.end(), [](const Interval& x, const Interval& y) { return x.start_s < y.start_s; });
  std::size_t merged = 0;
  for (std::size_t k = 0; k < iv.size(); ++k) {
    if (merged > 0 && iv[k].start_s <= iv[merged - 1].end_s)
      iv[merged - 1].end_s = std::max(iv[merged - 1].end_s, iv[k].end_s);
    else
      iv[merged++] = iv[k];
  }
  iv.resize(merged);
  for (const Interval& d : iv) {
    auto w = static_cast<std::size_t>((d.start_s - t0_s) / window_s);
    w = w > 0 ? w - 1 : 0;  // guard against rounding in the division
    for (; w < windows; ++w) {
      const double ws = t0_s + static_cast<double>(w) * window_s, we = std::min(ws + window_s, t1_s);
      if (ws >= d.end_s) break;
      const double overlap = std::min(we, d.end_s) - std::max(ws, d.start_s);
      if (overlap > 0.0) down[w] += overlap;
    }
  }
  for (std::size_t w = 0; w < windows; ++w) {
    const double ws = t0_s + static_cast<double>(w) * window_s, len = std::min(window_s, t1_s - ws);
    down[w] = std::clamp(1.0 - down[w] / len, 0.0, 1.0);
  }
  return down;
}

// Fraction of windows whose availability is at least `threshold` (1.0: windows with no downtime at all).
inline double fraction_windows_available(std::span<const double> per_window, double threshold = 1.0) {
  if (per_window.empty()) return 1.0;
  std::size_t ok = 0;
  for (double a : per_window) ok += a >= threshold;
  return static_cast<double>(ok) / static_cast<double>(per_window.size());
}

// SLA uptime from per-window error rates (failed requests / requests, 0..1): 1 - mean error rate.
inline double sla_uptime_from_error_rates(std::span<const double> error_rates) {
  if (error_rates.empty()) return 1.0;
  double sum = 0.0;
  for (double e : error_rates) {
    if (!(e >= 0.0 && e <= 1.0)) throw std::invalid_argument("failure::sla_uptime_from_error_rates: rate in [0, 1]");
    sum += e;
  }
  return 1.0 - sum / static_cast<double>(error_rates.size());
}

}  // namespace dcsim::failure
