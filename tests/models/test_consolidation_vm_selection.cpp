#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/rng.hpp"
#include "models/consolidation/vm_selection.hpp"

using namespace dcsim;
using namespace dcsim::consolidation;

namespace {

// R^2 of y on [1, a, b] from the 3x3 normal equations (Gaussian elimination), an independent reference.
double r2_two_predictors(const std::vector<double>& y, const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t m = y.size();
  double A[3][4] = {};
  for (std::size_t r = 0; r < m; ++r) {
    const double x[3] = {1.0, a[r], b[r]};
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) A[i][j] += x[i] * x[j];
      A[i][3] += x[i] * y[r];
    }
  }
  for (int c = 0; c < 3; ++c)
    for (int r = c + 1; r < 3; ++r) {
      const double f = A[r][c] / A[c][c];
      for (int k = c; k < 4; ++k) A[r][k] -= f * A[c][k];
    }
  double beta[3];
  for (int r = 2; r >= 0; --r) {
    double s = A[r][3];
    for (int k = r + 1; k < 3; ++k) s -= A[r][k] * beta[k];
    beta[r] = s / A[r][r];
  }
  double mean = 0;
  for (double v : y) mean += v / m;
  double rss = 0, sst = 0;
  for (std::size_t r = 0; r < m; ++r) {
    const double e = y[r] - (beta[0] + beta[1] * a[r] + beta[2] * b[r]);
    rss += e * e;
    sst += (y[r] - mean) * (y[r] - mean);
  }
  return 1 - rss / sst;
}

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

}  // namespace

// Reference: PLANETLAB.md "MMT = min RAM (first in host list on ties)".
TEST(VmSelection, MinimumMigrationTime) {
  EXPECT_EQ(select_min_migration_time(std::vector<double>{1740, 870, 870, 613, 613}), 3);
  EXPECT_EQ(select_min_migration_time(std::vector<double>{}), -1);
}

// Reference: CloudSim PowerVmSelectionPolicyMinimumUtilization (strict <, first wins).
TEST(VmSelection, MinimumUtilization) {
  EXPECT_EQ(select_min_utilization(std::vector<double>{0.5, 0.2, 0.2, 0.9}), 1);
}

// Reference: uniform choice, 30000 draws over 3 candidates -> 10000 each (+-4% is > 5 standard deviations);
// same seed -> same sequence (core/rng.hpp contract).
TEST(VmSelection, RandomIsSeededAndUniform) {
  Rng a = make_rng(7, "test.rs"), b = make_rng(7, "test.rs");
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30000; ++i) {
    const int x = select_random(3, a);
    ASSERT_EQ(x, select_random(3, b));
    ASSERT_GE(x, 0);
    ASSERT_LT(x, 3);
    ++counts[x];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
  EXPECT_EQ(select_random(0, a), -1);
}

// Reference: R^2 of each candidate from the normal equations (independent computation, 1e-10), and the
// argmax. h0 and h1 move together, h2 does not: h0 or h1 must win.
TEST(VmSelection, MaximumCorrelationMatchesNormalEquations) {
  const std::vector<std::vector<double>> h = {{0.30, 0.35, 0.32, 0.40, 0.38, 0.45},
                                              {0.10, 0.12, 0.11, 0.16, 0.15, 0.18},
                                              {0.50, 0.20, 0.60, 0.30, 0.40, 0.10}};
  const std::vector<double> data = flatten(h);
  CorrelationWorkspace ws;
  ASSERT_TRUE(correlation_r2(data.data(), 3, 6, ws));
  const double r0 = r2_two_predictors(h[0], h[1], h[2]);
  const double r1 = r2_two_predictors(h[1], h[0], h[2]);
  const double r2 = r2_two_predictors(h[2], h[0], h[1]);
  EXPECT_NEAR(ws.r2[0], r0, 1e-10);
  EXPECT_NEAR(ws.r2[1], r1, 1e-10);
  EXPECT_NEAR(ws.r2[2], r2, 1e-10);
  const int expected = r0 >= r1 && r0 >= r2 ? 0 : (r1 >= r2 ? 1 : 2);
  EXPECT_EQ(select_max_correlation_exact(data.data(), 3, 6, ws), expected);
  EXPECT_EQ(select_max_correlation(data.data(), 3, 6, ws), expected);
  EXPECT_NE(expected, 2);
}

// Reference: CloudSim's exceptions -> MMT fallback: one candidate, fewer history values than candidates,
// an all-zero history (exactly singular R).
TEST(VmSelection, MaximumCorrelationFallbacks) {
  CorrelationWorkspace ws;
  const std::vector<double> one = {0.1, 0.2, 0.3};
  EXPECT_EQ(select_max_correlation(one.data(), 1, 3, ws), -1);
  const std::vector<double> few = {0.1, 0.2, 0.3, 0.4, 0.5, 0.7};  // 3 candidates x 2 values
  EXPECT_EQ(select_max_correlation(few.data(), 3, 2, ws), -1);
  const std::vector<double> zero = flatten({{0.3, 0.1, 0.4, 0.2, 0.5}, {0, 0, 0, 0, 0}, {0.2, 0.6, 0.1, 0.3, 0.2}});
  EXPECT_FALSE(correlation_r2(zero.data(), 3, 5, ws));
  EXPECT_EQ(select_max_correlation(zero.data(), 3, 5, ws), -1);
  // select_vm falls back to MMT: memory {1740, 613, 870} -> index 1.
  Rng rng = make_rng(1, "test");
  SelectionInput in;
  const std::vector<double> mem = {1740, 613, 870}, util = {0.1, 0.2, 0.3};
  in.memory = mem;
  in.utilization = util;
  in.histories = few.data();
  in.history_length = 2;
  EXPECT_EQ(select_vm(SelectionMethod::Mc, in, rng, ws), 1);
  EXPECT_EQ(select_vm(SelectionMethod::Mmt, in, rng, ws), 1);
  EXPECT_EQ(select_vm(SelectionMethod::Mu, in, rng, ws), 0);
}

// Reference: the exact computation (CloudSim's per-candidate QR arithmetic). The one-QR fast path must pick
// the same candidate on random histories, on near-collinear ones and with duplicated histories (ties).
TEST(VmSelection, FastPathAgreesWithExact) {
  Rng rng = make_rng(2024, "test.mc");
  CorrelationWorkspace ws1, ws2;
  int compared = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const int n = 2 + trial % 21;  // 2..22 candidates
    const int m = 30;
    std::vector<double> data(static_cast<std::size_t>(n) * m);
    for (double& v : data) v = std::floor(uniform01(rng) * 100) / 100;  // PlanetLab-like percent steps
    if (trial % 3 == 1) {  // near-collinear: candidate 1 = candidate 0 + tiny noise
      for (int j = 0; j < m; ++j) data[m + j] = data[j] + 1e-9 * uniform01(rng);
    }
    if (trial % 3 == 2 && n >= 3) {  // exact duplicate
      for (int j = 0; j < m; ++j) data[2 * m + j] = data[j];
    }
    const int exact = select_max_correlation_exact(data.data(), n, m, ws1);
    const int fast = select_max_correlation(data.data(), n, m, ws2);
    ASSERT_EQ(fast, exact) << "trial " << trial << " n " << n;
    ++compared;
  }
  EXPECT_EQ(compared, 600);
}

// Reference: the YAML names of the brief.
TEST(VmSelection, Names) {
  EXPECT_EQ(parse_selection_method("mmt"), SelectionMethod::Mmt);
  EXPECT_EQ(parse_selection_method("mc"), SelectionMethod::Mc);
  EXPECT_EQ(parse_selection_method("mu"), SelectionMethod::Mu);
  EXPECT_EQ(parse_selection_method("rs"), SelectionMethod::Rs);
  EXPECT_THROW(parse_selection_method("max"), std::invalid_argument);
  EXPECT_EQ(selection_method_name(SelectionMethod::Mc), "mc");
}
