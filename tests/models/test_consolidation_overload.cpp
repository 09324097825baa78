#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "models/consolidation/overload.hpp"

using namespace dcsim::consolidation;

namespace {
// Newest-first history from an oldest-first list (CloudSim keeps histories newest first).
std::vector<double> newest_first(std::vector<double> oldest_first) { return {oldest_first.rbegin(), oldest_first.rend()}; }
}  // namespace

// Reference: CloudSim MathUtil.countNonZeroBeginning / trimZeroTail (hand-traced on these inputs).
TEST(OverloadStats, TrimmedLength) {
  EXPECT_EQ(trimmed_history_length(std::vector<double>{0.5, 0.0, 0.3, 0.0, 0.0}), 3);
  EXPECT_EQ(trimmed_history_length(std::vector<double>{0.0, 0.0, 0.0}), 1);  // CloudSim keeps one zero
  EXPECT_EQ(trimmed_history_length(std::vector<double>{}), 0);
  EXPECT_EQ(trimmed_history_length(std::vector<double>{0.1, 0.2}), 2);
}

// Reference: Commons Math Percentile(50) by hand: odd n -> middle value; even n -> lo + 0.5 (hi - lo).
TEST(OverloadStats, Median) {
  EXPECT_DOUBLE_EQ(median(std::vector<double>{3, 1, 2}), 2.0);
  EXPECT_DOUBLE_EQ(median(std::vector<double>{4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median(std::vector<double>{7}), 7.0);
  EXPECT_TRUE(std::isnan(median(std::vector<double>{})));
  // 40 values (> the 32-value sorting network): 1..40 -> 20.5.
  std::vector<double> v;
  for (int i = 40; i >= 1; --i) v.push_back(i);
  EXPECT_DOUBLE_EQ(median(v), 20.5);
}

// Reference: CloudSim MathUtil.iqr on 1..12 by hand: q1 = round(0.25*13) - 1 = 2 -> 3, q3 = round(0.75*13) - 1
// = 9 -> 10, IQR = 7. On 1..30 (CloudSim's full history): q1 = round(7.75)-1 = 7 -> 8, q3 = round(23.25)-1 =
// 22 -> 23, IQR = 15.
TEST(OverloadStats, InterquartileRange) {
  std::vector<double> v;
  for (int i = 12; i >= 1; --i) v.push_back(i);
  EXPECT_DOUBLE_EQ(interquartile_range(v), 7.0);
  std::vector<double> w;
  for (int i = 1; i <= 30; ++i) w.push_back((i * 7) % 31);  // a permutation of 1..30
  EXPECT_DOUBLE_EQ(interquartile_range(w), 15.0);
}

// Reference: the textbook MAD example {1,1,2,2,4,6,9}: median 2, deviations {1,1,0,0,2,4,7}, MAD = 1.
TEST(OverloadStats, MedianAbsoluteDeviation) {
  EXPECT_DOUBLE_EQ(median_absolute_deviation(std::vector<double>{1, 1, 2, 2, 4, 6, 9}), 1.0);
  // Even count: {1,2,3,4}: median 2.5, deviations {1.5,0.5,0.5,1.5} -> 1.0.
  EXPECT_DOUBLE_EQ(median_absolute_deviation(std::vector<double>{4, 1, 3, 2}), 1.0);
}

// Reference: least squares by hand. y = 0.1 + 0.05 x exactly; and y = {1,3,2,5,4}: xbar = ybar = 3,
// Sxy = 8, Sxx = 10 -> slope 0.8, intercept 0.6.
TEST(OverloadStats, OrdinaryLeastSquares) {
  std::vector<double> y;
  for (int x = 1; x <= 10; ++x) y.push_back(0.1 + 0.05 * x);
  const Line l = ols_line(y);
  EXPECT_NEAR(l.intercept, 0.1, 1e-12);
  EXPECT_NEAR(l.slope, 0.05, 1e-12);
  const Line m = ols_line(std::vector<double>{1, 3, 2, 5, 4});
  EXPECT_NEAR(m.slope, 0.8, 1e-12);
  EXPECT_NEAR(m.intercept, 0.6, 1e-12);
  EXPECT_TRUE(std::isnan(ols_line(std::vector<double>{1.0}).slope));
}

// Reference: tricube weights (1 - ((n-1-i)/(n-1))^3)^3 by hand for n = 4: i=3 -> 1, i=2 -> (1-1/27)^3 =
// 0.892657..., i = 0, 1 copy i = 2 (CloudSim's convention).
TEST(OverloadStats, TricubeWeights) {
  std::vector<double> w(4);
  tricube_weights(4, w);
  const double w2 = std::pow(1.0 - 1.0 / 27.0, 3);
  EXPECT_NEAR(w[3], 1.0, 1e-15);
  EXPECT_NEAR(w[2], w2, 1e-15);
  EXPECT_NEAR(w[1], w2, 1e-15);
  EXPECT_NEAR(w[0], w2, 1e-15);
}

// Reference: weighted least squares from the 2x2 normal equations solved in the test (Cramer's rule), and
// CloudSim's unweighted fit = OLS.
TEST(OverloadStats, WeightedLocalRegression) {
  const std::vector<double> y = {0.30, 0.35, 0.32, 0.40, 0.38, 0.45, 0.50, 0.48, 0.60, 0.70};
  std::vector<double> w(y.size());
  tricube_weights(static_cast<int>(y.size()), w);
  double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double x = i + 1.0;
    s0 += w[i];
    s1 += w[i] * x;
    s2 += w[i] * x * x;
    t0 += w[i] * y[i];
    t1 += w[i] * x * y[i];
  }
  const double det = s0 * s2 - s1 * s1;
  const double b1 = (s0 * t1 - s1 * t0) / det, b0 = (t0 * s2 - s1 * t1) / det;
  const Line fit = local_regression(y, /*apply_weights=*/true);
  EXPECT_NEAR(fit.slope, b1, 1e-12);
  EXPECT_NEAR(fit.intercept, b0, 1e-12);
  const Line cloudsim = local_regression(y, /*apply_weights=*/false);
  const Line ols = ols_line(y);
  EXPECT_EQ(cloudsim.slope, ols.slope);
  EXPECT_EQ(cloudsim.intercept, ols.intercept);
  // CloudSim's "robust" fit is the same unweighted OLS (its bisquare weights are never applied either).
  const Line robust_cloudsim = robust_local_regression(y, false);
  EXPECT_EQ(robust_cloudsim.slope, ols.slope);
}

// Reference: Cleveland's robustness step computed directly in the test (residuals of the tricube fit,
// s = 6 median|r|, bisquare (1 - (r/s)^2)^2, weights multiplied, WLS again). A line with one outlier: the
// robust slope must equal that recomputation and lie closer to the true slope 0.02 than the tricube fit.
TEST(OverloadStats, RobustLocalRegression) {
  std::vector<double> y;
  for (int i = 1; i <= 10; ++i) y.push_back(0.5 + 0.02 * i);
  y[4] = 0.9;
  std::vector<double> w(10), r(10), w2(10);
  tricube_weights(10, w);
  const Line first = wls_line(y, w);
  for (int i = 0; i < 10; ++i) r[i] = std::abs(y[i] - (first.intercept + first.slope * (i + 1)));
  const double s6 = 6 * median(r);
  for (int i = 0; i < 10; ++i) {
    const double q = r[i] / s6;
    w2[i] = q < 1 ? (1 - q * q) * (1 - q * q) * w[i] : 0.0;
  }
  const Line expected = wls_line(y, w2);
  const Line robust = robust_local_regression(y, true);
  EXPECT_NEAR(robust.slope, expected.slope, 1e-12);
  EXPECT_NEAR(robust.intercept, expected.intercept, 1e-12);
  EXPECT_LT(std::abs(robust.slope - 0.02), std::abs(first.slope - 0.02));
}

// Reference: the THR rule u > t (strict), PLANETLAB.md.
TEST(OverloadDetector, StaticThreshold) {
  OverloadDetector d;  // THR 0.8
  EXPECT_TRUE(is_overloaded(d, {}, 0.81, 0));
  EXPECT_FALSE(is_overloaded(d, {}, 0.8, 0));
  d.parameter = 0.5;
  EXPECT_TRUE(is_overloaded(d, {}, 0.51, 0));
}

// Reference: IQR of (1..12)/20 = 7/20 = 0.35 (hand, see InterquartileRange) -> threshold 1 - 1.5 x 0.35 =
// 0.475; with 11 values the THR(0.7) fallback decides (CloudSim needs 12).
TEST(OverloadDetector, InterquartileRangeAndFallback) {
  OverloadDetector d{OverloadMethod::Iqr, 1.5};
  std::vector<double> h;
  for (int i = 1; i <= 12; ++i) h.push_back(i / 20.0);
  h.resize(30, 0.0);  // CloudSim's zero-padded 30-value history
  const OverloadCheck c = check_overload(d, h, 0.48, 0);
  EXPECT_FALSE(c.fallback);
  EXPECT_NEAR(c.metric, 0.475, 1e-12);
  EXPECT_TRUE(c.overloaded);
  EXPECT_FALSE(is_overloaded(d, h, 0.47, 0));
  h[11] = 0.0;  // 11 values left
  const OverloadCheck f = check_overload(d, h, 0.69, 0);
  EXPECT_TRUE(f.fallback);
  EXPECT_NEAR(f.metric, 0.7, 0.0);
  EXPECT_FALSE(f.overloaded);
  EXPECT_TRUE(is_overloaded(d, h, 0.71, 0));
}

// Reference: MAD of {0.1,0.1,0.2,0.2,0.4,0.6,0.9, 0.2 x 5} by hand: sorted 0.1,0.1,0.2 x7,0.4,0.6,0.9; median
// 0.2, deviations {0.1,0.1,0 x7,0.2,0.4,0.7} -> MAD = 0 -> threshold 1 - 2.5 x 0 = 1.
TEST(OverloadDetector, MedianAbsoluteDeviation) {
  OverloadDetector d{OverloadMethod::Mad, 2.5};
  std::vector<double> h = {0.1, 0.1, 0.2, 0.2, 0.4, 0.6, 0.9, 0.2, 0.2, 0.2, 0.2, 0.2};
  const OverloadCheck c = check_overload(d, h, 0.99, 0);
  EXPECT_NEAR(c.metric, 1.0, 1e-12);
  EXPECT_FALSE(c.overloaded);
  EXPECT_TRUE(is_overloaded(d, h, 1.01, 0));
  // Ten values 0.1,0.2,..,1.0 then 0.5,0.5: median 0.5, deviations 0.4,0.3,0.2,0.1,0,0.1,0.2,0.3,0.4,0.5,0,0
  // -> sorted 0,0,0,.1,.1,.2,.2,.3,.3,.4,.4,.5 -> MAD = 0.2 -> threshold 0.5.
  std::vector<double> g = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.5, 0.5};
  const OverloadCheck e = check_overload(d, g, 0.51, 0);
  EXPECT_NEAR(e.metric, 0.5, 1e-12);
  EXPECT_TRUE(e.overloaded);
}

// Reference: LR prediction by hand, PLANETLAB.md: OLS on the 10 newest values (x = 1..10, oldest first),
// x* = 10 + ceil(T_mig / 300); CloudSim's 1740 MB VM migrates in 27.84 s -> x* = 11.
//   y = 0.5 + 0.02 x: 1.2 x (0.5 + 0.22) = 0.864 (not overloaded); y = 0.5 + 0.04 x: 1.2 x 0.94 = 1.128.
TEST(OverloadDetector, LocalRegression) {
  OverloadDetector d{OverloadMethod::Lr, 1.2};
  std::vector<double> up, steep;
  for (int x = 1; x <= 10; ++x) {
    up.push_back(0.5 + 0.02 * x);
    steep.push_back(0.5 + 0.04 * x);
  }
  const OverloadCheck a = check_overload(d, newest_first(up), 0.0, 27.84);
  EXPECT_NEAR(a.metric, 0.864, 1e-12);
  EXPECT_FALSE(a.overloaded);
  const OverloadCheck b = check_overload(d, newest_first(steep), 0.0, 27.84);
  EXPECT_NEAR(b.metric, 1.128, 1e-12);
  EXPECT_TRUE(b.overloaded);
  // No migration time: x* = 10 -> 1.2 x 0.9 = 1.08.
  EXPECT_NEAR(check_overload(d, newest_first(steep), 0.0, 0.0).metric, 1.08, 1e-12);
  // Only the 10 newest values count: older ones (appended at the end) change nothing.
  std::vector<double> longer = newest_first(up);
  longer.push_back(0.99);
  longer.push_back(0.01);
  EXPECT_NEAR(check_overload(d, longer, 0.0, 27.84).metric, 0.864, 1e-12);
  // 9 values: THR(0.7) fallback on the requested utilization.
  const std::vector<double> up_newest = newest_first(up);
  const std::vector<double> short_h(up_newest.begin(), up_newest.begin() + 9);
  const OverloadCheck f = check_overload(d, short_h, 0.75, 27.84);
  EXPECT_TRUE(f.fallback);
  EXPECT_TRUE(f.overloaded);
  // LRR on a straight line predicts the same (any weights reproduce an exact line).
  OverloadDetector r{OverloadMethod::Lrr, 1.2};
  r.apply_regression_weights = true;
  EXPECT_NEAR(check_overload(r, newest_first(up), 0.0, 27.84).metric, 0.864, 1e-12);
}

// Reference: the YAML names of the brief and the CloudSim example parameters.
TEST(OverloadDetector, Names) {
  EXPECT_EQ(parse_overload_method("thr"), OverloadMethod::Thr);
  EXPECT_EQ(parse_overload_method("iqr"), OverloadMethod::Iqr);
  EXPECT_EQ(parse_overload_method("mad"), OverloadMethod::Mad);
  EXPECT_EQ(parse_overload_method("lr"), OverloadMethod::Lr);
  EXPECT_EQ(parse_overload_method("lrr"), OverloadMethod::Lrr);
  EXPECT_THROW(parse_overload_method("THR"), std::invalid_argument);
  EXPECT_THROW(parse_overload_method(""), std::invalid_argument);
  EXPECT_EQ(overload_method_name(OverloadMethod::Lrr), "lrr");
  EXPECT_DOUBLE_EQ(default_overload_parameter(OverloadMethod::Thr), 0.8);
  EXPECT_DOUBLE_EQ(default_overload_parameter(OverloadMethod::Iqr), 1.5);
  EXPECT_DOUBLE_EQ(default_overload_parameter(OverloadMethod::Mad), 2.5);
  EXPECT_DOUBLE_EQ(default_overload_parameter(OverloadMethod::Lr), 1.2);
}

// Screening bounds (overload.hpp, "placement screening"). Hand values: THR is the utilization itself; IQR
// of 0, 0.01, .., 0.29 is sorted[22] - sorted[7] = 0.15; an exactly linear history y = 0.2 + 0.01 x (x =
// 1..10, oldest first) is fitted exactly, so A = y(10) = 0.3 and B = 0.01 per interval.
TEST(OverloadScreen, HandValues) {
  OverloadDetector thr;
  EXPECT_DOUBLE_EQ(screen_host(thr, {}, 0.55, 0, 0), 0.55);
  EXPECT_NEAR(screen_limit(thr, {}, 0.1, 0, 0), 0.7, 2e-9);
  OverloadDetector iqr{OverloadMethod::Iqr, 1.5};
  std::vector<double> h(30);
  for (int i = 0; i < 30; ++i) h[static_cast<std::size_t>(i)] = 0.01 * i;
  h[0] = 0.30;  // newest; the untrimmed length is 30 either way
  EXPECT_NEAR(interquartile_range(h), 0.15, 1e-12);
  EXPECT_NEAR(screen_host(iqr, h, 0.6, 0, 0), 0.6 + 1.5 * 0.15, 1e-12);
  std::vector<double> v(30, 0.0);
  v[3] = 0.2;
  v[4] = 0.05;  // range 0.2
  EXPECT_NEAR(screen_limit(iqr, v, 0.1, 0, 0), 1.0 - 0.1 + 1.5 * 0.2, 2e-9);
  h[29] = 0.0;  // trimmed: a sum could be longer, so no bound
  EXPECT_EQ(screen_host(iqr, h, 0.6, 0, 0), -std::numeric_limits<double>::infinity());
  OverloadDetector lr{OverloadMethod::Lr, 1.2};  // window 10, interval 300 s
  std::vector<double> y;
  for (int x = 1; x <= 10; ++x) y.push_back(0.2 + 0.01 * x);
  const std::vector<double> hist = newest_first(y);
  // Host horizon ceil(250/300) = 1, bound ceil(700/300) = 3: B > 0, so the lower end counts.
  EXPECT_NEAR(screen_host(lr, hist, 0.5, 250, 700), 0.3 + 1 * 0.01, 1e-12);
  EXPECT_NEAR(screen_limit(lr, hist, 0.5, 650, 700), 1 / 1.2 - (0.3 + 3 * 0.01), 2e-9);
  OverloadDetector lrr{OverloadMethod::Lrr, 1.2};
  lrr.apply_regression_weights = true;  // robust re-weighting is not linear: no bound
  EXPECT_EQ(screen_host(lrr, hist, 0.5, 250, 700), -std::numeric_limits<double>::infinity());
}

// The bound never refuses a VM the detector accepts (random histories, loads and memory sizes, every
// detector), and it does refuse some that the detector refuses (so it is not vacuous).
TEST(OverloadScreen, NeverRefusesAnAcceptedVm) {
  std::uint64_t state = 12345;
  auto next = [&] {  // xorshift64*, enough for test inputs
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return static_cast<double>((state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
  };
  std::vector<OverloadDetector> detectors = {
      {OverloadMethod::Thr, 0.8}, {OverloadMethod::Iqr, 1.5}, {OverloadMethod::Mad, 2.5},
      {OverloadMethod::Lr, 1.2},  {OverloadMethod::Lrr, 1.2}, {OverloadMethod::Lr, 1.2}};
  detectors.back().apply_regression_weights = true;
  for (const OverloadDetector& d : detectors) {
    int accepted = 0, refused = 0, caught = 0;
    for (int trial = 0; trial < 20000; ++trial) {
      std::vector<double> h(30), v(30, 0.0), sum(30);
      const double level = next() * 0.8, spread = next() * 0.3;
      for (double& x : h) x = std::max(0.0, level + spread * (next() - 0.5));
      if (trial % 10 == 0) h[29] = 0.0;  // some trimmed host histories
      const int vn = trial % 7 == 0 ? static_cast<int>(next() * 30) : 30;  // some short VM histories
      const double vlevel = next() * 0.3, vspread = next() * 0.3;
      for (int k = 0; k < vn; ++k) v[static_cast<std::size_t>(k)] = std::max(0.0, vlevel + vspread * (next() - 0.5));
      for (int k = 0; k < 30; ++k) sum[static_cast<std::size_t>(k)] = h[static_cast<std::size_t>(k)] + v[static_cast<std::size_t>(k)];
      const double uh = std::max(0.0, level + spread * (next() - 0.5)), uv = vlevel;
      const double th = next() * 400, tv = next() * 400, bound = 400;
      const bool overloaded = is_overloaded(d, sum, uh + uv, std::max(th, tv));
      const bool screened_out = screen_host(d, h, uh, th, bound) > screen_limit(d, v, uv, tv, bound);
      if (!overloaded) {
        ++accepted;
        ASSERT_FALSE(screened_out) << overload_method_name(d.method) << " trial " << trial;
      } else {
        ++refused;
        caught += screened_out;
      }
    }
    EXPECT_GT(accepted, 1000) << overload_method_name(d.method);
    EXPECT_GT(refused, 1000) << overload_method_name(d.method);
    EXPECT_GT(caught, refused / 20) << overload_method_name(d.method);
  }
}

// The MAD merges the deviations below and above the median instead of sorting them: bit-identical to the
// textbook computation (sort, median, |x - median|, sort, median) for odd and even n, ties, and n > 64.
TEST(OverloadStats, MedianAbsoluteDeviationEqualsTextbook) {
  std::uint64_t state = 777;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  auto percentile50 = [](std::vector<double> v) {  // Commons Math 3.0 Percentile(50)
    std::sort(v.begin(), v.end());
    const double pos = 50.0 * (v.size() + 1.0) / 100.0;
    const double f = std::floor(pos);
    if (pos < 1) return v.front();
    if (pos >= static_cast<double>(v.size())) return v.back();
    const double lower = v[static_cast<std::size_t>(f) - 1], upper = v[static_cast<std::size_t>(f)];
    return lower + (pos - f) * (upper - lower);
  };
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + static_cast<std::size_t>(next() * (trial % 10 == 0 ? 100 : 31));
    std::vector<double> v(n);
    for (double& x : v) x = trial % 3 == 0 ? std::floor(next() * 5) / 4 : next();  // ties in a third
    const double med = percentile50(v);
    std::vector<double> dev(n);
    for (std::size_t i = 0; i < n; ++i) dev[i] = std::abs(med - v[i]);
    ASSERT_EQ(median_absolute_deviation(v), percentile50(dev)) << "trial " << trial << " n " << n;
  }
}
