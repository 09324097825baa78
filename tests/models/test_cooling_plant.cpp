// Chilled-water plant with integrated water-side economizer.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "models/cooling/chilled_water_plant.hpp"
#include "models/cooling/fluid_properties.hpp"

using namespace dcsim::cooling;

namespace {

// Synthetic wet-bulb year, every 3 h: seasonal swing 10 +- 10 C plus a daily +-3 C.
std::vector<double> synthetic_wet_bulb() {
  std::vector<double> twb;
  for (int h = 0; h < 8760; h += 3) {
    const double season = std::sin(2.0 * std::numbers::pi * (h / 8760.0 - 0.25));
    const double day = std::sin(2.0 * std::numbers::pi * (h % 24) / 24.0);
    twb.push_back(10.0 + 10.0 * season + 3.0 * day);
  }
  return twb;
}

}  // namespace

TEST(ChilledWaterPlant, EnergyBalanceInEveryMode) {
  const ChilledWaterPlant plant(ChilledWaterPlantParams{});  // 1 MW design, 12 C chilled water
  const double it = 7.0e5;
  for (double twb : {-5.0, 5.0, 8.0, 25.0}) {
    const PlantBreakdown b = plant.evaluate(it, twb);
    // First law, by hand from the plant's definition: chilled-water load = IT + CRAH fan heat + chw pump shaft
    // power (motor 0.87); tower heat = chilled-water load + chiller power + condenser pump shaft power (0.9).
    EXPECT_NEAR(b.chw_load_W, it + b.crah_fan_W + 0.87 * b.chw_pump_W, 1e-6 * it) << twb;
    EXPECT_NEAR(b.heat_rejected_W, b.chw_load_W + b.chiller_W + 0.9 * b.cond_pump_W, 1e-6 * it) << twb;
    EXPECT_NEAR(b.total_W, b.chiller_W + b.tower_fan_W + b.pumps_W + b.crah_fan_W, 1e-9) << twb;
    EXPECT_NEAR(b.chiller_load_W + b.free_fraction * b.chw_load_W, b.chw_load_W, 1e-6 * it) << twb;
    EXPECT_EQ(b.unmet_W, 0.0);
    // Hourly water = rate * 3600 s.
    EXPECT_NEAR(b.water_m3, b.water_m3_s * 3600.0, 1e-12);
  }
  EXPECT_EQ(plant.evaluate(-5.0, 10.0).mode, PlantMode::Off);
  EXPECT_EQ(plant.evaluate(7.0e5, -5.0).mode, PlantMode::Free);
  EXPECT_EQ(plant.evaluate(7.0e5, 25.0).mode, PlantMode::Chiller);
}

TEST(ChilledWaterPlant, ComponentsByHand) {
  ChilledWaterPlantParams p;
  p.economizer = false;
  const ChilledWaterPlant plant(p);
  const double it = 1.0e6;
  const PlantBreakdown b = plant.evaluate(it, 20.0);
  // CRAH fans at design flow: V = 1e6 / (1.19 * 1006 * 12) = 69.6103 m3/s; P = V * 486 / 0.7 = 48329.5 W.
  EXPECT_NEAR(b.crah_fan_W, 48329.5, 0.5);
  // Chilled-water pump at design flow (design load): V = (1e6 + 48329.5) / (998 * 4186 * 5.56) = 0.045133 m3/s,
  // P = V * 160000 / (0.87 * 0.78) = 10641 W.
  EXPECT_NEAR(b.chw_pump_W, 10641.0, 2.0);
  // The chiller sees condenser water at the tower's full-fan leaving temperature (setpoint Twb + 0 K is out of
  // reach) and its power equals the chiller model evaluated there.
  EXPECT_NEAR(b.chiller_W, operate(plant.chiller(), b.chw_load_W, 12.0, b.cond_entering_C).power_W, 1.0);
  EXPECT_NEAR(b.tower_fan_W, plant.tower().params().design_fan_power_W, 1e-6);
  EXPECT_EQ(b.free_fraction, 0.0);
  // The 2-zone Chiller:Electric can be chosen instead.
  p.chiller_kind = ChillerKind::EnergyPlus2ZoneElectric;
  const PlantBreakdown e = ChilledWaterPlant(p).evaluate(it, 20.0);
  EXPECT_GT(e.chiller_cop, 3.0);
  EXPECT_LT(e.chiller_cop, 8.0);
}

TEST(ChilledWaterPlant, EconomizerThresholdMatchesDefinition) {
  // Free cooling exactly when Twb + approach(Twb, range, LG) + dT_hx <= T_supply (integrated economizer
  // definition; approach from the YorkCalc polynomial at full fan, range from the tower's heat and flow).
  const ChilledWaterPlant plant(ChilledWaterPlantParams{});
  const YorkCalc y = yorkcalc_default();
  const double v_cw = plant.condenser_flow_m3_s();
  const double lg = v_cw / plant.tower().calibrated_water_flow_m3_s();
  const double it = 7.0e5;
  int checked = 0;
  for (double twb = -10.0; twb <= 20.0; twb += 0.25) {
    const PlantBreakdown b = plant.evaluate(it, twb);
    const double range = (b.chw_load_W + 0.9 * b.cond_pump_W) / (kWaterRhoCp_J_m3K * v_cw);
    const double margin = 12.0 - (twb + y.approach_K(twb, range, lg) + 1.5);
    if (std::abs(margin) < 1e-6) continue;
    EXPECT_EQ(b.mode == PlantMode::Free, margin > 0.0) << twb;
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST(ChilledWaterPlant, WarmerChilledWaterGivesMoreFreeCooling) {
  // MODELS.md: sensitivity to 12 / 18 / 24 C chilled water. On the same synthetic wet-bulb year, free-cooling
  // hours and the mean free fraction must rise, and annual cooling energy fall, with the supply temperature.
  const std::vector<double> twb = synthetic_wet_bulb();
  double last_hours = -1.0, last_fraction = -1.0, last_energy = 1e300;
  for (double supply : {12.0, 18.0, 24.0}) {
    ChilledWaterPlantParams p;
    p.chw_supply_C = supply;
    const ChilledWaterPlant plant(p);
    double hours = 0.0, fraction = 0.0, energy = 0.0;
    for (double t : twb) {
      const PlantBreakdown b = plant.evaluate(7.0e5, t, 3.0 * 3600.0);
      if (b.mode == PlantMode::Free) hours += 3.0;
      fraction += b.free_fraction;
      energy += b.total_W * 3.0;
    }
    fraction /= twb.size();
    EXPECT_GT(hours, last_hours + 500.0) << supply;
    EXPECT_GT(fraction, last_fraction) << supply;
    EXPECT_LT(energy, last_energy) << supply;
    last_hours = hours;
    last_fraction = fraction;
    last_energy = energy;
  }
  // At 24 C supply the synthetic year (wet-bulb -3..23 C) is almost all free: > 80 % of 8760 h.
  EXPECT_GT(last_hours, 0.8 * 8760.0);
}

TEST(ChilledWaterPlant, EconomizerSavesEnergy) {
  // Cho et al. 2012 report -16.6 % cooling energy for a water-side economizer; we only require a saving of
  // the same sign and order (5-60 %) on the synthetic year at 12 C chilled water.
  const std::vector<double> twb = synthetic_wet_bulb();
  ChilledWaterPlantParams p;
  const ChilledWaterPlant with(p);
  p.economizer = false;
  const ChilledWaterPlant without(p);
  double e_with = 0.0, e_without = 0.0;
  for (double t : twb) {
    e_with += with.evaluate(7.0e5, t).total_W;
    e_without += without.evaluate(7.0e5, t).total_W;
  }
  const double saving = 1.0 - e_with / e_without;
  EXPECT_GT(saving, 0.05);
  EXPECT_LT(saving, 0.60);
}

TEST(ChilledWaterPlant, CoolingModelInterface) {
  const ChilledWaterPlant plant(ChilledWaterPlantParams{});
  ConditionsIn c;
  c.outdoor_wet_bulb_C = 15.0;
  EXPECT_DOUBLE_EQ(plant.cooling_power_W(5.0e5, c), plant.evaluate(5.0e5, 15.0).total_W);
  ChilledWaterPlantParams bad;
  bad.design_heat_W = 0.0;
  EXPECT_THROW(ChilledWaterPlant{bad}, std::invalid_argument);
}
