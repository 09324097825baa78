// Portable random variates from uniform [0,1) sources (std:: distributions are not bit-identical across
// standard libraries; these are, given the same uniforms). A "uniform source" is any callable returning a
// double in [0,1): RngUniform wraps a core/rng.hpp stream, CounterUniform is a counter-based stream
// (SplitMix64 over a hashed key: 8 bytes of state, no mt19937 needed per VM).
//   standard normal: Box-Muller, z = sqrt(-2 ln(1-u1)) cos(2 pi u2)            (Box & Muller 1958)
//   gamma(a, 1):     Marsaglia & Tsang (2000) squeeze/rejection; a < 1 via G(a+1) U^(1/a)
//   poisson(m):      multiplication method for m < 30; PTRS transformed rejection (Hoermann 1993) above
#pragma once
#include <cmath>
#include <cstdint>
#include <numbers>

#include "core/rng.hpp"

namespace dcsim::workload {

struct RngUniform {
  Rng& rng;
  double operator()() { return uniform01(rng); }
};

struct CounterUniform {
  std::uint64_t counter;
  double operator()() { return static_cast<double>(mix64(counter++) >> 11) * 0x1.0p-53; }
};

template <class U>
double standard_normal(U& uniform) {
  const double u1 = 1.0 - uniform();  // (0,1]: log is finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

template <class U>
double gamma_variate(double shape, U& uniform) {
  if (shape < 1.0) {
    const double g = gamma_variate(shape + 1.0, uniform);
    return g * std::pow(1.0 - uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(uniform);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - uniform();
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

template <class U>
std::uint64_t poisson_variate(double mean, U& uniform) {
  if (!(mean > 0.0)) return 0;
  if (mean < 30.0) {
    const double limit = std::exp(-mean);
    std::uint64_t k = 0;
    double p = 1.0 - uniform();
    while (p > limit) {
      ++k;
      p *= 1.0 - uniform();
    }
    return k;
  }
  const double slam = std::sqrt(mean), loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform() - 0.5;
    const double v = 1.0 - uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1.0))
      return static_cast<std::uint64_t>(k);
  }
}

}  // namespace dcsim::workload
