// Pre-copy live migration against the analytic references of MODELS.md (Liu et al., HPDC 2011).
#include <gtest/gtest.h>

#include <cmath>

#include "models/migration/precopy.hpp"

using namespace dcsim::migration;

static PreCopyParams four_gib(double link_bps, double dirty_MBps) {
  PreCopyParams p;
  p.memory_B = 4.0 * (1ull << 30);
  p.goodput_Bps = 0.94 * link_bps / 8;  // 94% goodput
  p.dirty_rate_Bps = dirty_MBps * 1e6;
  p.max_downtime_s = 0.030;
  return p;
}

// MODELS.md: 4 GiB over 1 Gb/s at 94% goodput, stop at R x 30 ms: 36.6 s, 40.0 s at 10 MB/s, 63.6 s at 50 MB/s
// (three significant figures: tolerance 0.05 s).
TEST(PreCopy, ReferenceTimesAtOneGigabit) {
  EXPECT_NEAR(precopy(four_gib(1e9, 0)).total_s, 36.6, 0.05);
  EXPECT_NEAR(precopy(four_gib(1e9, 10)).total_s, 40.0, 0.05);
  EXPECT_NEAR(precopy(four_gib(1e9, 50)).total_s, 63.6, 0.05);
}

// MODELS.md: 3.7-4.0 s at 10 Gb/s (0 to 50 MB/s dirtying).
TEST(PreCopy, TenGigabit) {
  EXPECT_NEAR(precopy(four_gib(10e9, 0)).total_s, 3.655, 0.01);  // V/R = 34.36e9 bits / 9.4e9
  const double t50 = precopy(four_gib(10e9, 50)).total_s;
  EXPECT_GE(t50, 3.7);
  EXPECT_LE(t50, 4.0);
}

// Closed form: T = (V/R)(1 - l^(n+1))/(1 - l) with n the first round whose remainder fits the downtime.
TEST(PreCopy, MatchesClosedForm) {
  const auto p = four_gib(1e9, 50);
  const auto r = precopy(p);
  const double l = p.dirty_rate_Bps / p.goodput_Bps;
  const double closed = p.memory_B / p.goodput_Bps * (1 - std::pow(l, r.rounds + 1)) / (1 - l);
  EXPECT_NEAR(r.total_s, closed, 1e-9 * closed);
  EXPECT_EQ(r.rounds, 9);  // l = 0.4255: l^9 V = 1.9 MB <= R x 30 ms = 3.5 MB, l^8 V = 4.4 MB is not
  EXPECT_NEAR(r.downtime_s, p.memory_B * std::pow(l, 9) / p.goodput_Bps, 1e-12);
  EXPECT_LE(r.downtime_s, 0.030);
  EXPECT_TRUE(r.converged);
}

// A dirty rate at or above the link rate never converges: stopped by max_rounds, with a long downtime.
TEST(PreCopy, NonConvergent) {
  auto p = four_gib(1e9, 200);  // 200 MB/s > 117.5 MB/s
  p.max_rounds = 5;
  const auto r = precopy(p);
  EXPECT_EQ(r.rounds, 5);
  EXPECT_FALSE(r.converged);
  EXPECT_GT(r.downtime_s, 1.0);
  EXPECT_THROW(precopy({1, 0, 0}), std::invalid_argument);
}

// CloudSim 3.0.3 (PLANETLAB.md): 1024 MB at 1 Gb/s -> 16.384 s; 870 MB at 125 MB/s (1,000,000 kbit/s) -> 13.92 s.
TEST(PreCopy, CloudSimSimplification) {
  EXPECT_NEAR(cloudsim_migration_time_s(1024 * 1e6 * 8 / 8, 1e9 / 8), 16.384, 1e-9);
  EXPECT_NEAR(cloudsim_migration_time_s(870e6, 125e6), 13.92, 1e-9);
}
