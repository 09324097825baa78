// Server power vs inlet temperature, EnergyPlus ITE option, ASHRAE TC9.9 classes.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/thermal/server_thermal.hpp"

using namespace dcsim::thermal;

TEST(ServerThermal, LeakageWithinMeasuredRange) {
  const LeakageParams p;  // 0.2 %/K above 16 C
  // Hand: 1 + 0.002 * 12 = 1.024 at 28 C; MODELS.md: realistic rise 1-3 % across 16-28 C.
  EXPECT_NEAR(leakage_factor(p, 28.0), 1.024, 1e-12);
  EXPECT_GE(leakage_factor(p, 28.0) - leakage_factor(p, 16.0), 0.01);
  EXPECT_LE(leakage_factor(p, 28.0) - leakage_factor(p, 16.0), 0.03);
  EXPECT_NEAR(leakage_factor(p, 10.0), 1.0, 1e-12);
}

TEST(ServerThermal, FansFollowLoadAndInlet) {
  const ServerFanParams p;  // SustainDC form: 0.01 at 16 C idle, +0.215 load, +0.215 over 16-28 C
  EXPECT_NEAR(fan_airflow_ratio(p, 0.0, 16.0), 0.01, 1e-12);
  EXPECT_NEAR(fan_airflow_ratio(p, 0.0, 28.0), 0.225, 1e-12);  // json IT_FAN_AIRFLOW_RATIO_UB[0]
  EXPECT_NEAR(fan_airflow_ratio(p, 1.0, 16.0), 0.225, 1e-12);  // json IT_FAN_AIRFLOW_RATIO_LB[1]
  EXPECT_NEAR(fan_airflow_ratio(p, 1.0, 28.0), 0.44, 1e-12);
  // Cube law: 20 W * 0.44^3 = 1.703680 W (hand).
  EXPECT_NEAR(fan_power_W(p, 1.0, 28.0), 1.703680, 1e-6);
  EXPECT_NEAR(fan_airflow_ratio(p, 1.0, 80.0), 1.0, 1e-12);  // capped
  // Whole server: 200 W base at full load, 28 C: 200 * 1.024 + 1.70368 = 206.50368 W.
  const ServerThermalParams sp;
  EXPECT_NEAR(server_power_W(sp, 200.0, 1.0, 28.0), 206.50368, 1e-6);
  // The array form agrees element by element and checks sizes.
  const std::vector<double> base{200.0, 100.0}, load{1.0, 0.3}, inlet{28.0, 20.0};
  std::vector<double> out(2);
  server_power_W(sp, base, load, inlet, out);
  EXPECT_DOUBLE_EQ(out[0], server_power_W(sp, 200.0, 1.0, 28.0));
  EXPECT_DOUBLE_EQ(out[1], server_power_W(sp, 100.0, 0.3, 20.0));
  std::vector<double> short_out(1);
  EXPECT_THROW(server_power_W(sp, base, load, inlet, short_out), std::invalid_argument);
}

TEST(ServerThermal, EnergyPlusIteExampleCurves) {
  const EnergyPlusIteParams p;  // 500 W design, fan fraction 0.4, json curves
  // Design point (load 1, 15 C): CPU(1, 15) = 1.00005, AIR = 1.0 -> total 500.015 W, airflow 0.05 m3/s.
  IteResult r = energyplus_ite(p, 1.0, 15.0);
  EXPECT_NEAR(r.total_W, 500.015, 1e-9);
  EXPECT_NEAR(r.airflow_m3_s, 0.05, 1e-12);
  // 20 C: CPU = 1.3334 -> 400.02 W; airflow ratio 1.5 -> fan 300 W (the +6.67 %/K placeholder the json flags).
  r = energyplus_ite(p, 1.0, 20.0);
  EXPECT_NEAR(r.cpu_W, 400.02, 1e-9);
  EXPECT_NEAR(r.fan_W, 300.0, 1e-9);
  // Half load at 25 C: CPU = -0.5 + 1.66675 -> 350.025 W; airflow 1.55 -> fan 310 W.
  r = energyplus_ite(p, 0.5, 25.0);
  EXPECT_NEAR(r.total_W, 660.025, 1e-9);
}

TEST(AshraeClasses, JsonEnvelopes) {
  // Values from json "ashrae_tc99_classes_2011_energyplus" (RH as fractions).
  EXPECT_TRUE(within(AshraeClass::A1, 20.0, 10.0, 0.5));
  EXPECT_TRUE(within(AshraeClass::A1, 32.0, 10.0, 0.5));  // inclusive
  EXPECT_FALSE(within(AshraeClass::A1, 33.0, 10.0, 0.5));
  EXPECT_TRUE(within(AshraeClass::A2, 33.0, 10.0, 0.5));
  EXPECT_FALSE(within(AshraeClass::A1, 20.0, 18.0, 0.5));  // dew point > 17
  EXPECT_TRUE(within(AshraeClass::A2, 20.0, 18.0, 0.5));
  EXPECT_FALSE(within(AshraeClass::A3, 20.0, -13.0, 0.1));  // dew point < -12
  EXPECT_TRUE(within(AshraeClass::A4, 45.0, 20.0, 0.3));
  EXPECT_FALSE(within(AshraeClass::A4, 46.0, 20.0, 0.3));
  EXPECT_TRUE(within(AshraeClass::A3, 25.0, 15.0, 0.85));
  EXPECT_FALSE(within(AshraeClass::A1, 25.0, 15.0, 0.85));  // RH > 80 %
  EXPECT_FALSE(within(AshraeClass::A1, 25.0, 0.0, 0.15));   // RH < 20 %
  EXPECT_TRUE(within(AshraeClass::C, 40.0, 28.0, 0.5));
  EXPECT_FALSE(within(AshraeClass::B, 36.0, 20.0, 0.5));
  // Recommended: 18-27 C.
  EXPECT_TRUE(within(AshraeClass::Recommended, 26.0, 10.0, 0.5));
  EXPECT_FALSE(within(AshraeClass::Recommended, 27.5, 10.0, 0.5));
  EXPECT_FALSE(within(AshraeClass::Recommended, 17.0, 10.0, 0.5));
}

TEST(AshraeClasses, HoursOutside) {
  const std::vector<double> db{20.0, 33.0, 25.0, 14.0}, dp{10.0, 10.0, 10.0, 5.0}, rh{0.5, 0.4, 0.5, 0.5};
  // A1: 33 C and 14 C are outside -> 2 steps of 1 h.
  EXPECT_NEAR(hours_outside(AshraeClass::A1, db, dp, rh, 1.0), 2.0, 1e-12);
  const std::vector<double> short_rh{0.5};
  EXPECT_THROW(hours_outside(AshraeClass::A1, db, dp, short_rh, 1.0), std::invalid_argument);
}
