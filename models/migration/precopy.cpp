#include "models/migration/precopy.hpp"

#include <cmath>
#include <stdexcept>

namespace dcsim::migration {

PreCopyResult precopy(const PreCopyParams& p) {
  if (!(p.memory_B >= 0) || !(p.goodput_Bps > 0) || !(p.dirty_rate_Bps >= 0) || p.max_rounds < 0)
    throw std::invalid_argument("precopy: need memory >= 0, goodput > 0, dirty rate >= 0, max_rounds >= 0");
  const double threshold = stop_threshold_B(p);
  PreCopyResult r;
  // Round by round (the closed form's geometric series, without its l == 1 singularity).
  double to_send = p.memory_B;
  while (to_send > threshold && r.rounds < p.max_rounds) {
    const double t = to_send / p.goodput_Bps;
    r.total_s += t;
    r.bytes_sent += to_send;
    to_send = p.dirty_rate_Bps * t;  // dirtied while that round was sent
    ++r.rounds;
  }
  r.converged = to_send <= threshold || p.dirty_rate_Bps == 0;
  const double stop_copy = to_send / p.goodput_Bps;
  r.total_s += stop_copy;
  r.bytes_sent += to_send;
  r.downtime_s = stop_copy + p.resume_s;
  return r;
}

}  // namespace dcsim::migration
