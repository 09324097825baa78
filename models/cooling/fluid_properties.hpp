// Constant fluid properties used by the cooling models. Constant (not temperature-dependent) on purpose: over
// 5-45 C water density varies by < 1% and cp by < 0.3%, well inside the uncertainty of the plant curves.
// Values: water at about 20 C and air at sea level and about 25 C (ASHRAE Handbook Fundamentals tables).
#pragma once

namespace dcsim::cooling {

inline constexpr double kWaterDensity_kg_m3 = 998.0;
inline constexpr double kWaterCp_J_kgK = 4186.0;
inline constexpr double kWaterLatentHeat_J_kg = 2.43e6;  // vaporisation near 30 C (2.45e6 at 20 C)
inline constexpr double kAirDensity_kg_m3 = 1.19;
inline constexpr double kAirCp_J_kgK = 1006.0;

// Volumetric heat capacity rate of a water flow: W/K per m3/s.
inline constexpr double kWaterRhoCp_J_m3K = kWaterDensity_kg_m3 * kWaterCp_J_kgK;
inline constexpr double kAirRhoCp_J_m3K = kAirDensity_kg_m3 * kAirCp_J_kgK;

}  // namespace dcsim::cooling
