// DX CRAC with pumped-refrigerant economizer (EnergyPlus 1-zone data-center example, Liebert DSE).
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/cooling/crac_dx.hpp"

using namespace dcsim::cooling;

TEST(CracDx, EirTableOfOutdoorDryBulb) {
  // Reference: model_coefficients.json "crac_dx_liebert_dse_example" / MODELS.md: 0.042 at <= -4 C,
  // 0.6723 at 21 C, 1.0 at 34.89 C (table point 34.88889; linear step to 34.89 adds 3.7e-5), 1.5 at 50 C;
  // clamped beyond the ends; 25 C by hand: 0.7227 + (25 - 23.777778)/(26.55556 - 23.777778) * 0.0546 = 0.746724.
  const CracDx crac;
  EXPECT_NEAR(crac.eir_temperature_multiplier(-4.0), 0.042, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(-30.0), 0.042, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(-60.0), 0.042, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(21.0), 0.6723, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(34.89), 1.0, 1e-4);
  EXPECT_NEAR(crac.eir_temperature_multiplier(50.0), 1.5, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(60.0), 1.5, 1e-12);
  EXPECT_NEAR(crac.eir_temperature_multiplier(25.0), 0.746724, 1e-6);
}

TEST(CracDx, HandComputedPowerAtFullFlow) {
  // Reference: hand computation with the EnergyPlus single-speed DX coil and variable-volume fan equations:
  //   fan:  f(1) = 0.06990146 + 1.39500612 - 3.35487336 + 2.89232315 = 1.00235737
  //         P_fan = 1.00235737 * 8.5 * 486 / 0.7 = 5915.340 W (all of it heats the air)
  //   coil: Q = 100000 + 5915.340 = 105915.340 W; CAP = 148300 * (0.8 + 0.2) = 148300 W
  //         PLR = 0.7141965; PLF = 0.85 + 0.15 PLR = 0.9571295; EIRFFF(1) = 1.156 - 0.1816 + 0.0256 = 1
  //         P_coil = 148300 * 0.6723 / 4.5669 * PLR / PLF = 16290.326 W    (outdoor 21 C)
  const CracDx crac;
  const CracDxResult r = crac.evaluate_at_flow(100000.0, 21.0, 1.0);
  EXPECT_NEAR(r.fan_W, 5915.340, 1e-3);
  EXPECT_NEAR(r.part_load_ratio, 0.7141965, 1e-7);
  EXPECT_NEAR(r.compressor_W, 16290.326, 1e-3);
  EXPECT_NEAR(r.total_W, 22205.667, 1e-3);
  EXPECT_NEAR(r.heat_removed_W, 105915.340, 1e-3);
  EXPECT_EQ(r.unmet_W, 0.0);
  EXPECT_FALSE(r.pumped_refrigerant_mode);
}

TEST(CracDx, HandComputedPowerFromConditionsInEconomizerMode) {
  // Reference: hand computation. 60 kW IT, supply 18 C, return 29.3 C: flow = 60000 / (1.204 * 1006 * 11.3)
  // = 4.38378 m3/s, ff = 0.515738; P_fan = f(ff) * 5901.4286 = 1733.702 W; curves see ff (>= 0.5):
  // CAP = 148300 * (0.8 + 0.2 ff) = 133936.80 W, PLR = 61733.702 / CAP = 0.460917, PLF = 0.919137,
  // EIRFFF = 1.156 - 0.1816 ff + 0.0256 ff^2; outdoor -10 C -> EIRFT 0.042 (pumped refrigerant):
  // P_coil = CAP * 0.042 * EIRFFF / 4.5669 * PLR / PLF = 660.403 W; total 2394.105 W.
  const CracDx crac;
  ConditionsIn c;
  c.supply_air_C = 18.0;
  c.return_air_C = 29.3;
  c.outdoor_dry_bulb_C = -10.0;
  const CracDxResult r = crac.evaluate(60000.0, c);
  EXPECT_NEAR(r.flow_fraction, 0.515738, 1e-6);
  EXPECT_NEAR(r.fan_W, 1733.702, 1e-3);
  EXPECT_NEAR(r.compressor_W, 660.403, 1e-3);
  EXPECT_NEAR(crac.cooling_power_W(60000.0, c), 2394.105, 1e-3);
  EXPECT_TRUE(r.pumped_refrigerant_mode);
}

TEST(CracDx, UnitsShareLoadAndOverloadIsUnmet) {
  // Reference: 4 identical units with 4x the load draw exactly 4x one unit (previous hand case, 1e-6 rel);
  // 200 kW on one unit at full flow: coil load 205915.340 W > 148300 W -> unmet 57615.340 W, PLR 1,
  // P_coil = 148300 * 0.6723 / 4.5669 = 21831.459 W.
  CracDxParams p;
  p.units = 4;
  const CracDx four(p);
  const CracDxResult r4 = four.evaluate_at_flow(400000.0, 21.0, 1.0);
  EXPECT_NEAR(r4.total_W, 4 * 22205.667, 4 * 22205.667 * 1e-6);
  const CracDxResult over = CracDx().evaluate_at_flow(200000.0, 21.0, 1.0);
  EXPECT_NEAR(over.unmet_W, 57615.340, 1e-3);
  EXPECT_EQ(over.part_load_ratio, 1.0);
  EXPECT_NEAR(over.compressor_W, 21831.459, 1e-3);
}

TEST(CracDx, FanAtMinimumFlowAndValidation) {
  // Reference: hand computation at the 5% minimum flow fraction: f(0.05) = 0.06990146 + 1.39500612*0.05
  // - 3.35487336*0.0025 + 2.89232315*0.000125 = 0.06990146 + 0.06975031 - 0.00838718 + 0.00036154
  // = 0.13162612 -> 0.13162612 * 5901.4286 = 776.782 W.
  const CracDx crac;
  EXPECT_NEAR(crac.fan_power_W(0.0), 776.782, 1e-3);
  EXPECT_NEAR(crac.flow_fraction_for(0.0, 18.0, 29.3), 0.05, 1e-15);
  EXPECT_EQ(crac.flow_fraction_for(1e9, 18.0, 29.3), 1.0);
  CracDxParams bad;
  bad.rated_cop = 0.0;
  EXPECT_THROW(CracDx{bad}, std::invalid_argument);
  EXPECT_THROW(PiecewiseLinear({{1.0, 0.0}, {1.0, 2.0}}), std::invalid_argument);
}
