// Lifetime (or size) distributions for synthetic workloads, sampled portably from core/rng.hpp streams.
//   fixed(c)            X = c                                  mean c
//   exponential(m)      X = -m ln(1-U)                         mean m
//   lognormal(mu, s)    X = exp(mu + s Z)                      mean exp(mu + s^2/2)
//   lognormal_from_mean(m, s): mu = ln m - s^2/2 (mean m, sigma of log X = s)
//   weibull(k, lambda)  X = lambda (-ln(1-U))^(1/k)            mean lambda Gamma(1 + 1/k)
//   uniform(a, b)       X = a + (b-a) U                        mean (a+b)/2
// Equilibrium residual life (the remaining lifetime of a VM alive at a random time in steady state, used
// to pre-populate a run at t = 0; renewal theory, e.g. Ross, "Stochastic Processes", ch. 3):
//   density S(x)/E[X], mean E[X^2] / (2 E[X]); sampled EXACTLY as R = U * X~ with X~ the length-biased X:
//   fixed: U c;  exponential: Exp(m) (memoryless);  lognormal: U exp(mu + s^2 + s Z);
//   weibull: lambda G^(1/k), G ~ Gamma(1/k, 1);  uniform: inverse of its piecewise-quadratic CDF.
// Invalid parameters throw std::invalid_argument (the YAML layer reports them with their key path).
#pragma once
#include "core/rng.hpp"

namespace dcsim::workload {

class Distribution {
 public:
  enum class Kind { Fixed, Exponential, Lognormal, Weibull, Uniform };

  static Distribution fixed(double value);
  static Distribution exponential(double mean);
  static Distribution lognormal(double mu, double sigma);
  static Distribution lognormal_from_mean(double mean, double sigma);
  static Distribution weibull(double shape, double scale);
  static Distribution uniform(double low, double high);

  Kind kind() const { return kind_; }
  double mean() const;
  double sample(Rng& rng) const;
  // Equilibrium residual life (see above) and its mean E[X^2] / (2 E[X]).
  double sample_residual(Rng& rng) const;
  double residual_mean() const;

 private:
  Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
  Kind kind_;
  double a_, b_;  // fixed: (c, -); exponential: (m, -); lognormal: (mu, s); weibull: (k, lambda); uniform: (a, b)
};

}  // namespace dcsim::workload
