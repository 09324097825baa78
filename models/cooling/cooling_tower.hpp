// Variable-speed open cooling tower, EnergyPlus CoolingTower:VariableSpeed with the YorkCalc correlation
// (EnergyPlus Engineering Reference "Cooling Towers: Variable Speed"; CondenserLoopTowers.cc).
//   approach = sum_{i,j,k=0..2} c[9k+3j+i] * Twb^i * Range^j * LG^k      (K; Twb in C, Range in K)
//   LG       = water flow ratio / airflow ratio; water flow ratio = flow / calibrated flow, where the
//              calibrated flow makes the correlation reproduce the design approach at design Twb and range.
//   Fan power = P_fan,design * FanRatio(airflow ratio)   (cubic; json "fan_power_ratio_cubic_of_airflow_ratio")
// Control (EnergyPlus CalcVariableSpeedTower), for a heat load Q at water flow V with Range = Q / (rho cp V) and
// entering water T_in = setpoint + Range:
//   1. full fan cannot reach the setpoint       -> fan at 100%, leaving = Twb + approach(Twb, Range, LG(1))
//   2. free convection (fan off) reaches it      -> fan 0. Free-convection outlet as EnergyPlus:
//        T_off = T_in - f_fc * (T_in - T_out(full fan)), f_fc = 0.125
//   3. minimum fan speed overshoots the setpoint  -> fan cycles at minimum airflow, on-fraction
//        (T_off - setpoint) / (T_off - T_out(min airflow))
//   4. otherwise the airflow ratio in [min, 1] with approach(Twb, Range, LG) = setpoint - Twb (bisection).
// Correlation inputs are capped to the YorkCalc limits (EnergyPlus caps them too and warns).
// Water use (m3/s): evaporation = f_latent * Q / (h_fg rho) (all rejected heat as latent: upper bound; EnergyPlus's
// default "LossFactor" 0.2 %/K is of the same size); drift = 0.05 % of the water flow, scaled by the airflow
// ratio as EnergyPlus does (drift is carried by the air); blowdown = evaporation / (cycles - 1) - drift (the
// dissolved-solids balance with drift counted as blowdown, as EnergyPlus), cycles of concentration 4.
// Coefficients: /work/shared/design/model_coefficients.json "cooling_tower_yorkcalc_default".
// Check: approach(25.6 C, 5.56 K, LG 1) = 3.835 K.
// Not modelled: basin heater (EnergyPlus runs it only while the tower has no water flow), multiple cells.
#pragma once
#include <array>

#include "models/cooling/curves.hpp"
#include "models/cooling/fluid_properties.hpp"

namespace dcsim::cooling {

struct YorkCalc {
  std::array<double, 27> c{};
  double twb_min_C = -34.4, twb_max_C = 26.6667;
  double range_min_K = 1.1111, range_max_K = 22.2222;
  double water_flow_ratio_min = 0.5, water_flow_ratio_max = 4.0;
  double lg_max = 8.0;

  // Approach (K) with inputs capped to the limits above.
  double approach_K(double twb_C, double range_K, double lg) const;
};

// EnergyPlus's default YorkCalc coefficients and limits.
YorkCalc yorkcalc_default();

enum class TowerRegime { Off, FreeConvection, FanCycling, VariableSpeed, FullFanUnmet };

struct TowerWaterUse {
  double evaporation_m3_s = 0.0;
  double drift_m3_s = 0.0;
  double blowdown_m3_s = 0.0;
  double makeup_m3_s = 0.0;  // sum of the three
};

struct TowerResult {
  TowerRegime regime = TowerRegime::Off;
  bool setpoint_met = true;
  double heat_rejected_W = 0.0;
  double range_K = 0.0;
  double entering_water_C = 0.0;
  double leaving_water_C = 0.0;
  double airflow_ratio = 0.0;      // time-averaged (free convection counts as f_fc)
  double fan_cycling_ratio = 0.0;  // fan on-fraction
  double fan_power_W = 0.0;
  TowerWaterUse water;
};

struct CoolingTowerParams {
  YorkCalc correlation = yorkcalc_default();
  double design_water_flow_m3_s = 0.05;
  double design_fan_power_W = 11000.0;
  // Design point used to calibrate the water flow ratio (EnergyPlus CoolingTower:VariableSpeed defaults).
  double design_twb_C = 25.6;
  double design_range_K = 5.6;
  double design_approach_K = 3.9;
  Cubic fan_power_ratio{{-0.00931516301535329, 0.0512333965844443, -0.0838364671381841, 1.04191823356909},
                        0.0, 1.0};
  double min_airflow_ratio = 0.2;
  double free_convection_fraction = 0.125;
  double drift_fraction = 0.0005;  // 0.05 % of water flow at full airflow
  double cycles_of_concentration = 4.0;
  double evaporated_heat_fraction = 1.0;  // share of rejected heat leaving as latent heat
  double latent_heat_J_kg = kWaterLatentHeat_J_kg;
};

// Water use for a heat rejection at a water flow and time-averaged airflow ratio (formulas above).
TowerWaterUse tower_water_use(const CoolingTowerParams& p, double heat_W, double water_flow_m3_s,
                              double airflow_ratio);

class CoolingTower {
 public:
  // Throws std::invalid_argument on non-positive flows/powers, bad ratios, cycles <= 1, or a design approach the
  // correlation cannot reproduce within its water-flow-ratio limits.
  explicit CoolingTower(const CoolingTowerParams& params);

  // Operate to hold the leaving water at setpoint_C (see the control sequence above).
  TowerResult operate(double heat_W, double water_flow_m3_s, double twb_C, double setpoint_C) const;

  // Leaving water temperature (C) for a heat load at a fixed airflow ratio (steady state, range fixed by load).
  double leaving_water_C(double heat_W, double water_flow_m3_s, double twb_C, double airflow_ratio) const;

  double calibrated_water_flow_m3_s() const { return calibrated_flow_m3_s_; }
  const CoolingTowerParams& params() const { return p_; }

 private:
  double water_flow_ratio(double water_flow_m3_s) const;
  double outlet_fixed_inlet_C(double inlet_C, double wfr, double airflow_ratio, double twb_C) const;

  CoolingTowerParams p_;
  double calibrated_flow_m3_s_ = 0.0;
};

}  // namespace dcsim::cooling
