// Exact energy of piecewise power signals, so power needs no fixed time step (design/ARCHITECTURE.md:
// "exact integration of piecewise power between events").
//
//   Piecewise constant: E(t) = sum_k P_k (t_{k+1} - t_k) + P_last (t - t_last).
//   Piecewise linear (samples joined by straight lines): E = sum_k (P_k + P_{k+1})/2 (t_{k+1} - t_k)
//   (trapezoid rule, exact for a linear segment); after the last sample the last value is held.
//   Sums use Neumaier compensated summation: 1e6+ segments lose no visible precision.
//
// Times must not go backwards (std::invalid_argument otherwise). Header-only, no allocation on set/energy_J
// except in the array variant's constructor.
#pragma once
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace dcsim::power {

// Neumaier's improved Kahan summation.
class CompensatedSum {
 public:
  void add(double x) { add_to(sum_, comp_, x); }
  // The same on external storage (struct-of-arrays users).
  static void add_to(double& sum, double& comp, double x) {
    const double t = sum + x;
    if (std::abs(sum) >= std::abs(x)) comp += (sum - t) + x;
    else comp += (x - t) + sum;
    sum = t;
  }
  double value() const { return sum_ + comp_; }

 private:
  double sum_ = 0.0;
  double comp_ = 0.0;
};

namespace detail {
[[noreturn]] inline void time_went_back(double t, double last) {
  throw std::invalid_argument("energy integrator: time " + std::to_string(t) + " s is before the last update at " +
                              std::to_string(last) + " s (times must not go backwards)");
}
}  // namespace detail

// Power holds its value until the next set().
class PiecewiseConstantEnergy {
 public:
  explicit PiecewiseConstantEnergy(double t0_s = 0.0, double power_W = 0.0) : t_(t0_s), p_(power_W) {}

  // From time t_s on, power is power_W. Closes the running segment.
  void set(double t_s, double power_W) {
    if (!(t_s >= t_)) detail::time_went_back(t_s, t_);
    e_.add(p_ * (t_s - t_));
    t_ = t_s;
    p_ = power_W;
  }
  // Energy from t0 to t_s (t_s >= last set time), including the running segment.
  double energy_J(double t_s) const {
    if (!(t_s >= t_)) detail::time_went_back(t_s, t_);
    return e_.value() + p_ * (t_s - t_);
  }
  double energy_J() const { return e_.value(); }  // up to the last set()
  double power_W() const { return p_; }
  double last_time_s() const { return t_; }

 private:
  double t_;
  double p_;
  CompensatedSum e_;
};

// Power varies linearly between samples.
class PiecewiseLinearEnergy {
 public:
  explicit PiecewiseLinearEnergy(double t0_s = 0.0, double power_W = 0.0) : t_(t0_s), p_(power_W) {}

  // Power sample at t_s; the segment since the previous sample is integrated as a trapezoid.
  void set(double t_s, double power_W) {
    if (!(t_s >= t_)) detail::time_went_back(t_s, t_);
    e_.add(0.5 * (p_ + power_W) * (t_s - t_));
    t_ = t_s;
    p_ = power_W;
  }
  // Energy to t_s >= last sample; past the last sample the last value is held (the next sample is unknown).
  double energy_J(double t_s) const {
    if (!(t_s >= t_)) detail::time_went_back(t_s, t_);
    return e_.value() + p_ * (t_s - t_);
  }
  double energy_J() const { return e_.value(); }  // up to the last sample
  double power_W() const { return p_; }
  double last_time_s() const { return t_; }

 private:
  double t_;
  double p_;
  CompensatedSum e_;
};

// Many piecewise-constant signals (one per server) as contiguous arrays, plus their running total in O(1)
// per update. Updates come in global time order (a discrete-event clock): set(i, t, P) needs t >= the time
// of the previous set() on any index.
class PiecewiseConstantEnergyArray {
 public:
  explicit PiecewiseConstantEnergyArray(std::size_t n, double t0_s = 0.0)
      : t_(n, t0_s), p_(n, 0.0), e_(n, 0.0), ec_(n, 0.0), now_(t0_s) {}

  std::size_t size() const { return p_.size(); }

  // i < size() is not checked (hot path).
  void set(std::size_t i, double t_s, double power_W) {
    if (!(t_s >= now_)) detail::time_went_back(t_s, now_);
    total_e_.add(total_p_.value() * (t_s - now_));
    now_ = t_s;
    CompensatedSum::add_to(e_[i], ec_[i], p_[i] * (t_s - t_[i]));
    total_p_.add(power_W - p_[i]);
    t_[i] = t_s;
    p_[i] = power_W;
  }
  double power_W(std::size_t i) const { return p_[i]; }
  double energy_J(std::size_t i, double t_s) const {
    if (!(t_s >= t_[i])) detail::time_went_back(t_s, t_[i]);
    return e_[i] + ec_[i] + p_[i] * (t_s - t_[i]);
  }
  double total_power_W() const { return total_p_.value(); }
  double total_energy_J(double t_s) const {
    if (!(t_s >= now_)) detail::time_went_back(t_s, now_);
    return total_e_.value() + total_p_.value() * (t_s - now_);
  }
  double now_s() const { return now_; }

 private:
  std::vector<double> t_, p_, e_, ec_;  // last update time, power, energy and its compensation per index
  double now_;
  CompensatedSum total_p_;
  CompensatedSum total_e_;
};

}  // namespace dcsim::power
