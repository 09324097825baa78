#include "models/workload/arrival_process.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace dcsim::workload {

namespace {
double omega(const ArrivalParams& p) { return 2.0 * std::numbers::pi / p.period_s; }
}  // namespace

double arrival_rate(const ArrivalParams& p, double t) {
  return p.rate_per_s * (1.0 + p.amplitude * std::cos(omega(p) * (t - p.peak_time_s)));
}

double expected_arrivals(const ArrivalParams& p, double t0, double t1) {
  const double w = omega(p);
  return p.rate_per_s * (t1 - t0) +
         p.rate_per_s * p.amplitude / w * (std::sin(w * (t1 - p.peak_time_s)) - std::sin(w * (t0 - p.peak_time_s)));
}

ArrivalProcess::ArrivalProcess(const ArrivalParams& params, std::uint64_t seed, double start_s,
                               std::uint64_t stream_index)
    : p_(params), rng_(make_rng(seed, "workload.arrivals", stream_index)), t_(start_s) {
  if (!(std::isfinite(p_.rate_per_s) && p_.rate_per_s >= 0))
    throw std::invalid_argument("ArrivalProcess: rate_per_s must be finite and >= 0");
  if (!(p_.amplitude >= 0 && p_.amplitude <= 1)) throw std::invalid_argument("ArrivalProcess: amplitude must be in 0..1");
  if (!(std::isfinite(p_.period_s) && p_.period_s > 0)) throw std::invalid_argument("ArrivalProcess: period_s must be > 0");
  if (!std::isfinite(p_.peak_time_s) || !std::isfinite(start_s))
    throw std::invalid_argument("ArrivalProcess: peak_time_s and start_s must be finite");
  lambda_max_ = p_.rate_per_s * (1.0 + p_.amplitude);
}

double ArrivalProcess::next() {
  if (!(lambda_max_ > 0)) return t_ = std::numeric_limits<double>::infinity();
  for (;;) {
    t_ += -std::log(1.0 - uniform01(rng_)) / lambda_max_;
    if (uniform01(rng_) * lambda_max_ < arrival_rate(p_, t_)) return t_;
  }
}

}  // namespace dcsim::workload
