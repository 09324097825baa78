// MTTDL of a redundancy group as the mean absorption time of a birth-death chain. References: the brief's
// value (lambda = 1/1000 h, mu = 1/10 h, 3 replicas, serial repair: 1.735e6 h) and hand computations of the
// recursion tau_i = (1 + mu_i tau_{i-1}) / lambda_i; the closed form mu^2 / (6 lambda^3) (MODELS.md); the
// m = 1 identity exact = approx x (1 + (lambda_0 + lambda_1) / mu); Monte-Carlo estimates checked against
// the exact value with their own 99 % confidence intervals (fixed seeds).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/failure/markov.hpp"

using namespace dcsim::failure;

TEST(FailureMarkov, ThreeReplicasSerialRepair) {
  // tau0 = 1/(3 lambda) = 333.3 h, tau1 = (1 + 33.33)/(2 lambda) = 17,166.7 h,
  // tau2 = (1 + 1716.67)/lambda = 1,717,666.7 h; sum 1,735,166.7 h.
  const auto c = RedundancyChain::serial(3, 2, 1.0 / 1000.0, 1.0 / 10.0);
  EXPECT_NEAR(mttdl_exact(c), 1.735e6, 0.005 * 1.735e6);
  EXPECT_NEAR(mttdl_exact(c), 1735166.6666666667, 1e-6);
  EXPECT_NEAR(mttdl_approx(c), 0.01 / (6.0 * 1e-9), 1e-6);  // mu^2 / (6 lambda^3) = 1.6667e6 h
}

TEST(FailureMarkov, ParallelRepairAndSpecialCases) {
  // Parallel: mu_2 = 2 mu: tau2 = (1 + 0.2 x 17,166.7) x 1000 = 3,434,333 h; total 3,451,833.3 h.
  const auto p = RedundancyChain::parallel(3, 2, 1.0 / 1000.0, 1.0 / 10.0);
  EXPECT_NEAR(mttdl_exact(p), 3451833.3333333335, 1e-6);
  EXPECT_NEAR(mttdl_approx(p), 2.0 * 0.01 / (6.0 * 1e-9), 1e-6);  // 2! mu^2 / (6 lambda^3)
  // No redundancy: first failure loses data, 1 / (n lambda).
  EXPECT_DOUBLE_EQ(mttdl_exact(RedundancyChain::serial(4, 0, 0.5, 1.0)), 0.5);
  // m = 1 (RAID-5-like, n = 8): exact = mu/(l0 l1) + 1/l0 + 1/l1 = approx x (1 + (8+7) lambda / mu)
  // = 1785.714 x 1.15 = 2053.571 h.
  const auto r5 = RedundancyChain::serial(8, 1, 1.0 / 1000.0, 1.0 / 10.0);
  EXPECT_NEAR(mttdl_approx(r5), 1785.7142857142858, 1e-9);
  EXPECT_NEAR(mttdl_exact(r5), 2053.5714285714284, 1e-9);
  EXPECT_THROW(mttdl_exact(RedundancyChain::serial(3, 3, 1.0, 1.0)), std::invalid_argument);
  EXPECT_THROW(mttdl_exact(RedundancyChain::serial(3, 2, 0.0, 1.0)), std::invalid_argument);
}

TEST(FailureMarkov, NormalQuantile) {
  // Standard tables: 1.959964 (95 %), 2.575829 (99 %).
  EXPECT_NEAR(normal_quantile_two_sided(0.95), 1.959963985, 1e-8);
  EXPECT_NEAR(normal_quantile_two_sided(0.99), 2.575829304, 1e-8);
}

TEST(FailureMarkov, MonteCarloAcceleratedWithinCi) {
  // Accelerated rates: lambda = 1/100 h, mu = 1/10 h, 3 replicas serial: exact 33.33 + 216.67 + 2266.67
  // = 2516.67 h. 20,000 trajectories; the exact value must lie in the 99 % CI, and the CI be tight (< 3 %).
  const auto c = RedundancyChain::serial(3, 2, 1.0 / 100.0, 1.0 / 10.0);
  const double exact = mttdl_exact(c);
  EXPECT_NEAR(exact, 2516.6666666666665, 1e-9);
  const Estimate e = mttdl_monte_carlo(c, 20000, 12345);
  EXPECT_EQ(e.samples, 20000);
  EXPECT_LT(e.half_width, 0.03 * exact);
  EXPECT_GE(exact, e.lo());
  EXPECT_LE(exact, e.hi());
  // The same seed gives the same estimate.
  EXPECT_EQ(mttdl_monte_carlo(c, 20000, 12345).mean, e.mean);
  // A realistic chain is refused instead of running for ever.
  EXPECT_THROW(mttdl_monte_carlo(RedundancyChain::serial(3, 2, 1e-6, 0.1), 10, 1, 0.99, 1'000'000),
               std::runtime_error);
}

TEST(FailureMarkov, ImportanceSamplingAtElevenNines) {
  // Brief's chain (exact 1.735e6 h). The 99 % CI must be calibrated: over 20 seeds it should miss about 0.2
  // times; P(more than 3 misses) = 1e-5 for binomial(20, 0.01), so require >= 17 hits.
  const auto c = RedundancyChain::serial(3, 2, 1.0 / 1000.0, 1.0 / 10.0);
  int hits = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const Estimate e = mttdl_importance_sampling(c, 50000, seed);
    hits += mttdl_exact(c) >= e.lo() && mttdl_exact(c) <= e.hi();
    EXPECT_LT(e.half_width, 0.05 * e.mean);
  }
  EXPECT_GE(hits, 17);
  // Disks at AFR 1.57 % (MTTF 557,962 h), 24 h repair, 3 replicas: MTTDL = 5.027e13 h (recursion; the closed
  // form gives 5.026e13 h); naive simulation would need ~1e10 transitions per loss.
  const auto disk = RedundancyChain::serial(3, 2, 1.0 / 557961.7834394904, 1.0 / 24.0);
  const double exact = mttdl_exact(disk);
  EXPECT_NEAR(exact, 5.0270632825928e13, 1e-6 * exact);
  const Estimate d = mttdl_importance_sampling(disk, 200000, 7);
  EXPECT_GE(exact, d.lo());
  EXPECT_LE(exact, d.hi());
  EXPECT_LT(d.half_width, 0.05 * d.mean);
}
