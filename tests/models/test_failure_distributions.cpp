// Failure and repair distributions: sample mean and CV against the analytic values, parameter conversions,
// determinism, and the documented defaults (Backblaze 2024 AFR, Ford et al. OSDI 2010, Schroeder & Gibson
// DSN 2006). Sample tolerances are >= 4 standard errors at the sample sizes used.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/failure/distributions.hpp"

using namespace dcsim::failure;

namespace {

struct SampleStats {
  double mean, cv, median;
};

SampleStats sample_stats(const Distribution& d, int n, const char* stream) {
  dcsim::Rng rng = dcsim::make_rng(2024, stream);
  std::vector<double> x(n);
  double sum = 0.0;
  for (double& v : x) sum += (v = d.sample(rng));
  const double mean = sum / n;
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  std::nth_element(x.begin(), x.begin() + n / 2, x.end());
  return {mean, std::sqrt(ss / (n - 1)) / mean, x[n / 2]};
}

constexpr int kN = 200000;

}  // namespace

TEST(FailureDistributions, Exponential) {
  // Mean 100 s, CV 1. Standard error of the mean 100/sqrt(2e5) = 0.22 % -> tolerance 1 %; of the CV
  // sqrt(2/n) = 0.32 % -> 2 %.
  const Distribution d = Distribution::exponential_mean(100.0);
  EXPECT_DOUBLE_EQ(d.mean(), 100.0);
  EXPECT_DOUBLE_EQ(d.cv(), 1.0);
  EXPECT_DOUBLE_EQ(Distribution::exponential_rate(0.01).mean(), 100.0);
  EXPECT_NEAR(d.cdf(100.0), 1.0 - std::exp(-1.0), 1e-15);
  const SampleStats s = sample_stats(d, kN, "test.exp");
  EXPECT_NEAR(s.mean, 100.0, 1.0);
  EXPECT_NEAR(s.cv, 1.0, 0.02);
  EXPECT_NEAR(s.median, 100.0 * std::log(2.0), 1.0);  // analytic median mean x ln 2
}

TEST(FailureDistributions, Weibull) {
  // Shape 0.75, scale 1000 s: mean 1000 G(7/3) = 1190.64 s, CV sqrt(G(11/3)/G(7/3)^2 - 1) = 1.35286
  // (Python math.gamma). Sample: SE(mean) 0.3 % -> 1.5 %; CV -> 4 %.
  const Distribution d = Distribution::weibull(0.75, 1000.0);
  EXPECT_NEAR(d.mean(), 1190.6393487589988, 1e-9);
  EXPECT_NEAR(d.cv(), 1.3528611908898114, 1e-12);
  EXPECT_NEAR(d.cdf(1000.0), 1.0 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(Distribution::weibull_mean(0.75, 1190.6393487589988).param2(), 1000.0, 1e-9);
  const SampleStats s = sample_stats(d, kN, "test.weibull");
  EXPECT_NEAR(s.mean, d.mean(), 0.015 * d.mean());
  EXPECT_NEAR(s.cv, d.cv(), 0.04 * d.cv());
  // Shape 1 is the exponential.
  EXPECT_NEAR(Distribution::weibull(1.0, 50.0).cv(), 1.0, 1e-12);
}

TEST(FailureDistributions, Lognormal) {
  // mu = ln 100, sigma 0.5: mean 100 e^0.125 = 113.315 s, CV sqrt(e^0.25 - 1) = 0.53294, median 100.
  const Distribution d = Distribution::lognormal(std::log(100.0), 0.5);
  EXPECT_NEAR(d.mean(), 113.31484530668263, 1e-9);
  EXPECT_NEAR(d.cv(), std::sqrt(std::exp(0.25) - 1.0), 1e-12);
  EXPECT_NEAR(d.cdf(100.0), 0.5, 1e-15);
  const SampleStats s = sample_stats(d, kN, "test.lognormal");
  EXPECT_NEAR(s.mean, d.mean(), 0.01 * d.mean());
  EXPECT_NEAR(s.cv, d.cv(), 0.03 * d.cv());
  EXPECT_NEAR(s.median, 100.0, 1.0);
  // Alternative parameterizations give back what they were built from.
  EXPECT_NEAR(Distribution::lognormal_mean_sigma(50.0, 0.8).mean(), 50.0, 1e-12);
  const Distribution msd = Distribution::lognormal_mean_sd(50.0, 30.0);
  EXPECT_NEAR(msd.mean(), 50.0, 1e-12);
  EXPECT_NEAR(msd.stddev(), 30.0, 1e-12);
}

TEST(FailureDistributions, FixedAndDeterminism) {
  const Distribution f = Distribution::fixed(6.0 * 3600.0);
  dcsim::Rng rng = dcsim::make_rng(1, "test.fixed");
  EXPECT_EQ(f.sample(rng), 21600.0);
  EXPECT_EQ(f.cv(), 0.0);
  // Same seed and stream -> identical samples; another stream -> different ones.
  const Distribution d = Distribution::weibull(0.7, 10.0);
  dcsim::Rng a = dcsim::make_rng(7, "failure.disk", 3), b = dcsim::make_rng(7, "failure.disk", 3),
             c = dcsim::make_rng(7, "failure.disk", 4);
  for (int i = 0; i < 100; ++i) {
    const double x = d.sample(a);
    EXPECT_EQ(x, d.sample(b));
    EXPECT_NE(x, d.sample(c));
  }
}

TEST(FailureDistributions, RejectsBadParameters) {
  EXPECT_THROW(Distribution::exponential_mean(0.0), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential_rate(-1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal(0.0, -1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal_median_mean(10.0, 5.0), std::invalid_argument);  // mean < median
  EXPECT_THROW(Distribution::fixed(std::nan("")), std::invalid_argument);
  EXPECT_THROW(mttf_s_from_afr(0.0), std::invalid_argument);
}

TEST(FailureDistributions, DocumentedDefaults) {
  constexpr double h = 3600.0;
  // Backblaze 2024: AFR 1.57 % -> MTTF 8760 h / 0.0157 = 557,961.8 h.
  EXPECT_NEAR(defaults::disk_time_to_failure().mean() / h, 557961.78, 0.01);
  EXPECT_NEAR(afr_from_mttf_s(defaults::disk_time_to_failure().mean()), 0.0157, 1e-15);
  // Ford et al. OSDI 2010: machines 2880 h, 0.8 % permanent, 15-minute re-replication timeout;
  // racks 87,600 h.
  EXPECT_DOUBLE_EQ(defaults::machine_time_to_failure().mean(), 2880.0 * h);
  EXPECT_NEAR(defaults::machine_time_to_failure_weibull().mean(), 2880.0 * h, 1e-6);
  EXPECT_DOUBLE_EQ(defaults::kMachinePermanentFraction, 0.008);
  EXPECT_DOUBLE_EQ(defaults::kReReplicationTimeout_s, 900.0);
  EXPECT_DOUBLE_EQ(defaults::rack_time_to_failure().mean(), 87600.0 * h);
  // Rack repair 1-6 h as 5th / 95th percentiles.
  EXPECT_NEAR(defaults::rack_repair_time().cdf(1.0 * h), 0.05, 1e-9);
  EXPECT_NEAR(defaults::rack_repair_time().cdf(6.0 * h), 0.95, 1e-9);
  EXPECT_DOUBLE_EQ(defaults::pdu_repair_time().mean(), 6.0 * h);
  // Schroeder & Gibson: repair lognormal with median 54 min, mean 355 min (sigma 1.9407, CV 6.50).
  const Distribution rep = defaults::repair_time();
  EXPECT_NEAR(rep.mean(), 355.0 * 60.0, 1e-6);
  EXPECT_NEAR(rep.cdf(54.0 * 60.0), 0.5, 1e-12);
  EXPECT_NEAR(rep.param2(), 1.9406873745717734, 1e-12);
  // The heavy tail makes the sample mean noisy; the median is robust: within 2 % at 2e5 samples.
  EXPECT_NEAR(sample_stats(rep, kN, "test.repair").median, 3240.0, 0.02 * 3240.0);
}
