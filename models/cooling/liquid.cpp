#include "models/cooling/liquid.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/cooling/fluid_properties.hpp"

namespace dcsim::cooling {

double cold_plate_capture_W(const ColdPlateParams& p, double server_power_W, double fluid_in_C) {
  if (!(server_power_W > 0.0)) return 0.0;
  const double q_max = std::max(0.0, (p.chip_max_C - fluid_in_C) / p.thermal_resistance_K_per_W);
  return std::min(p.capture_fraction * server_power_W, q_max);
}

double cold_plate_capture_W(const ColdPlateParams& p, std::span<const double> server_power_W, double fluid_in_C,
                            std::span<double> liquid_W) {
  const bool write = liquid_W.size() == server_power_W.size();
  double total = 0.0;
  for (std::size_t i = 0; i < server_power_W.size(); ++i) {
    const double q = cold_plate_capture_W(p, server_power_W[i], fluid_in_C);
    if (write) liquid_W[i] = q;
    total += q;
  }
  return total;
}

namespace {

const LiquidCoolingParams& checked(const LiquidCoolingParams& p) {
  const auto& c = p.cold_plate;
  if (!(p.design_liquid_heat_W > 0.0) || !(p.loop_delta_T_K > 0.0) || !(p.cdu_approach_K >= 0.0))
    throw std::invalid_argument("LiquidCooling: design heat and loop temperature rise must be > 0");
  if (!(c.capture_fraction >= 0.0 && c.capture_fraction <= 1.0) || !(c.thermal_resistance_K_per_W > 0.0))
    throw std::invalid_argument("LiquidCooling: capture fraction must be in [0, 1] and thermal resistance > 0");
  const auto& d = p.dry_cooler;
  if (!(d.design_approach_K > 0.0) || !(d.fan_W_per_W >= 0.0) || !(d.ua_airflow_exponent > 0.0) ||
      !(d.min_airflow_ratio >= 0.0 && d.min_airflow_ratio <= 1.0) || !(d.design_heat_W >= 0.0))
    throw std::invalid_argument("LiquidCooling: bad dry cooler parameters");
  return p;
}

Pump make_pump(const LiquidCoolingParams& p, double head_Pa) {
  PumpParams pp;
  pp.design_flow_m3_s = water_flow_for_heat_m3_s(p.design_liquid_heat_W, p.loop_delta_T_K);
  pp.design_head_Pa = head_Pa;
  pp.motor_efficiency = p.pump_motor_efficiency;
  pp.variable_speed = true;
  return Pump(pp);
}

std::optional<CoolingTower> make_tower(const LiquidCoolingParams& p) {
  if (p.rejection != LiquidRejection::CoolingTower) return std::nullopt;
  CoolingTowerParams t;
  t.design_water_flow_m3_s = water_flow_for_heat_m3_s(p.design_liquid_heat_W, p.loop_delta_T_K);
  t.design_fan_power_W = p.tower_fan_W_per_W * p.design_liquid_heat_W;
  t.design_range_K = std::min(p.loop_delta_T_K, 22.0);
  return CoolingTower(t);
}

}  // namespace

LiquidCooling::LiquidCooling(const LiquidCoolingParams& params)
    : p_(checked(params)),
      cdu_pump_(make_pump(p_, p_.cdu_pump_head_Pa)),
      facility_pump_(make_pump(p_, p_.facility_pump_head_Pa)),
      tower_(make_tower(p_)),
      dry_design_heat_W_(p_.dry_cooler.design_heat_W > 0.0 ? p_.dry_cooler.design_heat_W
                                                            : p_.design_liquid_heat_W) {}

LiquidSplit LiquidCooling::split(double it_power_W, double server_fan_W, double server_count) const {
  LiquidSplit s;
  const double it = std::max(0.0, it_power_W);
  if (p_.immersion) {
    s.fan_removed_W = std::clamp(server_fan_W, 0.0, it);
    s.it_power_W = it - s.fan_removed_W;
    s.liquid_W = s.it_power_W;
    return s;
  }
  s.it_power_W = it;
  if (server_count > 0.0)
    s.liquid_W = server_count * cold_plate_capture_W(p_.cold_plate, it / server_count, p_.fluid_supply_C);
  s.air_W = it - s.liquid_W;
  return s;
}

LiquidSplit LiquidCooling::split(std::span<const double> server_power_W, double server_fan_W) const {
  LiquidSplit s;
  double it = 0.0;
  for (double w : server_power_W) it += std::max(0.0, w);
  if (p_.immersion) return split(it, server_fan_W, static_cast<double>(server_power_W.size()));
  s.it_power_W = it;
  s.liquid_W = cold_plate_capture_W(p_.cold_plate, server_power_W, p_.fluid_supply_C);
  s.air_W = it - s.liquid_W;
  return s;
}

LiquidCoolingResult LiquidCooling::reject(const LiquidSplit& split, double dry_bulb_C, double wet_bulb_C) const {
  LiquidCoolingResult r;
  r.split = split;
  r.facility_supply_C = p_.fluid_supply_C - p_.cdu_approach_K;
  if (!(split.liquid_W > 0.0)) return r;

  const double flow = water_flow_for_heat_m3_s(split.liquid_W, p_.loop_delta_T_K);
  r.cdu_pump_W = cdu_pump_.power_W(flow);
  const double q_fac = split.liquid_W + cdu_pump_.heat_to_fluid_W(r.cdu_pump_W);
  const double fac_flow = water_flow_for_heat_m3_s(q_fac, p_.loop_delta_T_K);
  r.facility_pump_W = facility_pump_.power_W(fac_flow);
  const double q = q_fac + facility_pump_.heat_to_fluid_W(r.facility_pump_W);
  const double sp = r.facility_supply_C;

  if (p_.rejection == LiquidRejection::DryCooler) {
    const DryCoolerParams& d = p_.dry_cooler;
    const double fan_design_W = d.fan_W_per_W * dry_design_heat_W_;
    const double headroom = sp - dry_bulb_C;
    if (!(headroom > 0.0)) {
      r.trim_W = q;  // outdoor air warmer than the setpoint: the dry cooler cannot help
    } else {
      const double approach_full = d.design_approach_K * q / dry_design_heat_W_;
      const double a = std::pow(approach_full / headroom, 1.0 / d.ua_airflow_exponent);
      if (a <= 1.0) {
        const double ar = std::max(a, d.min_airflow_ratio);
        r.dry_cooler_fan_W = fan_design_W * ar * ar * ar;
        r.rejected_W = q;
      } else {
        r.dry_cooler_fan_W = fan_design_W;
        r.rejected_W = dry_design_heat_W_ * headroom / d.design_approach_K;
        r.trim_W = q - r.rejected_W;
      }
    }
  } else {
    const TowerResult t = tower_->operate(q, fac_flow, wet_bulb_C, sp);
    r.tower_fan_W = t.fan_power_W;
    r.water_m3_s = t.water.makeup_m3_s;
    r.trim_W = t.setpoint_met ? 0.0 : std::min(q, kWaterRhoCp_J_m3K * fac_flow * (t.leaving_water_C - sp));
    r.rejected_W = q - r.trim_W;
  }
  r.total_W = r.cdu_pump_W + r.facility_pump_W + r.dry_cooler_fan_W + r.tower_fan_W;
  return r;
}

}  // namespace dcsim::cooling
