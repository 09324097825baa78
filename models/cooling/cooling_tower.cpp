#include "models/cooling/cooling_tower.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::cooling {

namespace {

// Bisection for a root of f on [lo, hi]; f(lo) and f(hi) must have opposite signs (callers check). 60 halvings
// take any bracket below 1e-15 of its width: bounded work, never hangs.
template <class F>
double bisect(F f, double lo, double hi) {
  double flo = f(lo);
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double fm = f(mid);
    if ((fm < 0.0) == (flo < 0.0)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double YorkCalc::approach_K(double twb_C, double range_K, double lg) const {
  const double t = std::clamp(twb_C, twb_min_C, twb_max_C);
  const double r = std::clamp(range_K, range_min_K, range_max_K);
  const double l = std::clamp(lg, 0.0, lg_max);
  const double tp[3] = {1.0, t, t * t};
  const double rp[3] = {1.0, r, r * r};
  const double lp[3] = {1.0, l, l * l};
  double a = 0.0;
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 3; ++i) a += c[9 * k + 3 * j + i] * tp[i] * rp[j] * lp[k];
  return a;
}

YorkCalc yorkcalc_default() {
  YorkCalc y;
  y.c = {-0.359741205,     -0.055053608,    0.0023850432,     0.173926877,      -0.0248473764,
         0.00048430224,    -0.005589849456, 0.0005770079712,  -1.342427256e-05, 2.84765801111111,
         -0.121765149,     0.0014599242,    1.680428651,      -0.0166920786,    -0.0007190532,
         -0.025485194448,  4.87491696e-05,  2.719234152e-05,  -0.0653766255555556, -0.002278167,
         0.0002500254,     -0.0910565458,   0.00318176316,    3.8621772e-05,    -0.0034285382352,
         8.56589904e-06,   -1.516821552e-06};
  return y;
}

TowerWaterUse tower_water_use(const CoolingTowerParams& p, double heat_W, double water_flow_m3_s,
                              double airflow_ratio) {
  TowerWaterUse w;
  if (!(heat_W > 0.0) || !(water_flow_m3_s > 0.0)) return w;
  w.evaporation_m3_s = p.evaporated_heat_fraction * heat_W / (p.latent_heat_J_kg * kWaterDensity_kg_m3);
  w.drift_m3_s = p.drift_fraction * water_flow_m3_s * std::clamp(airflow_ratio, 0.0, 1.0);
  w.blowdown_m3_s = std::max(0.0, w.evaporation_m3_s / (p.cycles_of_concentration - 1.0) - w.drift_m3_s);
  w.makeup_m3_s = w.evaporation_m3_s + w.drift_m3_s + w.blowdown_m3_s;
  return w;
}

CoolingTower::CoolingTower(const CoolingTowerParams& params) : p_(params) {
  if (!(p_.design_water_flow_m3_s > 0.0) || !(p_.design_fan_power_W >= 0.0))
    throw std::invalid_argument("CoolingTower: design water flow must be > 0 and fan power >= 0");
  if (!(p_.min_airflow_ratio > 0.0 && p_.min_airflow_ratio <= 1.0))
    throw std::invalid_argument("CoolingTower: min airflow ratio must be in (0, 1]");
  if (!(p_.free_convection_fraction >= 0.0 && p_.free_convection_fraction < 1.0))
    throw std::invalid_argument("CoolingTower: free convection fraction must be in [0, 1)");
  if (!(p_.cycles_of_concentration > 1.0))
    throw std::invalid_argument("CoolingTower: cycles of concentration must be > 1");
  if (!(p_.drift_fraction >= 0.0) || !(p_.latent_heat_J_kg > 0.0) || !(p_.evaporated_heat_fraction >= 0.0))
    throw std::invalid_argument("CoolingTower: drift, latent heat and evaporated fraction must be >= 0 (> 0)");
  // Calibration (EnergyPlus "CalibratedWaterFlowRate"): the water flow ratio at full airflow
  // giving the design approach; approach rises with LG, so bisection on [wfr_min, wfr_max].
  const YorkCalc& y = p_.correlation;
  auto f = [&](double wfr) { return y.approach_K(p_.design_twb_C, p_.design_range_K, wfr) - p_.design_approach_K; };
  const double lo = y.water_flow_ratio_min, hi = y.water_flow_ratio_max;
  if (!(f(lo) <= 0.0 && f(hi) >= 0.0))
    throw std::invalid_argument("CoolingTower: design approach not reachable by the correlation");
  const double wfr_design = bisect(f, lo, hi);
  calibrated_flow_m3_s_ = p_.design_water_flow_m3_s / wfr_design;
}

double CoolingTower::water_flow_ratio(double water_flow_m3_s) const {
  return std::clamp(water_flow_m3_s / calibrated_flow_m3_s_, p_.correlation.water_flow_ratio_min,
                    p_.correlation.water_flow_ratio_max);
}

double CoolingTower::outlet_fixed_inlet_C(double inlet_C, double wfr, double airflow_ratio, double twb_C) const {
  // Solve T_out = Twb + approach(Twb, T_in - T_out, LG) for the range R = T_in - T_out in [0, T_in - Twb].
  const double span = inlet_C - twb_C;
  if (!(span > 0.0)) return inlet_C;  // water no warmer than the wet-bulb: no evaporative cooling
  const double lg = wfr / airflow_ratio;
  auto h = [&](double R) { return span - R - p_.correlation.approach_K(twb_C, R, lg); };
  if (h(0.0) <= 0.0) return inlet_C;
  if (h(span) >= 0.0) return twb_C;
  return inlet_C - bisect(h, 0.0, span);
}

double CoolingTower::leaving_water_C(double heat_W, double water_flow_m3_s, double twb_C,
                                     double airflow_ratio) const {
  const double range = std::max(0.0, heat_W) / (kWaterRhoCp_J_m3K * water_flow_m3_s);
  const double afr = std::clamp(airflow_ratio, 1e-6, 1.0);
  return twb_C + p_.correlation.approach_K(twb_C, range, water_flow_ratio(water_flow_m3_s) / afr);
}

TowerResult CoolingTower::operate(double heat_W, double water_flow_m3_s, double twb_C, double setpoint_C) const {
  TowerResult r;
  r.leaving_water_C = r.entering_water_C = setpoint_C;
  if (!(heat_W > 0.0) || !(water_flow_m3_s > 0.0)) return r;  // Off

  const YorkCalc& y = p_.correlation;
  const double wfr = water_flow_ratio(water_flow_m3_s);
  const double range = heat_W / (kWaterRhoCp_J_m3K * water_flow_m3_s);
  r.heat_rejected_W = heat_W;
  r.range_K = range;

  const double leaving_full = twb_C + y.approach_K(twb_C, range, wfr);
  if (leaving_full > setpoint_C) {
    r.regime = TowerRegime::FullFanUnmet;
    r.setpoint_met = false;
    r.airflow_ratio = r.fan_cycling_ratio = 1.0;
    r.fan_power_W = p_.design_fan_power_W * std::max(0.0, p_.fan_power_ratio(1.0));
    r.leaving_water_C = leaving_full;
    r.entering_water_C = leaving_full + range;
  } else {
    const double t_in = setpoint_C + range;
    r.leaving_water_C = setpoint_C;
    r.entering_water_C = t_in;
    const double t_on = outlet_fixed_inlet_C(t_in, wfr, 1.0, twb_C);
    const double fc = p_.free_convection_fraction;
    const double t_off = t_in - fc * (t_in - t_on);
    if (t_off <= setpoint_C) {
      r.regime = TowerRegime::FreeConvection;
      r.airflow_ratio = fc;
    } else {
      const double amin = p_.min_airflow_ratio;
      const double t_min = outlet_fixed_inlet_C(t_in, wfr, amin, twb_C);
      if (t_min < setpoint_C) {
        const double cyc = std::clamp((t_off - setpoint_C) / (t_off - t_min), 0.0, 1.0);
        r.regime = TowerRegime::FanCycling;
        r.fan_cycling_ratio = cyc;
        r.airflow_ratio = cyc * amin + (1.0 - cyc) * fc;
        r.fan_power_W = p_.design_fan_power_W * std::max(0.0, p_.fan_power_ratio(amin)) * cyc;
      } else {
        // g decreases with LG, i.e. increases with airflow: g(1) >= 0 here.
        auto g = [&](double afr) { return setpoint_C - twb_C - y.approach_K(twb_C, range, wfr / afr); };
        const double afr = g(amin) >= 0.0 ? amin : bisect(g, amin, 1.0);
        r.regime = TowerRegime::VariableSpeed;
        r.fan_cycling_ratio = 1.0;
        r.airflow_ratio = afr;
        r.fan_power_W = p_.design_fan_power_W * std::max(0.0, p_.fan_power_ratio(afr));
      }
    }
  }
  r.water = tower_water_use(p_, heat_W, water_flow_m3_s, r.airflow_ratio);
  return r;
}

}  // namespace dcsim::cooling
