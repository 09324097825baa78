#include "models/workload/vm_type_mix.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::workload {

VmTypeMix::VmTypeMix(std::vector<VmType> types) : types_(std::move(types)) {
  if (types_.empty()) throw std::invalid_argument("VmTypeMix: no VM types");
  double total = 0.0;
  for (const VmType& t : types_) {
    if (!(std::isfinite(t.weight) && t.weight >= 0)) throw std::invalid_argument("VmTypeMix: weight of '" + t.name + "' must be >= 0");
    if (!(std::isfinite(t.cores) && t.cores > 0)) throw std::invalid_argument("VmTypeMix: cores of '" + t.name + "' must be > 0");
    if (!(std::isfinite(t.memory_B) && t.memory_B >= 0))
      throw std::invalid_argument("VmTypeMix: memory_B of '" + t.name + "' must be >= 0");
    total += t.weight;
  }
  if (!(total > 0)) throw std::invalid_argument("VmTypeMix: all weights are 0");
  cumulative_.reserve(types_.size());
  double acc = 0.0;
  for (const VmType& t : types_) {
    acc += t.weight;
    cumulative_.push_back(acc / total);
  }
  cumulative_.back() = 1.0;
}

std::size_t VmTypeMix::sample_index(Rng& rng) const {
  const double u = uniform01(rng);
  // First type whose cumulative share exceeds u; zero-weight types are never chosen.
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), types_.size() - 1);
}

double VmTypeMix::probability(std::size_t i) const {
  return i == 0 ? cumulative_[0] : cumulative_[i] - cumulative_[i - 1];
}

}  // namespace dcsim::workload
