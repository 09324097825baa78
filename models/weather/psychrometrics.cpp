#include "models/weather/psychrometrics.hpp"

#include <algorithm>
#include <cmath>

namespace dcsim::weather {
namespace {

constexpr double kZeroC_K = 273.15;
constexpr double kMolarRatio = 0.621945;  // M_water / M_dry_air (ASHRAE 2017 ch.1 eq. 20)
constexpr double kMinT_C = -100.0;         // validity range of the Hyland-Wexler fits
constexpr double kMaxT_C = 200.0;

// ln(pws) with T in K; the two Hyland-Wexler fits (ASHRAE 2017 ch.1 eqs. 5 and 6).
double log_saturation_pressure(double t_C) {
  const double T = t_C + kZeroC_K;
  if (t_C < 0.0) {
    return -5.6745359e3 / T + 6.3925247 - 9.6778430e-3 * T + 6.2215701e-7 * T * T +
           2.0747825e-9 * T * T * T - 9.4840240e-13 * T * T * T * T + 4.1635019 * std::log(T);
  }
  return -5.8002206e3 / T + 1.3914993 - 4.8640239e-2 * T + 4.1764768e-5 * T * T -
         1.4452093e-8 * T * T * T + 6.5459673 * std::log(T);
}

// Root of an increasing function on [lo, hi] by the Illinois variant of regula falsi: superlinear on smooth
// functions, never leaves the bracket, at most 100 evaluations. Returns an end if the root is outside.
template <class F>
double solve_increasing(F f, double lo, double hi, double tol) {
  double flo = f(lo);
  if (flo >= 0.0) return lo;
  double fhi = f(hi);
  if (fhi <= 0.0) return hi;
  int side = 0;
  for (int i = 0; i < 100 && hi - lo > tol; ++i) {
    double x = (lo * fhi - hi * flo) / (fhi - flo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);  // rounding or NaN: fall back to bisection
    const double fx = f(x);
    if (fx == 0.0) return x;
    if (fx < 0.0) {
      lo = x;
      flo = fx;
      if (side == -1) fhi *= 0.5;  // same end moved twice: halve the stale one (Illinois)
      side = -1;
    } else {
      hi = x;
      fhi = fx;
      if (side == +1) flo *= 0.5;
      side = +1;
    }
  }
  return 0.5 * (lo + hi);
}

double wet_bulb_in_bracket(double t_C, double W, double p_Pa, double lower_C) {
  if (std::isnan(t_C) || std::isnan(W) || std::isnan(p_Pa) || std::isnan(lower_C)) return std::nan("");
  if (lower_C >= t_C) return t_C;  // saturated (or supersaturated) air: wet-bulb = dry-bulb
  const auto f = [&](double tw) { return humidity_ratio_from_wet_bulb(t_C, tw, p_Pa) - W; };
  return solve_increasing(f, lower_C, t_C, 1e-9);
}

}  // namespace

double saturation_vapor_pressure_Pa(double t_C) {
  return std::exp(log_saturation_pressure(std::clamp(t_C, kMinT_C, kMaxT_C)));
}

double humidity_ratio_from_vapor_pressure(double pw_Pa, double p_Pa) {
  pw_Pa = std::max(pw_Pa, 0.0);
  return kMolarRatio * pw_Pa / (p_Pa - pw_Pa);
}

double vapor_pressure_from_humidity_ratio(double W, double p_Pa) {
  W = std::max(W, 0.0);
  return p_Pa * W / (kMolarRatio + W);
}

double humidity_ratio_from_dew_point(double dew_point_C, double p_Pa) {
  return humidity_ratio_from_vapor_pressure(saturation_vapor_pressure_Pa(dew_point_C), p_Pa);
}

double humidity_ratio_from_wet_bulb(double t_C, double tw_C, double p_Pa) {
  const double ws = humidity_ratio_from_dew_point(tw_C, p_Pa);  // saturation at the wet-bulb
  if (tw_C >= 0.0) {
    return ((2501.0 - 2.326 * tw_C) * ws - 1.006 * (t_C - tw_C)) / (2501.0 + 1.86 * t_C - 4.186 * tw_C);
  }
  return ((2830.0 - 0.24 * tw_C) * ws - 1.006 * (t_C - tw_C)) / (2830.0 + 1.86 * t_C - 2.1 * tw_C);
}

double relative_humidity_from_dew_point(double t_C, double dew_point_C) {
  const double rh = saturation_vapor_pressure_Pa(dew_point_C) / saturation_vapor_pressure_Pa(t_C);
  return std::clamp(rh, 0.0, 1.0);
}

double dew_point_from_vapor_pressure_C(double pw_Pa) {
  if (std::isnan(pw_Pa)) return pw_Pa;
  if (!(pw_Pa > saturation_vapor_pressure_Pa(kMinT_C))) return kMinT_C;
  if (pw_Pa >= saturation_vapor_pressure_Pa(kMaxT_C)) return kMaxT_C;
  const double target = std::log(pw_Pa);
  const auto f = [&](double t) { return log_saturation_pressure(t) - target; };
  return solve_increasing(f, kMinT_C, kMaxT_C, 1e-9);
}

double dew_point_from_relative_humidity_C(double t_C, double rh) {
  if (std::isnan(rh) || std::isnan(t_C)) return std::nan("");
  rh = std::clamp(rh, 0.0, 1.0);
  if (rh >= 1.0) return t_C;
  return std::min(t_C, dew_point_from_vapor_pressure_C(rh * saturation_vapor_pressure_Pa(t_C)));
}

double wet_bulb_from_humidity_ratio_C(double t_C, double W, double p_Pa) {
  const double dew = dew_point_from_vapor_pressure_C(vapor_pressure_from_humidity_ratio(W, p_Pa));
  return wet_bulb_in_bracket(t_C, std::max(W, 0.0), p_Pa, std::min(dew, t_C));
}

double wet_bulb_from_dew_point_C(double t_C, double dew_point_C, double p_Pa) {
  dew_point_C = std::max(std::min(dew_point_C, t_C), kMinT_C);  // dew point above dry-bulb: saturated
  return wet_bulb_in_bracket(t_C, humidity_ratio_from_dew_point(dew_point_C, p_Pa), p_Pa, dew_point_C);
}

double wet_bulb_from_relative_humidity_C(double t_C, double rh, double p_Pa) {
  return wet_bulb_from_dew_point_C(t_C, dew_point_from_relative_humidity_C(t_C, rh), p_Pa);
}

double moist_air_enthalpy_kJkg(double t_C, double W) { return 1.006 * t_C + W * (2501.0 + 1.86 * t_C); }

double moist_air_specific_volume_m3kg(double t_C, double W, double p_Pa) {
  return 0.287042 * (t_C + kZeroC_K) * (1.0 + 1.607858 * W) / (p_Pa / 1000.0);
}

double moist_air_density_kgm3(double t_C, double W, double p_Pa) {
  return (1.0 + W) / moist_air_specific_volume_m3kg(t_C, W, p_Pa);
}

double standard_pressure_Pa(double elevation_m) {
  return 101325.0 * std::pow(1.0 - 2.25577e-5 * elevation_m, 5.2559);
}

}  // namespace dcsim::weather
