#include "models/consolidation/overload.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace dcsim::consolidation {

namespace {

constexpr std::size_t kStackValues = 64;

// Scratch copy of a span: on the stack up to 64 values (CloudSim histories hold 30), on the heap beyond.
class Scratch {
 public:
  explicit Scratch(std::span<const double> v) : n_(v.size()) {
    if (n_ > kStackValues) heap_.assign(v.begin(), v.end());
    else std::copy(v.begin(), v.end(), stack_.begin());
  }
  double* data() { return n_ > kStackValues ? heap_.data() : stack_.data(); }
  std::size_t size() const { return n_; }
  std::span<double> span() { return {data(), n_}; }

 private:
  std::size_t n_;
  std::array<double, kStackValues> stack_;  // left uninitialised: only the first n_ are used
  std::vector<double> heap_;
};

// Java Math.round for the non-negative quarter values used here.
long round_half_up(double x) { return static_cast<long>(std::floor(x + 0.5)); }

}  // namespace

OverloadMethod parse_overload_method(std::string_view name) {
  if (name == "thr") return OverloadMethod::Thr;
  if (name == "iqr") return OverloadMethod::Iqr;
  if (name == "mad") return OverloadMethod::Mad;
  if (name == "lr") return OverloadMethod::Lr;
  if (name == "lrr") return OverloadMethod::Lrr;
  throw std::invalid_argument("unknown overload detector '" + std::string(name) +
                              "', expected one of thr, iqr, mad, lr, lrr");
}

std::string_view overload_method_name(OverloadMethod method) {
  switch (method) {
    case OverloadMethod::Thr: return "thr";
    case OverloadMethod::Iqr: return "iqr";
    case OverloadMethod::Mad: return "mad";
    case OverloadMethod::Lr: return "lr";
    case OverloadMethod::Lrr: return "lrr";
  }
  return "?";
}

double default_overload_parameter(OverloadMethod method) {
  switch (method) {
    case OverloadMethod::Thr: return 0.8;
    case OverloadMethod::Iqr: return 1.5;
    case OverloadMethod::Mad: return 2.5;
    case OverloadMethod::Lr:
    case OverloadMethod::Lrr: return 1.2;
  }
  return 0.0;
}

int trimmed_history_length(std::span<const double> history) {
  if (history.empty()) return 0;
  for (std::size_t i = history.size(); i-- > 0;)
    if (history[i] != 0.0) return static_cast<int>(i) + 1;
  return 1;  // CloudSim keeps one (zero) value
}

namespace {

// Batcher's odd-even merge sort network for 32 values (191 compare-exchanges, branch-free min/max): the
// 12..30-value histories here sort in ~0.1 us instead of ~0.8 us for two nth_element calls. Exact: it
// yields the sorted order, so every order statistic equals the one a full sort gives.
struct Network32 {
  std::array<std::uint8_t, 2 * 256> pairs{};
  int count = 0;
  constexpr Network32() {
    const int n = 32;
    for (int p = 1; p < n; p <<= 1)
      for (int k = p; k >= 1; k >>= 1)
        for (int j = k % p; j + k < n; j += 2 * k)
          for (int i = 0; i < k; ++i)
            if ((i + j) / (p * 2) == (i + j + k) / (p * 2)) {
              pairs[static_cast<std::size_t>(2 * count)] = static_cast<std::uint8_t>(i + j);
              pairs[static_cast<std::size_t>(2 * count + 1)] = static_cast<std::uint8_t>(i + j + k);
              ++count;
            }
  }
};
constexpr Network32 kNetwork32{};

// Sorts v[0..n) ascending (v must have room for 32 values when n <= 32). No NaNs expected.
void sort_values(double* v, std::size_t n) {
  if (n > 32) {
    std::sort(v, v + n);
    return;
  }
  for (std::size_t i = n; i < 32; ++i) v[i] = std::numeric_limits<double>::infinity();
  for (int c = 0; c < kNetwork32.count; ++c) {
    double& a = v[kNetwork32.pairs[static_cast<std::size_t>(2 * c)]];
    double& b = v[kNetwork32.pairs[static_cast<std::size_t>(2 * c + 1)]];
    const double lo = std::min(a, b), hi = std::max(a, b);
    a = lo;
    b = hi;
  }
}

// Percentile(50) on sorted values (Commons Math 3.0 legacy estimation).
double median_sorted(const double* v, std::size_t n) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  if (n == 1) return v[0];
  const double dn = static_cast<double>(n);
  const double pos = 50.0 * (dn + 1.0) / 100.0;
  const double fpos = std::floor(pos);
  const auto int_pos = static_cast<std::size_t>(fpos);
  const double dif = pos - fpos;
  if (pos < 1.0) return v[0];
  if (pos >= dn) return v[n - 1];
  const double lower = v[int_pos - 1];
  const double upper = v[int_pos];
  return lower + dif * (upper - lower);
}

}  // namespace

double median(std::span<const double> values) {
  Scratch s(values);
  sort_values(s.data(), s.size());
  return median_sorted(s.data(), s.size());
}

double interquartile_range(std::span<const double> values) {
  const std::size_t n = values.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  Scratch s(values);
  sort_values(s.data(), n);
  const double dn1 = static_cast<double>(n) + 1.0;
  long q1 = round_half_up(0.25 * dn1) - 1;
  long q3 = round_half_up(0.75 * dn1) - 1;
  const long last = static_cast<long>(n) - 1;
  q1 = std::clamp(q1, 0L, last);
  q3 = std::clamp(q3, 0L, last);
  return s.data()[q3] - s.data()[q1];
}

double median_absolute_deviation(std::span<const double> values) {
  if (values.empty()) return 0.0;
  Scratch s(values);
  sort_values(s.data(), s.size());
  const std::size_t n = s.size();
  const double* x = s.data();
  const double med = median_sorted(x, n);
  // The absolute deviations in order without a second sort: below the median they are med - x descending
  // through x, above it x - med ascending; merge the two runs. Each equals |med - x_i| bit for bit
  // (IEEE subtraction rounds symmetrically), so the result is the sorted |med - x_i|.
  std::array<double, kStackValues> dev_stack;
  std::vector<double> dev_heap;
  double* dev = dev_stack.data();
  if (n > kStackValues) {
    dev_heap.resize(n);
    dev = dev_heap.data();
  }
  const std::size_t p = static_cast<std::size_t>(std::upper_bound(x, x + n, med) - x);
  std::size_t lo = p, hi = p, k = 0;  // next below: x[lo - 1]; next above: x[hi]
  while (lo > 0 && hi < n) {
    const double below = med - x[lo - 1], above = x[hi] - med;
    if (below <= above) {
      dev[k++] = below;
      --lo;
    } else {
      dev[k++] = above;
      ++hi;
    }
  }
  while (lo > 0) dev[k++] = med - x[--lo];
  while (hi < n) dev[k++] = x[hi++] - med;
  return median_sorted(dev, n);
}

Line ols_line(std::span<const double> y) {
  // Commons Math 3.0 SimpleRegression.addData (with intercept), x = 1..n.
  double xbar = 0, ybar = 0, sum_xx = 0, sum_yy = 0, sum_xy = 0, sum_x = 0, sum_y = 0;
  long n = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double x = static_cast<double>(i + 1);
    if (n == 0) {
      xbar = x;
      ybar = y[i];
    } else {
      const double fact1 = 1.0 + static_cast<double>(n);
      const double fact2 = static_cast<double>(n) / (1.0 + static_cast<double>(n));
      const double dx = x - xbar;
      const double dy = y[i] - ybar;
      sum_xx += dx * dx * fact2;
      sum_yy += dy * dy * fact2;
      sum_xy += dx * dy * fact2;
      xbar += dx / fact1;
      ybar += dy / fact1;
    }
    sum_x += x;
    sum_y += y[i];
    ++n;
  }
  (void)sum_yy;
  Line line;
  if (n < 2 || std::abs(sum_xx) < 10 * std::numeric_limits<double>::denorm_min()) {
    line.slope = std::numeric_limits<double>::quiet_NaN();
    line.intercept = n > 0 ? sum_y / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
    return line;
  }
  line.slope = sum_xy / sum_xx;
  line.intercept = (sum_y - line.slope * sum_x) / static_cast<double>(n);
  return line;
}

Line wls_line(std::span<const double> y, std::span<const double> weights) {
  double sw = 0, swx = 0, swy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double x = static_cast<double>(i + 1);
    sw += weights[i];
    swx += weights[i] * x;
    swy += weights[i] * y[i];
  }
  if (!(sw > 0)) return ols_line(y);
  const double xm = swx / sw, ym = swy / sw;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double dx = static_cast<double>(i + 1) - xm;
    sxx += weights[i] * dx * dx;
    sxy += weights[i] * dx * (y[i] - ym);
  }
  if (!(sxx > 0)) return ols_line(y);
  Line line;
  line.slope = sxy / sxx;
  line.intercept = ym - line.slope * xm;
  return line;
}

void tricube_weights(int n, std::span<double> out) {
  if (n <= 0) return;
  if (n < 3) {
    for (int i = 0; i < n; ++i) out[i] = 1.0;
    return;
  }
  const double top = n - 1;
  for (int i = 2; i < n; ++i) {
    const double d = (top - i) / top;
    const double k = std::pow(1.0 - d * d * d, 3);
    out[i] = k;
  }
  out[0] = out[1] = out[2];
}

Line local_regression(std::span<const double> y, bool apply_weights) {
  if (!apply_weights || y.size() > kStackValues) return ols_line(y);
  std::array<double, kStackValues> w{};
  tricube_weights(static_cast<int>(y.size()), w);
  return wls_line(y, std::span<const double>(w.data(), y.size()));
}

Line robust_local_regression(std::span<const double> y, bool apply_weights) {
  if (!apply_weights || y.size() > kStackValues) return ols_line(y);  // CloudSim: both fits are plain OLS
  const std::size_t n = y.size();
  std::array<double, kStackValues> w{}, r{}, w2{};
  tricube_weights(static_cast<int>(n), w);
  const Line first = wls_line(y, std::span<const double>(w.data(), n));
  for (std::size_t i = 0; i < n; ++i) r[i] = std::abs(y[i] - (first.intercept + first.slope * (i + 1.0)));
  const double s6 = 6.0 * median(std::span<const double>(r.data(), n));
  if (!(s6 > 0)) return first;  // perfect fit: nothing to down-weight
  for (std::size_t i = 0; i < n; ++i) {
    const double q = r[i] / s6;
    const double b = q < 1.0 ? (1.0 - q * q) * (1.0 - q * q) : 0.0;
    w2[i] = b * w[i];
  }
  const Line robust = wls_line(y, std::span<const double>(w2.data(), n));
  if (!std::isfinite(robust.intercept) || !std::isfinite(robust.slope)) return first;
  return robust;
}

OverloadCheck check_overload(const OverloadDetector& d, std::span<const double> history,
                             double requested_utilization, double max_migration_time_s) {
  OverloadCheck out;
  auto fallback = [&] {
    out.fallback = true;
    out.metric = d.fallback_threshold;
    out.overloaded = requested_utilization > d.fallback_threshold;
    return out;
  };
  const std::span<const double> h = history.first(static_cast<std::size_t>(trimmed_history_length(history)));
  switch (d.method) {
    case OverloadMethod::Thr:
      out.metric = d.parameter;
      out.overloaded = requested_utilization > d.parameter;
      return out;
    case OverloadMethod::Iqr:
    case OverloadMethod::Mad: {
      if (static_cast<int>(h.size()) < d.min_history) return fallback();
      const double spread = d.method == OverloadMethod::Iqr ? interquartile_range(h) : median_absolute_deviation(h);
      out.metric = 1.0 - d.parameter * spread;
      out.overloaded = requested_utilization > out.metric;
      return out;
    }
    case OverloadMethod::Lr:
    case OverloadMethod::Lrr: {
      const int w = d.regression_window;
      if (w < 3 || static_cast<int>(h.size()) < w) return fallback();
      // The w newest values, oldest first.
      std::array<double, kStackValues> yb{};
      std::vector<double> yh;
      double* y = yb.data();
      if (w > static_cast<int>(kStackValues)) {
        yh.resize(static_cast<std::size_t>(w));
        y = yh.data();
      }
      for (int i = 0; i < w; ++i) y[i] = h[static_cast<std::size_t>(w - i - 1)];
      const std::span<const double> ys(y, static_cast<std::size_t>(w));
      const Line fit = d.method == OverloadMethod::Lr ? local_regression(ys, d.apply_regression_weights)
                                                      : robust_local_regression(ys, d.apply_regression_weights);
      const double intervals = std::ceil(max_migration_time_s / d.interval_s);
      double predicted = fit.intercept + fit.slope * (static_cast<double>(w) + intervals);
      predicted *= d.parameter;
      out.metric = predicted;
      out.overloaded = predicted >= 1.0;
      return out;
    }
  }
  return out;
}

namespace {

constexpr double kScreenMargin = 1e-9;
constexpr double kNoBound = -std::numeric_limits<double>::infinity();

bool linear_regression(const OverloadDetector& d) {
  return d.method == OverloadMethod::Lr || (d.method == OverloadMethod::Lrr && !d.apply_regression_weights);
}

// (A, B) of the prediction p = A + m B over the w newest values (oldest first), the fit check_overload uses.
Line prediction_terms(const OverloadDetector& d, std::span<const double> newest_first) {
  const int w = d.regression_window;
  std::array<double, kStackValues> y{};
  for (int i = 0; i < w; ++i) y[static_cast<std::size_t>(i)] = newest_first[static_cast<std::size_t>(w - i - 1)];
  const Line fit = local_regression(std::span<const double>(y.data(), static_cast<std::size_t>(w)),
                                    d.apply_regression_weights);
  return Line{fit.intercept + fit.slope * w, fit.slope};
}

double horizon(const OverloadDetector& d, double migration_time_s) { return std::ceil(migration_time_s / d.interval_s); }

double range_of(std::span<const double> v) {
  if (v.empty()) return 0.0;
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return *hi - *lo;
}

}  // namespace

double screen_host(const OverloadDetector& d, std::span<const double> history, double u,
                   double max_migration_time_s, double migration_time_bound_s) {
  const auto n = static_cast<std::size_t>(trimmed_history_length(history));
  switch (d.method) {
    case OverloadMethod::Thr: return u;
    case OverloadMethod::Iqr:
    case OverloadMethod::Mad:
      if (n != history.size() || static_cast<int>(n) < d.min_history) return kNoBound;
      return u + d.parameter * (d.method == OverloadMethod::Iqr ? interquartile_range(history)
                                                                : median_absolute_deviation(history));
    case OverloadMethod::Lr:
    case OverloadMethod::Lrr: {
      const int w = d.regression_window;
      if (!linear_regression(d) || w < 3 || w > static_cast<int>(kStackValues) || static_cast<int>(n) < w)
        return kNoBound;
      const Line p = prediction_terms(d, history);
      return p.intercept + std::min(horizon(d, max_migration_time_s) * p.slope,
                                    horizon(d, migration_time_bound_s) * p.slope);
    }
  }
  return kNoBound;
}

double screen_limit(const OverloadDetector& d, std::span<const double> vm_history, double u_vm,
                    double vm_migration_time_s, double migration_time_bound_s) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  switch (d.method) {
    case OverloadMethod::Thr: return d.parameter - u_vm + kScreenMargin;
    case OverloadMethod::Iqr:
    case OverloadMethod::Mad: return 1.0 - u_vm + d.parameter * range_of(vm_history) + kScreenMargin;
    case OverloadMethod::Lr:
    case OverloadMethod::Lrr: {
      const int w = d.regression_window;
      if (!linear_regression(d) || w < 3 || w > static_cast<int>(kStackValues) ||
          static_cast<int>(vm_history.size()) < w || !(d.parameter > 0))
        return kNone;
      const Line p = prediction_terms(d, vm_history);
      return 1.0 / d.parameter - p.intercept -
             std::min(horizon(d, vm_migration_time_s) * p.slope, horizon(d, migration_time_bound_s) * p.slope) +
             kScreenMargin;
    }
  }
  return kNone;
}

}  // namespace dcsim::consolidation
