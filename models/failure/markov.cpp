#include "models/failure/markov.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/rng.hpp"

namespace dcsim::failure {
namespace {

// Running mean and variance (Welford).
struct Moments {
  std::int64_t n = 0;
  double mean = 0.0, m2 = 0.0;
  void add(double x) {
    ++n;
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  double variance() const { return n > 1 ? m2 / static_cast<double>(n - 1) : 0.0; }
  double std_error() const { return n > 0 ? std::sqrt(variance() / static_cast<double>(n)) : 0.0; }
};

double exp_sample(Rng& rng, double rate) { return -std::log1p(-uniform01(rng)) / rate; }

}  // namespace

void RedundancyChain::validate() const {
  if (units < 1 || tolerated < 0 || tolerated >= units)
    throw std::invalid_argument("failure::RedundancyChain: need units >= 1 and 0 <= tolerated < units");
  if (!(lambda > 0.0) || !std::isfinite(lambda) || !(mu >= 0.0) || !std::isfinite(mu))
    throw std::invalid_argument("failure::RedundancyChain: need lambda > 0 and mu >= 0, finite");
  if (repair_crews < 1) throw std::invalid_argument("failure::RedundancyChain: repair_crews must be >= 1");
}

double mttdl_exact(const RedundancyChain& c) {
  c.validate();
  double tau = 0.0, total = 0.0;
  for (int i = 0; i <= c.tolerated; ++i) {
    tau = (1.0 + c.repair_rate(i) * tau) / c.failure_rate(i);
    total += tau;
  }
  return total;
}

double mttdl_approx(const RedundancyChain& c) {
  c.validate();
  double t = 1.0 / c.failure_rate(0);
  for (int i = 1; i <= c.tolerated; ++i) t *= c.repair_rate(i) / c.failure_rate(i);
  return t;
}

double normal_quantile_two_sided(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument("failure::normal_quantile_two_sided: confidence must be in (0, 1)");
  // Solve erf(z / sqrt 2) = confidence by bisection: erf is monotone, 200 halvings reach full precision.
  double lo = 0.0, hi = 40.0;
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    (std::erf(mid / std::sqrt(2.0)) < confidence ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

Estimate mttdl_monte_carlo(const RedundancyChain& c, std::int64_t trajectories, std::uint64_t seed,
                           double confidence, std::int64_t max_events) {
  c.validate();
  if (trajectories < 2) throw std::invalid_argument("failure::mttdl_monte_carlo: need >= 2 trajectories");
  const double z = normal_quantile_two_sided(confidence);
  Rng rng = make_rng(seed, "failure.markov.monte_carlo");
  Moments m;
  std::int64_t events = 0;
  for (std::int64_t k = 0; k < trajectories; ++k) {
    int i = 0;
    double t = 0.0;
    while (i <= c.tolerated) {
      if (++events > max_events)
        throw std::runtime_error("failure::mttdl_monte_carlo: more than " + std::to_string(max_events) +
                                 " transitions; accelerate the rates or use mttdl_importance_sampling");
      const double up = c.failure_rate(i), down = c.repair_rate(i), total = up + down;
      t += exp_sample(rng, total);
      i += uniform01(rng) * total < up ? 1 : -1;
    }
    m.add(t);
  }
  return {m.mean, z * m.std_error(), confidence, m.n};
}

Estimate mttdl_importance_sampling(const RedundancyChain& c, std::int64_t cycles, std::uint64_t seed,
                                   double confidence, double bias) {
  c.validate();
  if (cycles < 4) throw std::invalid_argument("failure::mttdl_importance_sampling: need >= 4 cycles");
  if (!(bias > 0.0 && bias < 1.0)) throw std::invalid_argument("failure::mttdl_importance_sampling: bias in (0, 1)");
  if (c.tolerated == 0 || c.mu == 0.0) {
    // Every cycle ends in loss: MTTDL is exact and trivial to state.
    const double t = mttdl_exact(c);
    return {t, 0.0, confidence, cycles};
  }
  const double z = normal_quantile_two_sided(confidence);
  const std::int64_t half = cycles / 2;

  // E[C]: plain cycles from 0 back to 0 or to loss.
  Rng rng_c = make_rng(seed, "failure.markov.is.cycle");
  Moments cyc;
  for (std::int64_t k = 0; k < half; ++k) {
    int i = 0;
    double t = 0.0;
    do {
      const double up = c.failure_rate(i), down = c.repair_rate(i), total = up + down;
      t += exp_sample(rng_c, total);
      i += uniform01(rng_c) * total < up ? 1 : -1;
    } while (i > 0 && i <= c.tolerated);
    cyc.add(t);
  }

  // gamma: P(loss before return to 0), under failure biasing with likelihood ratios. The first step from 0
  // is a failure with probability 1 under both measures.
  Rng rng_g = make_rng(seed, "failure.markov.is.gamma");
  Moments gam;
  for (std::int64_t k = 0; k < cycles - half; ++k) {
    int i = 1;
    double weight = 1.0;
    while (i > 0 && i <= c.tolerated) {
      const double up = c.failure_rate(i), down = c.repair_rate(i);
      const double p = up / (up + down);
      if (uniform01(rng_g) < bias) {
        weight *= p / bias;
        ++i;
      } else {
        weight *= (1.0 - p) / (1.0 - bias);
        --i;
      }
    }
    gam.add(i > c.tolerated ? weight : 0.0);
  }
  if (gam.mean <= 0.0)
    throw std::runtime_error("failure::mttdl_importance_sampling: no loss observed; raise cycles or bias");
  const double mttdl = cyc.mean / gam.mean;
  // Delta method for a ratio of independent means.
  const double rel = std::sqrt(std::pow(cyc.std_error() / cyc.mean, 2) + std::pow(gam.std_error() / gam.mean, 2));
  return {mttdl, z * rel * mttdl, confidence, cycles};
}

}  // namespace dcsim::failure
