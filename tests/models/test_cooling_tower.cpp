// YorkCalc cooling tower and pumps.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/cooling/cooling_tower.hpp"
#include "models/cooling/fluid_properties.hpp"
#include "models/cooling/pumps.hpp"

using namespace dcsim::cooling;

namespace {
// Heat giving a range of R K at a flow.
double heat_for_range(double range_K, double flow_m3_s) { return range_K * kWaterRhoCp_J_m3K * flow_m3_s; }
}  // namespace

TEST(YorkCalc, CheckValue) {
  // MODELS.md / json check: 3.835 K at Twb 25.6 C, range 5.56 K, LG 1; tolerance 0.005 K.
  EXPECT_NEAR(yorkcalc_default().approach_K(25.6, 5.56, 1.0), 3.835, 0.005);
  // Inputs beyond the limits are capped (EnergyPlus): Twb 30 C evaluates as 26.6667 C, LG 20 as 8.
  const YorkCalc y = yorkcalc_default();
  EXPECT_NEAR(y.approach_K(30.0, 5.56, 1.0), y.approach_K(26.6667, 5.56, 1.0), 1e-12);
  EXPECT_NEAR(y.approach_K(20.0, 5.56, 20.0), y.approach_K(20.0, 5.56, 8.0), 1e-12);
}

TEST(CoolingTower, CalibrationReproducesDesignApproach) {
  CoolingTowerParams p;  // design: Twb 25.6 C, range 5.6 K, approach 3.9 K (EnergyPlus defaults)
  const CoolingTower t(p);
  // Definition of the calibrated flow: at design flow, range and full fan the leaving water is Twb + 3.9 K.
  const double q = heat_for_range(5.6, p.design_water_flow_m3_s);
  EXPECT_NEAR(t.leaving_water_C(q, p.design_water_flow_m3_s, 25.6, 1.0), 25.6 + 3.9, 1e-6);
  p.design_approach_K = 0.3;  // far below anything the correlation gives
  EXPECT_THROW(CoolingTower{p}, std::invalid_argument);
}

TEST(CoolingTower, ControlRegimes) {
  const CoolingTowerParams p;
  const CoolingTower t(p);
  const double flow = p.design_water_flow_m3_s;
  const double q = heat_for_range(5.6, flow);
  const double twb = 20.0;
  const double full = t.leaving_water_C(q, flow, twb, 1.0);

  // Setpoint below what full fan reaches: fan at 100 % (cubic(1) = 1.0000 by hand), leaving = full-fan value.
  TowerResult r = t.operate(q, flow, twb, full - 0.5);
  EXPECT_EQ(r.regime, TowerRegime::FullFanUnmet);
  EXPECT_FALSE(r.setpoint_met);
  EXPECT_NEAR(r.fan_power_W, p.design_fan_power_W, 1e-6 * p.design_fan_power_W);
  EXPECT_NEAR(r.leaving_water_C, full, 1e-12);
  EXPECT_NEAR(r.entering_water_C - r.leaving_water_C, 5.6, 1e-9);

  // Setpoint a little above: variable speed; the solved airflow satisfies approach = setpoint - Twb.
  r = t.operate(q, flow, twb, full + 0.3);
  EXPECT_EQ(r.regime, TowerRegime::VariableSpeed);
  EXPECT_NEAR(t.leaving_water_C(q, flow, twb, r.airflow_ratio), full + 0.3, 1e-6);
  EXPECT_NEAR(r.fan_power_W, p.design_fan_power_W * p.fan_power_ratio(r.airflow_ratio), 1e-6);
  EXPECT_LT(r.airflow_ratio, 1.0);

  // Small load (range 1.2 K) and a setpoint far above the wet-bulb: free convection (12.5 % of full-fan
  // capacity) meets it, fan off.
  r = t.operate(heat_for_range(1.2, flow), flow, twb, twb + 20.0);
  EXPECT_EQ(r.regime, TowerRegime::FreeConvection);
  EXPECT_EQ(r.fan_power_W, 0.0);
  EXPECT_NEAR(r.airflow_ratio, 0.125, 1e-12);

  // Fan power never rises as the setpoint is relaxed; somewhere between, the fan cycles at minimum speed with
  // power below cubic(0.2) * P_design = 0.0059134 * P_design (hand).
  double last = 1e300;
  bool saw_cycling = false;
  for (double sp = full - 1.0; sp < twb + 60.0; sp += 0.05) {
    const TowerResult s = t.operate(q, flow, twb, sp);
    EXPECT_LE(s.fan_power_W, last + 1e-9);
    last = s.fan_power_W;
    if (s.regime == TowerRegime::FanCycling) {
      saw_cycling = true;
      EXPECT_LE(s.fan_power_W, 0.0059134 * p.design_fan_power_W * (1 + 1e-4));
      EXPECT_GT(s.fan_cycling_ratio, 0.0);
      EXPECT_LE(s.fan_cycling_ratio, 1.0);
    }
  }
  EXPECT_TRUE(saw_cycling);

  // No load, or wet-bulb above the setpoint, never hang and report sensibly.
  EXPECT_EQ(t.operate(0.0, flow, twb, 25.0).regime, TowerRegime::Off);
  EXPECT_FALSE(t.operate(q, flow, 30.0, 25.0).setpoint_met);
}

TEST(CoolingTower, WaterUseByHand) {
  const CoolingTowerParams p;  // drift 0.05 %, cycles 4, h_fg 2.43e6 J/kg, rho 998 kg/m3
  // 1 MW at 0.05 m3/s, full airflow: evaporation = 1e6 / (2.43e6 * 998) = 4.123473e-4 m3/s;
  // drift = 0.0005 * 0.05 = 2.5e-5; blowdown = evaporation / 3 - drift = 1.124491e-4.
  TowerWaterUse w = tower_water_use(p, 1.0e6, 0.05, 1.0);
  EXPECT_NEAR(w.evaporation_m3_s, 4.123473e-4, 1e-9);
  EXPECT_NEAR(w.drift_m3_s, 2.5e-5, 1e-12);
  EXPECT_NEAR(w.blowdown_m3_s, 1.124491e-4, 1e-9);
  EXPECT_NEAR(w.makeup_m3_s, 4.123473e-4 + 2.5e-5 + 1.124491e-4, 1e-9);
  // Half airflow halves drift (1.25e-5) and raises blowdown by the same amount.
  w = tower_water_use(p, 1.0e6, 0.05, 0.5);
  EXPECT_NEAR(w.drift_m3_s, 1.25e-5, 1e-12);
  EXPECT_NEAR(w.blowdown_m3_s, 1.124491e-4 + 1.25e-5, 1e-9);
  // Per hour: 1 MW evaporates 1.4844 m3 (hand: 4.123473e-4 * 3600).
  EXPECT_NEAR(tower_water_use(p, 1.0e6, 0.05, 1.0).evaporation_m3_s * 3600.0, 1.4844, 1e-4);
  // The tower's own result carries the same numbers.
  const CoolingTower t(p);
  const TowerResult r = t.operate(1.0e6, 0.05, 24.0, 20.0);  // unmet -> full fan
  EXPECT_NEAR(r.water.evaporation_m3_s, 4.123473e-4, 1e-9);
  EXPECT_NEAR(r.water.drift_m3_s, 2.5e-5, 1e-12);
}

TEST(CoolingTower, RejectsBadParameters) {
  CoolingTowerParams p;
  p.cycles_of_concentration = 1.0;
  EXPECT_THROW(CoolingTower{p}, std::invalid_argument);
  p = CoolingTowerParams{};
  p.design_water_flow_m3_s = 0.0;
  EXPECT_THROW(CoolingTower{p}, std::invalid_argument);
  p = CoolingTowerParams{};
  p.min_airflow_ratio = 0.0;
  EXPECT_THROW(CoolingTower{p}, std::invalid_argument);
}

TEST(Pumps, PowerFlowAndCubeLaw) {
  // Hand: 0.05 m3/s at 160 kPa, motor 0.87, impeller 0.78: 8000 W / 0.6786 = 11788.98 W.
  EXPECT_NEAR(pump_power_W(0.05, 160000.0, 0.87 * 0.78), 11788.98, 0.01);
  // Flow for 1 MW at 5.56 K: 1e6 / (998 * 4186 * 5.56) = 0.0430522 m3/s.
  EXPECT_NEAR(water_flow_for_heat_m3_s(1.0e6, 5.56), 0.0430522, 1e-7);
  EXPECT_EQ(water_flow_for_heat_m3_s(1.0e6, 0.0), 0.0);

  PumpParams pp;  // 0.05 m3/s, 160 kPa, motor 0.87, variable speed
  const Pump vs(pp);
  EXPECT_NEAR(vs.design_power_W(), 11788.98, 0.01);
  EXPECT_NEAR(vs.power_W(0.025), 11788.98 / 8.0, 0.01);  // affinity laws: half flow, 1/8 power
  EXPECT_EQ(vs.power_W(0.0), 0.0);
  EXPECT_NEAR(vs.heat_to_fluid_W(1000.0), 870.0, 1e-9);
  pp.variable_speed = false;
  EXPECT_NEAR(Pump(pp).power_W(0.01), 11788.98, 0.01);  // constant speed: design power while on
  pp.motor_efficiency = 1.5;
  EXPECT_THROW(Pump{pp}, std::invalid_argument);
}
