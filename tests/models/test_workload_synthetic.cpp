// Synthetic workload generators (models/workload/synthetic.hpp). Statistical checks use fixed seeds (so
// they are deterministic) and tolerances of 3-5 standard errors computed from the analytic variance.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "models/workload/synthetic.hpp"

using namespace dcsim::workload;
using dcsim::make_rng;
using dcsim::Rng;

// ---------------------------------------------------------------- arrivals
// Reference: Lambda(0, 86400) = rate * 86400 for a whole period (analytic integral); Poisson count has
// stddev sqrt(Lambda): tolerance 3 sigma (brief). Half-day windows around the peak and the trough likewise.
TEST(WorkloadSyntheticArrivals, DailyCountMatchesIntegral) {
  const ArrivalParams p{0.05, 0.8, 86400.0, 14 * 3600.0};
  ArrivalProcess proc(p, 42);
  std::size_t day = 0, peak_half = 0;
  double t, last = 0.0;
  while ((t = proc.next()) < 86400.0) {
    ASSERT_GT(t, last);
    last = t;
    ++day;
    if (std::fabs(t - p.peak_time_s) < 6 * 3600.0) ++peak_half;
  }
  const double expected = expected_arrivals(p, 0.0, 86400.0);
  EXPECT_NEAR(expected, 0.05 * 86400.0, 1e-6);
  EXPECT_NEAR(static_cast<double>(day), expected, 3.0 * std::sqrt(expected));
  const double e_peak = expected_arrivals(p, 8 * 3600.0, 20 * 3600.0);
  EXPECT_NEAR(static_cast<double>(peak_half), e_peak, 3.0 * std::sqrt(e_peak));
  EXPECT_GT(e_peak, 0.7 * expected);  // the diurnal shape matters: 0.5 + 0.8/pi of the day's arrivals
}

// Reference: analytic Lambda vs trapezoid integration of lambda(t) (1e5 panels, rel. error < 1e-8).
TEST(WorkloadSyntheticArrivals, IntegralOfRate) {
  const ArrivalParams p{2.0, 0.5, 1000.0, 123.0};
  const double t0 = 17.0, t1 = 2345.0;
  const int n = 100000;
  double sum = 0.5 * (arrival_rate(p, t0) + arrival_rate(p, t1));
  for (int i = 1; i < n; ++i) sum += arrival_rate(p, t0 + (t1 - t0) * i / n);
  EXPECT_NEAR(expected_arrivals(p, t0, t1), sum * (t1 - t0) / n, 1e-8 * sum);
}

// Reference: determinism requirement (same seed -> same sequence; other seed / stream -> different).
TEST(WorkloadSyntheticArrivals, Determinism) {
  const ArrivalParams p{1.0, 0.3, 100.0, 0.0};
  ArrivalProcess a(p, 7), b(p, 7), c(p, 8), s(p, 7, 0.0, 1);
  bool differs_seed = false, differs_stream = false;
  for (int i = 0; i < 1000; ++i) {
    const double ta = a.next();
    EXPECT_EQ(ta, b.next());
    differs_seed |= ta != c.next();
    differs_stream |= ta != s.next();
  }
  EXPECT_TRUE(differs_seed);
  EXPECT_TRUE(differs_stream);
  ArrivalProcess zero(ArrivalParams{0.0, 0.0, 1.0, 0.0}, 1);
  EXPECT_TRUE(std::isinf(zero.next()));
  EXPECT_THROW(ArrivalProcess(ArrivalParams{1.0, 1.5, 1.0, 0.0}, 1), std::invalid_argument);
  EXPECT_THROW(ArrivalProcess(ArrivalParams{-1.0, 0.0, 1.0, 0.0}, 1), std::invalid_argument);
}

// ---------------------------------------------------------------- distributions
namespace {
struct Moments {
  double mean, var;
};
template <class F>
Moments moments(F&& draw, int n) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    s += x;
    s2 += x * x;
  }
  const double m = s / n;
  return {m, s2 / n - m * m};
}
}  // namespace

// Reference: analytic means and variances (Distribution header); tolerance 4 standard errors.
TEST(WorkloadSyntheticDistribution, SampleMeans) {
  const int n = 200000;
  struct Case {
    Distribution d;
    double mean, var;
  };
  const double mu = 5.0, s = 0.8, k = 1.5, lam = 100.0;
  const std::vector<Case> cases = {
      {Distribution::fixed(3.0), 3.0, 0.0},
      {Distribution::exponential(50.0), 50.0, 2500.0},
      {Distribution::lognormal(mu, s), std::exp(mu + s * s / 2), (std::exp(s * s) - 1) * std::exp(2 * mu + s * s)},
      {Distribution::weibull(k, lam), lam * std::tgamma(1 + 1 / k),
       lam * lam * (std::tgamma(1 + 2 / k) - std::pow(std::tgamma(1 + 1 / k), 2))},
      {Distribution::uniform(10.0, 30.0), 20.0, 400.0 / 12.0},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    EXPECT_NEAR(c.d.mean(), c.mean, 1e-9 * c.mean) << i;
    Rng rng = make_rng(11, "test.dist", i);
    Moments m = moments([&] { return c.d.sample(rng); }, n);
    EXPECT_NEAR(m.mean, c.mean, 4 * std::sqrt(c.var / n) + 1e-12) << i;
    EXPECT_NEAR(m.var, c.var, 0.03 * c.var + 1e-12) << i;  // ~5 SE for these shapes at n = 2e5
  }
  const Distribution ln = Distribution::lognormal_from_mean(3600.0, 1.2);
  EXPECT_NEAR(ln.mean(), 3600.0, 1e-9);
  EXPECT_THROW(Distribution::exponential(0.0), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(5.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(-1.0, 1.0), std::invalid_argument);
}

// Reference: equilibrium residual life (renewal theory): mean E[X^2]/(2E[X]) and second moment
// E[X^3]/(3E[X]), from the analytic raw moments; tolerance 4 standard errors.
TEST(WorkloadSyntheticDistribution, ResidualLifeMoments) {
  const int n = 200000;
  const double mu = 4.0, s = 0.7, k = 0.8, lam = 50.0, a = 10.0, b = 30.0, c = 12.0, m = 40.0;
  auto ln_raw = [&](int r) { return std::exp(r * mu + r * r * s * s / 2); };
  auto wb_raw = [&](int r) { return std::pow(lam, r) * std::tgamma(1 + r / k); };
  auto un_raw = [&](int r) { return (std::pow(b, r + 1) - std::pow(a, r + 1)) / ((r + 1) * (b - a)); };
  struct Case {
    Distribution d;
    double ex1, ex2, ex3;
  };
  const std::vector<Case> cases = {
      {Distribution::fixed(c), c, c * c, c * c * c},
      {Distribution::exponential(m), m, 2 * m * m, 6 * m * m * m},
      {Distribution::lognormal(mu, s), ln_raw(1), ln_raw(2), ln_raw(3)},
      {Distribution::weibull(k, lam), wb_raw(1), wb_raw(2), wb_raw(3)},
      {Distribution::uniform(a, b), un_raw(1), un_raw(2), un_raw(3)},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& cs = cases[i];
    const double r1 = cs.ex2 / (2 * cs.ex1), r2 = cs.ex3 / (3 * cs.ex1);
    EXPECT_NEAR(cs.d.residual_mean(), r1, 1e-9 * r1) << i;
    Rng rng = make_rng(12, "test.residual", i);
    Moments mo = moments([&] { return cs.d.sample_residual(rng); }, n);
    EXPECT_NEAR(mo.mean, r1, 4 * std::sqrt((r2 - r1 * r1) / n)) << i;
  }
}

// Reference: equilibrium CDFs in closed form: Weibull k = 2: F_e(x) = erf(x / lambda); lognormal:
// F_e(x) = [x (1 - Phi((ln x - mu)/s)) + m Phi((ln x - mu - s^2)/s)] / m. Tolerance 0.006 = the DKW bound
// sqrt(ln(2/1e-6) / (2n)) for n = 2e5.
TEST(WorkloadSyntheticDistribution, ResidualLifeCdf) {
  const int n = 200000;
  const double lam = 100.0, mu = 3.0, s = 0.9;
  const Distribution wb = Distribution::weibull(2.0, lam), ln = Distribution::lognormal(mu, s);
  const double m = ln.mean();
  auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); };
  auto fe_ln = [&](double x) {
    return (x * (1 - Phi((std::log(x) - mu) / s)) + m * Phi((std::log(x) - mu - s * s) / s)) / m;
  };
  std::vector<double> rw(n), rl(n);
  Rng r1 = make_rng(13, "test.cdf", 0), r2 = make_rng(13, "test.cdf", 1);
  for (int i = 0; i < n; ++i) {
    rw[i] = wb.sample_residual(r1);
    rl[i] = ln.sample_residual(r2);
  }
  for (double x : {10.0, 50.0, 100.0, 200.0}) {
    const double frac = static_cast<double>(std::count_if(rw.begin(), rw.end(), [&](double v) { return v <= x; })) / n;
    EXPECT_NEAR(frac, std::erf(x / lam), 0.006) << x;
  }
  for (double x : {5.0, 20.0, 40.0, 120.0}) {
    const double frac = static_cast<double>(std::count_if(rl.begin(), rl.end(), [&](double v) { return v <= x; })) / n;
    EXPECT_NEAR(frac, fe_ln(x), 0.006) << x;
  }
}

// ---------------------------------------------------------------- VM type mix
// Reference: P(i) = w_i / sum w; frequency tolerance 4 sqrt(p(1-p)/n); zero weight never drawn.
TEST(WorkloadSyntheticVmMix, Frequencies) {
  VmTypeMix mix({{"small", 1, 1e9, 1}, {"medium", 2, 2e9, 2}, {"never", 4, 4e9, 0}, {"large", 8, 8e9, 7}});
  const int n = 100000;
  std::vector<int> count(4, 0);
  Rng rng = make_rng(5, "test.mix");
  for (int i = 0; i < n; ++i) ++count[mix.sample_index(rng)];
  const double p[] = {0.1, 0.2, 0.0, 0.7};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(mix.probability(static_cast<std::size_t>(i)), p[i], 1e-15);
    EXPECT_NEAR(count[i] / double(n), p[i], 4 * std::sqrt(p[i] * (1 - p[i]) / n) + 1e-12) << i;
  }
  EXPECT_EQ(count[2], 0);
  EXPECT_THROW(VmTypeMix({}), std::invalid_argument);
  EXPECT_THROW(VmTypeMix({{"z", 1, 0, 0}}), std::invalid_argument);
}

// ---------------------------------------------------------------- utilization process
// Reference: standard normal: mean 0 (SE 1/sqrt n), variance 1 (SE sqrt(2/n)), no lag-1 correlation along
// steps (SE 1/sqrt n); 4 SE each over n = 1e6 (vm, step) pairs.
TEST(WorkloadSyntheticUtilization, NoiseIsStandardNormal) {
  const int vms = 1000, steps = 1000;
  const double n = double(vms) * steps;
  double s = 0, s2 = 0, lag = 0;
  for (int v = 0; v < vms; ++v) {
    double prev = vm_noise(99, static_cast<std::uint64_t>(v), 0);
    s += prev;
    s2 += prev * prev;
    for (int k = 1; k < steps; ++k) {
      const double z = vm_noise(99, static_cast<std::uint64_t>(v), static_cast<std::uint64_t>(k));
      s += z;
      s2 += z * z;
      lag += z * prev;
      prev = z;
    }
  }
  EXPECT_NEAR(s / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 4 * std::sqrt(2 / n));
  EXPECT_NEAR(lag / (n - vms), 0.0, 4 / std::sqrt(n));
  EXPECT_EQ(vm_noise(1, 2, 3), vm_noise(1, 2, 3));
  EXPECT_NE(vm_noise(1, 2, 3), vm_noise(2, 2, 3));
  EXPECT_NE(vm_noise(1, 2, 3), vm_noise(1, 3, 3));
}

// Reference: AR(1) stationary moments: mean m, variance sigma^2/(1-phi^2), lag-1 autocorrelation phi.
// m = 0.5, sigma = 0.02, phi = 0.9: stddev 0.0459, clamping at 0 and 1 is > 10 stddev away (negligible).
// Standard errors over N = 1e6 steps: mean 0.0459 sqrt((1+phi)/(1-phi)/N) = 2.0e-4 -> tol 1e-3;
// variance relative sqrt(2 (1+phi^2)/(1-phi^2)/N) = 0.44% -> tol 2.5%; autocorrelation ~4.4e-4 -> tol 0.004.
TEST(WorkloadSyntheticUtilization, Ar1LongRunMoments) {
  UtilizationProcessParams p;
  p.mean = 0.5;
  p.mean_stddev = 0.0;
  p.phi = 0.9;
  p.sigma = 0.02;
  UtilizationProcess proc(p, 2024);
  const std::uint64_t vm = 17;
  const double m = proc.vm_mean(vm);
  EXPECT_EQ(m, 0.5);
  const int N = 1000000;
  double u = proc.initial_state(vm, m), s = 0, s2 = 0, lag = 0, prev = u;
  for (int k = 0; k < N; ++k) {
    s += u;
    s2 += u * u;
    if (k > 0) lag += (u - m) * (prev - m);
    prev = u;
    u = proc.next_state(vm, m, u, static_cast<std::uint64_t>(k));
  }
  const double mean = s / N, var = s2 / N - mean * mean;
  const double var_ref = 0.02 * 0.02 / (1 - 0.81);
  EXPECT_NEAR(proc.stationary_variance(), var_ref, 1e-15);
  EXPECT_NEAR(mean, 0.5, 1e-3);
  EXPECT_NEAR(var, var_ref, 0.025 * var_ref);
  EXPECT_NEAR(lag / (N - 1) / var_ref, 0.9, 0.004);
}

// Reference: Beta(mean 0.3, stddev 0.1) across VMs: SE of the mean 0.1/sqrt(2e5) = 2.2e-4 -> tol 1e-3;
// stddev within 2% (SE ~0.3%). All means in [0, 1].
TEST(WorkloadSyntheticUtilization, VmMeansAreBeta) {
  UtilizationProcessParams p;
  p.mean = 0.3;
  p.mean_stddev = 0.1;
  UtilizationProcess proc(p, 5);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int v = 0; v < n; ++v) {
    const double m = proc.vm_mean(static_cast<std::uint64_t>(v));
    ASSERT_GE(m, 0.0);
    ASSERT_LE(m, 1.0);
    s += m;
    s2 += m * m;
  }
  const double mean = s / n, sd = std::sqrt(s2 / n - mean * mean);
  EXPECT_NEAR(mean, 0.3, 1e-3);
  EXPECT_NEAR(sd, 0.1, 0.002);
  p.mean_stddev = 0.5;  // 0.25 > 0.3 * 0.7: no Beta distribution has these moments
  EXPECT_THROW(UtilizationProcess(p, 5), std::invalid_argument);
}

// Reference: determinism requirement; diurnal factor 1 + A cos(...) by hand at the peak and trough.
TEST(WorkloadSyntheticUtilization, DeterminismAndDiurnalFactor) {
  UtilizationProcessParams p;
  p.diurnal_amplitude = 0.5;
  p.peak_time_s = 43200.0;
  UtilizationProcess a(p, 1), b(p, 1), c(p, 2);
  const UtilizationTrace ta = a.trace(42, 288), tb = b.trace(42, 288), tc = c.trace(42, 288);
  ASSERT_EQ(ta.values.size(), 288u);
  EXPECT_EQ(ta.values, tb.values);
  EXPECT_NE(ta.values, tc.values);
  EXPECT_NE(ta.values, a.trace(43, 288).values);
  EXPECT_DOUBLE_EQ(a.diurnal_factor(43200.0), 1.5);
  EXPECT_NEAR(a.diurnal_factor(0.0), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(a.utilization(0.4, 43200.0), 0.6);
  EXPECT_DOUBLE_EQ(a.utilization(0.8, 43200.0), 1.0);  // clamped
  EXPECT_EQ(a.step_index(899.0), 2u);
}

// ---------------------------------------------------------------- pre-population
// Reference: Poisson(m) has mean m and variance m; tolerance 4 SE (mean) and 5% (variance, SE ~0.6%).
TEST(WorkloadSyntheticPopulation, PoissonSampler) {
  for (double m : {0.7, 5.0, 29.0, 31.0, 1000.0, 1e6}) {
    Rng rng = make_rng(3, "test.poisson", static_cast<std::uint64_t>(m * 10));
    const int n = 50000;
    Moments mo = moments([&] { return static_cast<double>(sample_poisson(rng, m)); }, n);
    EXPECT_NEAR(mo.mean, m, 4 * std::sqrt(m / n)) << m;
    EXPECT_NEAR(mo.var, m, 0.05 * m) << m;
  }
}

// Reference: the closed form in population.hpp vs numerical convolution int_0^inf lambda(t-s) e^(-s/L) ds
// (trapezoid, 2e5 panels to 40 L; rel. tol 1e-6); A = 0 gives Little's law rate * L.
TEST(WorkloadSyntheticPopulation, DiurnalExponentialClosedForm) {
  const ArrivalParams p{0.3, 0.6, 86400.0, 50000.0};
  const double L = 7200.0, t = 30000.0;
  const int n = 200000;
  const double h = 40 * L / n;
  double sum = 0.5 * arrival_rate(p, t);
  for (int i = 1; i < n; ++i) sum += arrival_rate(p, t - i * h) * std::exp(-i * h / L);
  EXPECT_NEAR(expected_population_exponential(p, L, t), sum * h, 1e-6 * sum * h);
  EXPECT_DOUBLE_EQ(expected_population_exponential(ArrivalParams{0.3, 0.0, 86400.0, 0.0}, L, t),
                   steady_state_population(0.3, L));
}

// Reference: M/G/infinity stationarity: a system pre-populated with Poisson(rate E[L]) VMs with equilibrium
// residual lifetimes, plus new arrivals, still holds rate E[L] VMs on average at any later time.
// rate 0.5/s, lognormal lifetimes mean 2000 s (sigma 1): E[N] = 1000, Var N = 1000; averaged over 40
// replications the SE is 5 -> tolerance 4 SE = 20. Without pre-population the count at t = 1000 s would be
// rate * int_0^1000 S(x) dx ~ 440, far outside the tolerance.
TEST(WorkloadSyntheticPopulation, PrepopulatedSystemIsStationary) {
  const double rate = 0.5, t_obs = 1000.0;
  const Distribution life = Distribution::lognormal_from_mean(2000.0, 1.0);
  const double expected = steady_state_population(rate, life.mean());
  EXPECT_NEAR(expected, 1000.0, 1e-9);
  const int reps = 40;
  double total = 0;
  for (int r = 0; r < reps; ++r) {
    Rng rng = make_rng(77, "test.prepop", static_cast<std::uint64_t>(r));
    std::uint64_t alive = 0;
    const std::uint64_t n0 = sample_poisson(rng, expected);
    for (std::uint64_t i = 0; i < n0; ++i) alive += life.sample_residual(rng) > t_obs;
    ArrivalProcess arr(ArrivalParams{rate, 0.0, 86400.0, 0.0}, 77, 0.0, static_cast<std::uint64_t>(r));
    for (double t = arr.next(); t < t_obs; t = arr.next()) alive += t + life.sample(rng) > t_obs;
    total += static_cast<double>(alive);
  }
  EXPECT_NEAR(total / reps, expected, 20.0);
}
