#include "models/cooling/cop_models.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::cooling {

ConstantCop::ConstantCop(double cop) : cop_(cop) {
  if (!(cop > 0.0) || !std::isfinite(cop)) throw std::invalid_argument("ConstantCop: COP must be > 0");
}

double ConstantCop::cooling_power_W(double heat_W, const ConditionsIn&) const {
  return std::max(heat_W, 0.0) / cop_;
}

MooreCracCop::MooreCracCop(double c0, double c1, double c2) : c0_(c0), c1_(c1), c2_(c2) {
  // A positive-definite quadratic (c2 > 0, negative discriminant) keeps COP > 0 for every temperature, so
  // cooling power can never be infinite or negative.
  if (!(c2 > 0.0 && c1 * c1 - 4.0 * c2 * c0 < 0.0)) {
    throw std::invalid_argument("MooreCracCop: COP(T) must be positive for all T (c2 > 0, c1^2 < 4 c2 c0)");
  }
}

double MooreCracCop::cooling_power_W(double heat_W, const ConditionsIn& conditions) const {
  return std::max(heat_W, 0.0) / cop(conditions.supply_air_C);
}

}  // namespace dcsim::cooling
