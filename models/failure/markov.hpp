// Mean time to data loss (MTTDL) of a redundancy group: n units (replicas or EC chunks) that survive m
// losses, each failing at rate lambda, repaired at rate mu by up to c crews (c = 1: serial repair; c = n:
// parallel). Birth-death chain on i = failed units, absorbing at i = m + 1:
//   up:   i -> i+1 at lambda_i = (n - i) lambda;      down: i -> i-1 at mu_i = min(i, c) mu.
// Exact mean absorption time from i = 0: with tau_i = expected time from first reaching i to first reaching
// i+1,  tau_0 = 1/lambda_0,  tau_i = (1 + mu_i tau_{i-1}) / lambda_i,  MTTDL = sum_{i=0..m} tau_i
// (all terms positive: no cancellation even at eleven nines).
// Approximation for mu >> lambda: MTTDL ~ prod_{i=1..m} mu_i / prod_{i=0..m} lambda_i; serial repair:
// mu^m / (lambda^(m+1) n (n-1) ... (n-m)); 3 replicas: mu^2 / (6 lambda^3) (MODELS.md; Gibson's RAID MTTDL).
//
// Estimators for checking and for chains with no closed form:
// - naive Monte-Carlo of whole trajectories (only with accelerated rates: it must see losses);
// - regenerative importance sampling: MTTDL = E[C] / gamma, C = a cycle from state 0 until it returns to 0
//   or loses data, gamma = P(a cycle loses data). gamma is estimated under failure biasing (each step from
//   i >= 1 fails with probability `bias` instead of lambda_i / (lambda_i + mu_i), weighted by the likelihood
//   ratio; Goyal, Shahabuddin, Heidelberger, Nicola, Glynn, IEEE Trans. Computers 1992), E[C] by plain
//   simulation. Works at eleven nines.
// Rates in 1/s (or any consistent unit: the result is in its inverse).
#pragma once
#include <cstdint>

namespace dcsim::failure {

struct RedundancyChain {
  int units = 3;         // n
  int tolerated = 2;     // m (data lost at m + 1 failed units)
  double lambda = 0.0;   // per-unit failure rate
  double mu = 0.0;       // repair rate of one crew
  int repair_crews = 1;  // c: 1 = serial repair, >= units = parallel

  static RedundancyChain serial(int n, int m, double lambda, double mu) { return {n, m, lambda, mu, 1}; }
  static RedundancyChain parallel(int n, int m, double lambda, double mu) { return {n, m, lambda, mu, n}; }

  double failure_rate(int failed) const { return (units - failed) * lambda; }
  double repair_rate(int failed) const { return (failed < repair_crews ? failed : repair_crews) * mu; }
  void validate() const;  // throws std::invalid_argument
};

double mttdl_exact(const RedundancyChain& chain);
double mttdl_approx(const RedundancyChain& chain);

struct Estimate {
  double mean = 0.0;
  double half_width = 0.0;  // of the confidence interval
  double confidence = 0.0;
  std::int64_t samples = 0;
  double lo() const { return mean - half_width; }
  double hi() const { return mean + half_width; }
};

// Two-sided standard-normal quantile z with P(|Z| <= z) = confidence (0.99 -> 2.5758).
double normal_quantile_two_sided(double confidence);

// Whole trajectories from state 0 to loss; throws std::runtime_error if more than max_events transitions
// would be needed (the chain is too reliable for naive simulation: accelerate it or use the estimator below).
Estimate mttdl_monte_carlo(const RedundancyChain& chain, std::int64_t trajectories, std::uint64_t seed,
                           double confidence = 0.99, std::int64_t max_events = 100'000'000);

// Regenerative estimator with failure biasing (see above); cycles are split evenly between E[C] and gamma.
Estimate mttdl_importance_sampling(const RedundancyChain& chain, std::int64_t cycles, std::uint64_t seed,
                                   double confidence = 0.99, double bias = 0.5);

}  // namespace dcsim::failure
