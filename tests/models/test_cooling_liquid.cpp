// Direct liquid cooling (cold plates), immersion, CDU pumps, dry cooler / tower heat rejection.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/cooling/liquid.hpp"

using namespace dcsim::cooling;

TEST(ColdPlate, CaptureLimitedByChipTemperature) {
  const ColdPlateParams p;  // capture 0.8, chip 85 C, 0.05 K/W
  // Hand: 1000 W at 32 C coolant: Q_max = (85 - 32) / 0.05 = 1060 W -> min(800, 1060) = 800 W.
  EXPECT_NEAR(cold_plate_capture_W(p, 1000.0, 32.0), 800.0, 1e-9);
  // At 50 C coolant Q_max = 700 W binds.
  EXPECT_NEAR(cold_plate_capture_W(p, 1000.0, 50.0), 700.0, 1e-9);
  // Coolant above the chip limit: nothing to liquid.
  EXPECT_EQ(cold_plate_capture_W(p, 1000.0, 90.0), 0.0);
  // Vector form: 1000, 2000, 0 W -> 800, 1060, 0 W.
  const std::vector<double> power{1000.0, 2000.0, 0.0};
  std::vector<double> liquid(3, -1.0);
  EXPECT_NEAR(cold_plate_capture_W(p, power, 32.0, liquid), 1860.0, 1e-9);
  EXPECT_NEAR(liquid[1], 1060.0, 1e-9);
  EXPECT_EQ(liquid[2], 0.0);
}

TEST(LiquidCooling, SplitColdPlateAndImmersion) {
  LiquidCoolingParams p;
  const LiquidCooling cold(p);
  // 1 MW over 1000 servers of 1 kW at 32 C: 800 kW to liquid, 200 kW to room air (capture 0.8).
  LiquidSplit s = cold.split(1.0e6, 5.0e4, 1000.0);
  EXPECT_NEAR(s.liquid_W, 8.0e5, 1e-6);
  EXPECT_NEAR(s.air_W, 2.0e5, 1e-6);
  EXPECT_EQ(s.fan_removed_W, 0.0);
  // Heterogeneous form agrees with the per-server sum.
  const std::vector<double> servers{1000.0, 2000.0};
  EXPECT_NEAR(cold.split(servers, 0.0).liquid_W, 1860.0, 1e-9);
  // Immersion: fans (50 kW) removed from IT power, all the rest to liquid.
  p.immersion = true;
  s = LiquidCooling(p).split(1.0e6, 5.0e4, 1000.0);
  EXPECT_NEAR(s.it_power_W, 9.5e5, 1e-6);
  EXPECT_NEAR(s.liquid_W, 9.5e5, 1e-6);
  EXPECT_EQ(s.air_W, 0.0);
  EXPECT_NEAR(s.fan_removed_W, 5.0e4, 1e-9);
}

TEST(LiquidCooling, DryCoolerRegimesAndEnergyBalance) {
  const LiquidCooling lc(LiquidCoolingParams{});  // 32 C coolant, CDU approach 3 K -> facility water 29 C
  const LiquidSplit s = lc.split(1.0e6, 0.0, 1000.0);
  // Hand: pumps at 80 % flow: CDU 5114.75 * 0.8^3 = 2618.75 W; facility 3409.83 * (802356.9/1e6)^3 = 1761.31 W;
  // heat to reject Q = 8e5 + 0.9 * (2618.75 + 1761.31) = 803942.1 W.
  LiquidCoolingResult r = lc.reject(s, 10.0, 5.0);
  EXPECT_NEAR(r.cdu_pump_W, 2618.75, 0.01);
  EXPECT_NEAR(r.facility_pump_W, 1761.31, 0.01);
  EXPECT_NEAR(r.rejected_W, 803942.1, 0.1);
  EXPECT_EQ(r.trim_W, 0.0);
  // Airflow ratio a = (6 * 0.8039421 / 19)^(1/0.8) = 0.18021 -> fan 15000 * a^3 = 87.79 W.
  EXPECT_NEAR(r.dry_cooler_fan_W, 87.79, 0.01);
  EXPECT_EQ(r.water_m3_s, 0.0);

  // 27 C outdoor: 2 K headroom; full fan rejects 1e6 * 2 / 6 = 333333 W, trim = 803942.1 - 333333.3 = 470608.7 W.
  r = lc.reject(s, 27.0, 20.0);
  EXPECT_NEAR(r.dry_cooler_fan_W, 15000.0, 1e-9);
  EXPECT_NEAR(r.trim_W, 470608.7, 0.1);
  // 35 C outdoor (above 29 C): everything is trim.
  r = lc.reject(s, 35.0, 22.0);
  EXPECT_NEAR(r.trim_W, 803942.1, 0.1);
  EXPECT_EQ(r.dry_cooler_fan_W, 0.0);

  // Energy balance at every dry-bulb: IT = liquid + air; liquid + pump heat = rejected + trim.
  for (double tdb = -10.0; tdb <= 40.0; tdb += 2.5) {
    const LiquidCoolingResult x = lc.reject(s, tdb, tdb - 5.0);
    EXPECT_NEAR(x.split.liquid_W + x.split.air_W, 1.0e6, 1e-6);
    EXPECT_NEAR(x.split.liquid_W + 0.9 * (x.cdu_pump_W + x.facility_pump_W), x.rejected_W + x.trim_W, 1e-6);
  }
}

TEST(LiquidCooling, TowerRejection) {
  LiquidCoolingParams p;
  p.rejection = LiquidRejection::CoolingTower;
  const LiquidCooling lc(p);
  const LiquidSplit s = lc.split(1.0e6, 0.0, 1000.0);
  // Wet-bulb 15 C: 29 C facility water is easy, no trim, evaporation >= Q / (h_fg rho) (all-latent bound,
  // cooling_tower.hpp): 803942 / (2.43e6 * 998) = 3.315e-4 m3/s.
  LiquidCoolingResult r = lc.reject(s, 25.0, 15.0);
  EXPECT_EQ(r.trim_W, 0.0);
  EXPECT_GT(r.water_m3_s, 3.315e-4);
  // Wet-bulb 28 C: above the setpoint minus any approach: trim needed; balance holds.
  r = lc.reject(s, 35.0, 28.0);
  EXPECT_GT(r.trim_W, 0.0);
  EXPECT_NEAR(r.split.liquid_W + 0.9 * (r.cdu_pump_W + r.facility_pump_W), r.rejected_W + r.trim_W, 1e-6);
}

TEST(LiquidCooling, RejectsBadParameters) {
  LiquidCoolingParams p;
  p.cold_plate.capture_fraction = 1.5;
  EXPECT_THROW(LiquidCooling{p}, std::invalid_argument);
  p = LiquidCoolingParams{};
  p.loop_delta_T_K = 0.0;
  EXPECT_THROW(LiquidCooling{p}, std::invalid_argument);
}
