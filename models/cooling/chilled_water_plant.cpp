#include "models/cooling/chilled_water_plant.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/cooling/fluid_properties.hpp"

namespace dcsim::cooling {

ChillerResult operate(const Chiller& chiller, double load_W, double chw_leaving_C, double cond_entering_C) {
  return std::visit([&](const auto& c) { return c.operate(load_W, chw_leaving_C, cond_entering_C); }, chiller);
}

namespace {

double chiller_ref_cop(const Chiller& chiller) {
  if (const auto* e = std::get_if<ChillerEir>(&chiller)) return e->params().ref_cop;
  return std::get<ChillerElectric>(chiller).params().nominal_cop;
}

struct Sizing {
  double crah_flow_m3_s, crah_W, chw_flow_m3_s, chw_load_W;
};

Sizing size_air_and_chw(const ChilledWaterPlantParams& p) {
  if (!(p.design_heat_W > 0.0) || !(p.chw_delta_T_K > 0.0) || !(p.cond_delta_T_K > 0.0) ||
      !(p.crah_air_delta_T_K > 0.0) || !(p.crah_fan_pressure_Pa >= 0.0) || !(p.crah_fan_total_efficiency > 0.0) ||
      !(p.chiller_sizing_factor > 0.0) || !(p.tower_fan_W_per_W >= 0.0) || !(p.hx_approach_K >= 0.0))
    throw std::invalid_argument("ChilledWaterPlant: design heat, temperature differences, efficiencies and "
                                "sizing factors must be positive");
  Sizing s;
  s.crah_flow_m3_s = p.design_heat_W / (kAirRhoCp_J_m3K * p.crah_air_delta_T_K);
  s.crah_W = s.crah_flow_m3_s * p.crah_fan_pressure_Pa / p.crah_fan_total_efficiency;
  const double q = p.design_heat_W + s.crah_W;
  s.chw_flow_m3_s = water_flow_for_heat_m3_s(q, p.chw_delta_T_K);
  const double pump_W = pump_power_W(s.chw_flow_m3_s, p.chw_pump_head_Pa,
                                     p.chw_pump_motor_efficiency * kImpellerEfficiency);
  s.chw_load_W = q + pump_W * p.chw_pump_motor_efficiency;
  return s;
}

Chiller make_chiller(const ChilledWaterPlantParams& p) {
  const double cap = p.chiller_capacity_W > 0.0 ? p.chiller_capacity_W
                                                 : size_air_and_chw(p).chw_load_W * p.chiller_sizing_factor;
  if (p.chiller_kind == ChillerKind::EnergyPlus2ZoneElectric)
    return ChillerElectric(energyplus_2zone_chiller(cap));
  return ChillerEir(doe2_centrifugal_5_50(cap));
}

double design_rejection_W(const ChilledWaterPlantParams& p, const Chiller& chiller) {
  return size_air_and_chw(p).chw_load_W * (1.0 + 1.0 / chiller_ref_cop(chiller));
}

CoolingTower make_tower(const ChilledWaterPlantParams& p, const Chiller& chiller) {
  const double q = design_rejection_W(p, chiller);
  CoolingTowerParams t;
  t.design_water_flow_m3_s = water_flow_for_heat_m3_s(q, p.cond_delta_T_K);
  t.design_fan_power_W = p.tower_fan_W_per_W * q;
  t.design_range_K = p.cond_delta_T_K;
  return CoolingTower(t);
}

Pump make_chw_pump(const ChilledWaterPlantParams& p) {
  PumpParams pp;
  pp.design_flow_m3_s = size_air_and_chw(p).chw_flow_m3_s;
  pp.design_head_Pa = p.chw_pump_head_Pa;
  pp.motor_efficiency = p.chw_pump_motor_efficiency;
  pp.variable_speed = true;
  return Pump(pp);
}

Pump make_cond_pump(const ChilledWaterPlantParams& p, const Chiller& chiller) {
  PumpParams pp;
  pp.design_flow_m3_s = water_flow_for_heat_m3_s(design_rejection_W(p, chiller), p.cond_delta_T_K);
  pp.design_head_Pa = p.cond_pump_head_Pa;
  pp.motor_efficiency = p.cond_pump_motor_efficiency;
  pp.variable_speed = false;
  return Pump(pp);
}

}  // namespace

ChilledWaterPlant::ChilledWaterPlant(const ChilledWaterPlantParams& params)
    : ChilledWaterPlant(params, make_chiller(params)) {}

ChilledWaterPlant::ChilledWaterPlant(const ChilledWaterPlantParams& params, Chiller chiller)
    : p_(params),
      chiller_(std::move(chiller)),
      tower_(make_tower(p_, chiller_)),
      chw_pump_(make_chw_pump(p_)),
      cond_pump_(make_cond_pump(p_, chiller_)) {
  const Sizing s = size_air_and_chw(p_);
  crah_design_flow_m3_s_ = s.crah_flow_m3_s;
  crah_design_W_ = s.crah_W;
  cond_flow_m3_s_ = cond_pump_.params().design_flow_m3_s;
}

PlantBreakdown ChilledWaterPlant::evaluate(double heat_W, double wet_bulb_C, double duration_s) const {
  PlantBreakdown b;
  if (!(heat_W > 0.0)) return b;

  // Air side: CRAH fans move the IT heat at a fixed air temperature rise; fan laws.
  const double x = std::max(heat_W / (kAirRhoCp_J_m3K * p_.crah_air_delta_T_K) / crah_design_flow_m3_s_,
                            p_.crah_min_flow_fraction);
  b.crah_fan_W = crah_design_W_ * x * x * x;

  // Chilled-water loop: flow follows the load at a fixed temperature difference.
  const double q_air = heat_W + b.crah_fan_W;
  b.chw_pump_W = chw_pump_.power_W(water_flow_for_heat_m3_s(q_air, p_.chw_delta_T_K));
  const double q_chw = q_air + chw_pump_.heat_to_fluid_W(b.chw_pump_W);
  const double t_sup = p_.chw_supply_C;
  const double t_ret = t_sup + p_.chw_delta_T_K;
  b.chw_load_W = q_chw;
  b.chw_return_C = t_ret;

  // Condenser loop: constant flow whenever the plant runs.
  const double v_cw = cond_flow_m3_s_;
  const double rc = kWaterRhoCp_J_m3K * v_cw;
  b.cond_pump_W = cond_pump_.power_W(v_cw);
  const double q_cpump = cond_pump_.heat_to_fluid_W(b.cond_pump_W);

  auto free_fraction = [&](double tower_water_C) {
    return std::clamp((t_ret - (tower_water_C + p_.hx_approach_K)) / (t_ret - t_sup), 0.0, 1.0);
  };

  double f = 0.0;
  double t_tw = 0.0;
  ChillerResult ch;
  TowerResult tw;
  if (p_.economizer) {
    t_tw = tower_.leaving_water_C(q_chw + q_cpump, v_cw, wet_bulb_C, 1.0);
    f = free_fraction(t_tw);
    // Partial: the tower's range grows with the chiller's condenser heat; a few passes settle f.
    for (int pass = 0; pass < 6 && f > 0.0 && f < 1.0; ++pass) {
      const double q_free = f * q_chw;
      ch = operate(chiller_, q_chw - q_free, t_sup, t_tw + q_free / rc);
      t_tw = tower_.leaving_water_C(q_free + ch.condenser_W + q_cpump, v_cw, wet_bulb_C, 1.0);
      f = free_fraction(t_tw);
    }
  }

  if (f >= 1.0) {
    b.mode = PlantMode::Free;
    ch = ChillerResult{};
    tw = tower_.operate(q_chw + q_cpump, v_cw, wet_bulb_C, t_sup - p_.hx_approach_K);
    b.cond_entering_C = tw.leaving_water_C;
  } else if (f > 0.0) {
    b.mode = PlantMode::Partial;
    const double q_free = f * q_chw;
    b.cond_entering_C = t_tw + q_free / rc;
    ch = operate(chiller_, q_chw - q_free, t_sup, b.cond_entering_C);
    // Full fan: no setpoint to hold, the colder the better.
    tw = tower_.operate(q_free + ch.condenser_W + q_cpump, v_cw, wet_bulb_C,
                        -std::numeric_limits<double>::infinity());
  } else {
    b.mode = PlantMode::Chiller;
    f = 0.0;
    const double setpoint = std::max(wet_bulb_C + p_.cond_setpoint_offset_K, p_.cond_setpoint_min_C);
    double t_cond = setpoint;
    for (int pass = 0; pass < 5; ++pass) {
      ch = operate(chiller_, q_chw, t_sup, t_cond);
      tw = tower_.operate(ch.condenser_W + q_cpump, v_cw, wet_bulb_C, setpoint);
      const double next = tw.leaving_water_C;
      const bool settled = std::abs(next - t_cond) < 1e-3;
      t_cond = next;
      if (settled) break;
    }
    b.cond_entering_C = t_cond;
  }

  b.free_fraction = f;
  b.chiller_W = ch.power_W;
  b.chiller_load_W = ch.evaporator_W;
  b.chiller_cop = ch.cop;
  b.unmet_W = ch.unmet_W;
  b.tower_fan_W = tw.fan_power_W;
  b.tower_leaving_C = tw.leaving_water_C;
  b.heat_rejected_W = tw.heat_rejected_W;
  b.pumps_W = b.chw_pump_W + b.cond_pump_W;
  b.total_W = b.chiller_W + b.tower_fan_W + b.pumps_W + b.crah_fan_W;
  b.water_rates = tw.water;
  b.water_m3_s = tw.water.makeup_m3_s;
  b.water_m3 = b.water_m3_s * std::max(0.0, duration_s);
  return b;
}

double ChilledWaterPlant::cooling_power_W(double heat_W, const ConditionsIn& conditions) const {
  return evaluate(heat_W, conditions.outdoor_wet_bulb_C, 0.0).total_W;
}

}  // namespace dcsim::cooling
