// Moist-air psychrometrics, SI units (temperatures C, pressures Pa, humidity ratio kg water / kg dry air).
// Source: ASHRAE Handbook - Fundamentals (2017), chapter 1 "Psychrometrics":
//   saturation pressure  ln pws = C1/T + C2 + C3 T + C4 T^2 + C5 T^3 + C6 T^4 + C7 ln T   (ice, t < 0 C)
//                        ln pws = C8/T + C9 + C10 T + C11 T^2 + C12 T^3 + C13 ln T       (water, t >= 0 C)
//                        (Hyland & Wexler 1983; T in K)                                      eqs. 5, 6
//   humidity ratio       W = 0.621945 pw / (p - pw)                                          eq. 20
//   wet-bulb             W = ((2501 - 2.326 t*) Ws* - 1.006 (t - t*)) / (2501 + 1.86 t - 4.186 t*)   eq. 33
//                        (below freezing: 2830 - 0.24 t*, ..., 2830 + 1.86 t - 2.1 t*)          eq. 35
//   enthalpy             h = 1.006 t + W (2501 + 1.86 t)  kJ/kg dry air                       eq. 32
//   specific volume      v = 0.287042 (t + 273.15)(1 + 1.607858 W) / p[kPa]  m3/kg dry air     eq. 26
//   standard atmosphere  p = 101.325 (1 - 2.25577e-5 Z)^5.2559 kPa                          eq. 3
// Inverse problems (dew point, wet-bulb) are solved by a bracketed Illinois (regula falsi) iteration with a
// hard iteration cap, so they never hang and stay accurate to ~1e-9 K. NaN inputs give NaN results.
#pragma once

namespace dcsim::weather {

inline constexpr double kStandardPressure_Pa = 101325.0;

// Saturation vapour pressure over liquid water (t >= 0 C) or ice (t < 0 C). Valid -100..200 C.
double saturation_vapor_pressure_Pa(double t_C);

// Humidity ratio of air with vapour partial pressure pw at total pressure p.
double humidity_ratio_from_vapor_pressure(double vapor_pressure_Pa, double pressure_Pa);
// Inverse of the above.
double vapor_pressure_from_humidity_ratio(double humidity_ratio, double pressure_Pa);
// W from the dew point (pw = pws(dew point)).
double humidity_ratio_from_dew_point(double dew_point_C, double pressure_Pa);
// W of air at dry-bulb t and thermodynamic wet-bulb t_wb (eqs. 33/35).
double humidity_ratio_from_wet_bulb(double dry_bulb_C, double wet_bulb_C, double pressure_Pa);

// Relative humidity (0..1) = pw / pws(t); pw = pws(dew point). Clamped to [0, 1].
double relative_humidity_from_dew_point(double dry_bulb_C, double dew_point_C);
// Dew point for a vapour pressure (inverse of pws). Very dry air is floored at -100 C.
double dew_point_from_vapor_pressure_C(double vapor_pressure_Pa);
// Dew point from dry-bulb and relative humidity (0..1, clamped).
double dew_point_from_relative_humidity_C(double dry_bulb_C, double rh);

// Thermodynamic wet-bulb from dry-bulb and humidity ratio (iterative, bounded by dew point and dry-bulb).
double wet_bulb_from_humidity_ratio_C(double dry_bulb_C, double humidity_ratio, double pressure_Pa);
double wet_bulb_from_dew_point_C(double dry_bulb_C, double dew_point_C, double pressure_Pa);
double wet_bulb_from_relative_humidity_C(double dry_bulb_C, double rh, double pressure_Pa);

// Moist-air enthalpy per kg of dry air, kJ/kg (0 at 0 C dry air).
double moist_air_enthalpy_kJkg(double dry_bulb_C, double humidity_ratio);
// Specific volume, m3 per kg of dry air.
double moist_air_specific_volume_m3kg(double dry_bulb_C, double humidity_ratio, double pressure_Pa);
// Density of the moist air mixture, kg/m3 = (1 + W) / v.
double moist_air_density_kgm3(double dry_bulb_C, double humidity_ratio, double pressure_Pa);

// ICAO/ASHRAE standard-atmosphere pressure at an elevation (m above sea level).
double standard_pressure_Pa(double elevation_m);

}  // namespace dcsim::weather
