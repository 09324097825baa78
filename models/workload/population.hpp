// Pre-populating a run at t = 0 with the VMs an open system would already hold (M/G/infinity queue).
//   steady state:  N ~ Poisson(rate * E[L])  (Little's law for the mean), each alive VM's remaining lifetime
//                  i.i.d. from the equilibrium residual distribution (Distribution::sample_residual). Exact for
//                  a homogeneous Poisson arrival rate and any lifetime distribution.
//   diurnal rate, exponential lifetimes (mean L), w = 2 pi / period, theta = w (t - peak):
//                  E[N(t)] = rate L (1 + A (cos theta + w L sin theta) / (1 + w^2 L^2))
//                  (the convolution of lambda(t) with e^(-s/L)); residuals stay Exp(L) (memoryless), so
//                  N(0) ~ Poisson(E[N(0)]) with Exp(L) residuals is exact. For other lifetime distributions
//                  under a diurnal rate use rate * E[L] with equilibrium residuals: an approximation that is
//                  exact when E[L] << period or A = 0.
#pragma once
#include <cstdint>

#include "core/rng.hpp"
#include "models/workload/arrival_process.hpp"

namespace dcsim::workload {

inline double steady_state_population(double rate_per_s, double mean_lifetime_s) {
  return rate_per_s * mean_lifetime_s;
}

double expected_population_exponential(const ArrivalParams& arrivals, double mean_lifetime_s, double t);

// Poisson(mean) draw (portable; see random_variates.hpp).
std::uint64_t sample_poisson(Rng& rng, double mean);

}  // namespace dcsim::workload
