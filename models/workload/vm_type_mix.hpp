// A weighted mix of VM types: P(type i) = weight_i / sum_j weight_j, sampled by binary search over the
// cumulative weights (O(log n), no allocation).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/rng.hpp"

namespace dcsim::workload {

struct VmType {
  std::string name;
  double cores = 1.0;
  double memory_B = 0.0;
  double weight = 1.0;  // relative frequency, >= 0
};

class VmTypeMix {
 public:
  // Throws std::invalid_argument: no types, a negative / non-finite weight, all weights 0, cores <= 0,
  // memory < 0.
  explicit VmTypeMix(std::vector<VmType> types);
  std::size_t sample_index(Rng& rng) const;
  const VmType& sample(Rng& rng) const { return types_[sample_index(rng)]; }
  double probability(std::size_t i) const;
  const std::vector<VmType>& types() const { return types_; }

 private:
  std::vector<VmType> types_;
  std::vector<double> cumulative_;  // normalised, last = 1
};

}  // namespace dcsim::workload
