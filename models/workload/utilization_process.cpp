#include "models/workload/utilization_process.hpp"

#include <stdexcept>

#include "models/workload/random_variates.hpp"

namespace dcsim::workload {

UtilizationProcess::UtilizationProcess(const UtilizationProcessParams& params, std::uint64_t seed)
    : p_(params), noise_key_(util_noise_key(seed)), mean_key_(mix64(seed ^ hash_name("workload.util.mean"))) {
  const double mu = p_.mean, s = p_.mean_stddev;
  if (!(mu >= 0 && mu <= 1)) throw std::invalid_argument("UtilizationProcess: mean must be in 0..1");
  if (!(s >= 0 && std::isfinite(s))) throw std::invalid_argument("UtilizationProcess: mean_stddev must be >= 0");
  if (s > 0 && !(s * s < mu * (1 - mu)))
    throw std::invalid_argument("UtilizationProcess: mean_stddev^2 must be < mean (1 - mean) for a Beta distribution");
  if (!(p_.phi > -1 && p_.phi < 1)) throw std::invalid_argument("UtilizationProcess: phi must be in (-1, 1)");
  if (!(p_.sigma >= 0 && std::isfinite(p_.sigma))) throw std::invalid_argument("UtilizationProcess: sigma must be >= 0");
  if (!(p_.step_s > 0 && std::isfinite(p_.step_s))) throw std::invalid_argument("UtilizationProcess: step_s must be > 0");
  if (!(p_.diurnal_amplitude >= 0 && p_.diurnal_amplitude <= 1))
    throw std::invalid_argument("UtilizationProcess: diurnal_amplitude must be in 0..1");
  if (!(p_.period_s > 0 && std::isfinite(p_.period_s))) throw std::invalid_argument("UtilizationProcess: period_s must be > 0");
  stationary_stddev_ = p_.sigma / std::sqrt(1.0 - p_.phi * p_.phi);
  if (s > 0) {
    const double nu = mu * (1 - mu) / (s * s) - 1.0;
    beta_a_ = mu * nu;
    beta_b_ = (1 - mu) * nu;
  }
}

double UtilizationProcess::vm_mean(std::uint64_t vm_id) const {
  if (beta_a_ <= 0) return p_.mean;
  CounterUniform u{mix64(mean_key_ + vm_id)};
  const double x = gamma_variate(beta_a_, u);
  const double y = gamma_variate(beta_b_, u);
  return x + y > 0 ? x / (x + y) : p_.mean;
}

UtilizationTrace UtilizationProcess::trace(std::uint64_t vm_id, std::size_t steps, double start_s) const {
  UtilizationTrace out;
  out.name = "vm" + std::to_string(vm_id);
  out.interval_s = p_.step_s;
  out.start_s = start_s;
  out.values.reserve(steps);
  const double m = vm_mean(vm_id);
  double u = initial_state(vm_id, m);
  for (std::size_t j = 0; j < steps; ++j) {
    if (j > 0) u = next_state(vm_id, m, u, j - 1);
    out.values.push_back(utilization(u, start_s + static_cast<double>(j) * p_.step_s));
  }
  return out;
}

}  // namespace dcsim::workload
