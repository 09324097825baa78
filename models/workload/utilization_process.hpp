// Synthetic per-VM CPU utilization WITHOUT per-VM generator objects (500,000 live VMs: the caller keeps one
// double of state per VM; every random number is a pure function of (seed, vm_id, step)).
//   noise     z(v, k) = Box-Muller on two uniforms hashed (SplitMix64) from (seed, "workload.util.noise",
//             v, k): standard normal, independent over v and k
//   VM mean   m_v ~ Beta(a, b), a = mu nu, b = (1-mu) nu, nu = mu(1-mu)/s^2 - 1 (mean mu, stddev s across
//             VMs), drawn from a counter stream keyed by (seed, "workload.util.mean", v); s = 0 -> m_v = mu
//   AR(1)     u_0     = clamp(m_v + sigma / sqrt(1 - phi^2) z(v, 0), 0, 1)
//             u_{k+1} = clamp(m_v + phi (u_k - m_v) + sigma z(v, k+1), 0, 1)
//             unclamped: stationary mean m_v, variance sigma^2 / (1 - phi^2), lag-1 autocorrelation phi
//   output    util(t) = clamp(u_k * d(t), 0, 1),  d(t) = 1 + A cos(2 pi (t - peak) / period),  k = floor(t/step)
// The diurnal factor multiplies the output, not the state, so the AR(1) statistics above stay exact
// (up to clamping, which is negligible when m_v is several stationary stddevs from 0 and 1).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "core/rng.hpp"
#include "models/workload/utilization_trace.hpp"

namespace dcsim::workload {

inline std::uint64_t util_noise_key(std::uint64_t seed) { return mix64(seed ^ hash_name("workload.util.noise")); }

// Standard normal for (key = util_noise_key(seed), vm_id, step).
inline double vm_noise_keyed(std::uint64_t key, std::uint64_t vm_id, std::uint64_t step) {
  const std::uint64_t h = mix64(mix64(key + vm_id) + step);
  const double u1 = static_cast<double>((mix64(h) >> 11) + 1) * 0x1.0p-53;  // (0,1]
  const double u2 = static_cast<double>(mix64(h ^ 0xD1B54A32D192ED03ULL) >> 11) * 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Standard normal, a pure function of (seed, vm_id, step).
inline double vm_noise(std::uint64_t seed, std::uint64_t vm_id, std::uint64_t step) {
  return vm_noise_keyed(util_noise_key(seed), vm_id, step);
}

struct UtilizationProcessParams {
  double mean = 0.3;               // mu: mean over VMs of the long-run VM means, 0..1
  double mean_stddev = 0.1;        // s: their stddev across VMs (0: every VM has mu); s^2 < mu (1 - mu)
  double phi = 0.9;                // AR(1) coefficient per step, -1 < phi < 1
  double sigma = 0.05;             // innovation stddev per step, >= 0
  double step_s = 300.0;           // AR(1) time step, > 0
  double diurnal_amplitude = 0.0;  // A, 0..1
  double period_s = 86400.0;
  double peak_time_s = 0.0;
};

class UtilizationProcess {
 public:
  // Throws std::invalid_argument on invalid parameters.
  UtilizationProcess(const UtilizationProcessParams& params, std::uint64_t seed);

  double vm_mean(std::uint64_t vm_id) const;  // m_v (Beta draw; cache it per VM if called often)

  double initial_state(std::uint64_t vm_id, double m_v) const {
    return std::clamp(m_v + stationary_stddev_ * vm_noise_keyed(noise_key_, vm_id, 0), 0.0, 1.0);
  }
  // u_{k+1} from u_k.
  double next_state(std::uint64_t vm_id, double m_v, double u_k, std::uint64_t k) const {
    return std::clamp(m_v + p_.phi * (u_k - m_v) + p_.sigma * vm_noise_keyed(noise_key_, vm_id, k + 1), 0.0, 1.0);
  }
  double diurnal_factor(double t) const {
    return 1.0 + p_.diurnal_amplitude * std::cos(2.0 * std::numbers::pi * (t - p_.peak_time_s) / p_.period_s);
  }
  double utilization(double state, double t) const { return std::clamp(state * diurnal_factor(t), 0.0, 1.0); }
  std::uint64_t step_index(double t) const { return t > 0 ? static_cast<std::uint64_t>(t / p_.step_s) : 0; }

  double stationary_variance() const { return stationary_stddev_ * stationary_stddev_; }  // sigma^2/(1-phi^2)
  const UtilizationProcessParams& params() const { return p_; }

  // Output utilization of one VM sampled at t = start_s + j step_s, j < steps (diurnal factor applied).
  UtilizationTrace trace(std::uint64_t vm_id, std::size_t steps, double start_s = 0.0) const;

 private:
  UtilizationProcessParams p_;
  std::uint64_t noise_key_;
  std::uint64_t mean_key_;
  double stationary_stddev_;
  double beta_a_ = 0.0, beta_b_ = 0.0;  // 0: no spread across VMs
};

}  // namespace dcsim::workload
