#include "models/workload/population.hpp"

#include <cmath>
#include <numbers>

#include "models/workload/random_variates.hpp"

namespace dcsim::workload {

double expected_population_exponential(const ArrivalParams& a, double mean_lifetime_s, double t) {
  const double w = 2.0 * std::numbers::pi / a.period_s;
  const double L = mean_lifetime_s;
  const double theta = w * (t - a.peak_time_s);
  return a.rate_per_s * L * (1.0 + a.amplitude * (std::cos(theta) + w * L * std::sin(theta)) / (1.0 + w * w * L * L));
}

std::uint64_t sample_poisson(Rng& rng, double mean) {
  RngUniform u{rng};
  return poisson_variate(mean, u);
}

}  // namespace dcsim::workload
