// ASHRAE TC9.9 environmental classes for IT equipment inlet air (Thermal Guidelines for Data Processing
// Environments, 2011), allowable envelopes as EnergyPlus encodes them (InternalHeatGains.cc before PR #9537;
// json "ashrae_tc99_classes_2011_energyplus"):
//   class  dry-bulb C   dew point C    RH %
//   A1     15-32        <= 17          20-80
//   A2     10-35        <= 21          20-80
//   A3      5-40        -12 to 24       8-85
//   A4      5-45        -12 to 24       8-90
//   B       5-35        <= 28           8-80
//   C       5-40        <= 28           8-80
//   Recommended (A1-A4): 18-27 C dry-bulb (json); humidity 5.5-15 C dew point and <= 60% RH from the ASHRAE 2011
//   recommended envelope (not in the json).
// Bounds are inclusive. RH is a fraction 0..1 here (the json's percent / 100).
#pragma once
#include <span>

namespace dcsim::thermal {

enum class AshraeClass { None, A1, A2, A3, A4, B, C, Recommended };

struct Envelope {
  double dry_bulb_min_C, dry_bulb_max_C;
  double dew_point_min_C, dew_point_max_C;
  double rh_min, rh_max;  // fractions
};

Envelope envelope(AshraeClass c);
bool within(AshraeClass c, double dry_bulb_C, double dew_point_C, double rh);

// Hours outside the class over equally long steps (step_h each); spans must have equal sizes (else
// std::invalid_argument).
double hours_outside(AshraeClass c, std::span<const double> dry_bulb_C, std::span<const double> dew_point_C,
                     std::span<const double> rh, double step_h);

}  // namespace dcsim::thermal
