#include "models/thermal/ashrae_classes.hpp"

#include <stdexcept>

namespace dcsim::thermal {

Envelope envelope(AshraeClass c) {
  // Order None, A1, A2, A3, A4, B, C (EnergyPlus arrays), RH converted from percent.
  static constexpr Envelope kTable[] = {
      {-99.0, 99.0, -99.0, 99.0, 0.00, 0.99},  // None
      {15.0, 32.0, -99.0, 17.0, 0.20, 0.80},   // A1
      {10.0, 35.0, -99.0, 21.0, 0.20, 0.80},   // A2
      {5.0, 40.0, -12.0, 24.0, 0.08, 0.85},    // A3
      {5.0, 45.0, -12.0, 24.0, 0.08, 0.90},    // A4
      {5.0, 35.0, -99.0, 28.0, 0.08, 0.80},    // B
      {5.0, 40.0, -99.0, 28.0, 0.08, 0.80},    // C
  };
  if (c == AshraeClass::Recommended) return {18.0, 27.0, 5.5, 15.0, 0.0, 0.60};
  return kTable[static_cast<int>(c)];
}

bool within(AshraeClass c, double dry_bulb_C, double dew_point_C, double rh) {
  const Envelope e = envelope(c);
  return dry_bulb_C >= e.dry_bulb_min_C && dry_bulb_C <= e.dry_bulb_max_C && dew_point_C >= e.dew_point_min_C &&
         dew_point_C <= e.dew_point_max_C && rh >= e.rh_min && rh <= e.rh_max;
}

double hours_outside(AshraeClass c, std::span<const double> dry_bulb_C, std::span<const double> dew_point_C,
                     std::span<const double> rh, double step_h) {
  if (dry_bulb_C.size() != dew_point_C.size() || dry_bulb_C.size() != rh.size())
    throw std::invalid_argument("hours_outside: series of different lengths");
  std::size_t outside = 0;
  for (std::size_t i = 0; i < dry_bulb_C.size(); ++i)
    if (!within(c, dry_bulb_C[i], dew_point_C[i], rh[i])) ++outside;
  return static_cast<double>(outside) * step_h;
}

}  // namespace dcsim::thermal
