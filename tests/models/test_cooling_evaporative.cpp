// Direct and indirect evaporative coolers (EnergyPlus ResearchSpecial forms, json "evaporative_2Zone_example").
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/cooling/evaporative.hpp"

using namespace dcsim::cooling;

TEST(DirectEvaporative, OutletPowerAndWaterByHand) {
  const DirectEvapParams p;  // eff 0.7, limits 16-20 C dry-bulb, <= 18 C wet-bulb
  // Hand: 19 C / 12 C -> T_out = 19 - 0.7 * 7 = 14.1 C. At 10 m3/s: cooling = 1.19 * 1006 * 10 * 4.9 = 58659.9 W;
  // evaporation = 58659.9 / (2.45e6 * 998) = 2.399078e-5 m3/s; blowdown = evaporation / (3 - 1);
  // pump = 55 W/(m3/s) * 10 = 550 W.
  const EvapResult r = direct_evaporative(p, 10.0, 19.0, 12.0);
  EXPECT_EQ(r.mode, EvapMode::Wet);
  EXPECT_NEAR(r.outlet_C, 14.1, 1e-12);
  EXPECT_NEAR(r.cooling_W, 58659.86, 0.01);
  EXPECT_NEAR(r.evaporation_m3_s, 2.399078e-5, 1e-10);
  EXPECT_NEAR(r.blowdown_m3_s, 2.399078e-5 / 2.0, 1e-10);
  EXPECT_NEAR(r.water_m3_s, 1.5 * 2.399078e-5, 1e-10);
  EXPECT_NEAR(r.pump_W, 550.0, 1e-9);
}

TEST(DirectEvaporative, LimitsAndSetpoint) {
  const DirectEvapParams p;
  // Outside the json operating limits the cooler is off and the air passes unchanged.
  EXPECT_EQ(direct_evaporative(p, 10.0, 25.0, 15.0).mode, EvapMode::Off);  // dry-bulb > 20 C
  EXPECT_EQ(direct_evaporative(p, 10.0, 15.0, 10.0).mode, EvapMode::Off);  // dry-bulb < 16 C
  EXPECT_EQ(direct_evaporative(p, 10.0, 19.5, 18.5).mode, EvapMode::Off);  // wet-bulb > 18 C
  EXPECT_NEAR(direct_evaporative(p, 10.0, 25.0, 15.0).outlet_C, 25.0, 1e-12);
  // Setpoint 16 C: part load (19 - 16) / (19 - 14.1) = 0.612245, outlet exactly 16 C, pump 550 * 0.612245.
  const EvapResult r = direct_evaporative(p, 10.0, 19.0, 12.0, 16.0);
  EXPECT_NEAR(r.part_load, 0.612245, 1e-6);
  EXPECT_NEAR(r.outlet_C, 16.0, 1e-12);
  EXPECT_NEAR(r.pump_W, 550.0 * 0.612245, 1e-3);
  // Bad parameters throw.
  DirectEvapParams bad;
  bad.effectiveness = 1.5;
  EXPECT_THROW(direct_evaporative(bad, 10.0, 19.0, 12.0), std::invalid_argument);
  bad = DirectEvapParams{};
  bad.blowdown_concentration_ratio = 1.0;
  EXPECT_THROW(direct_evaporative(bad, 10.0, 19.0, 12.0), std::invalid_argument);
}

TEST(IndirectEvaporative, WetDryAndOffModes) {
  const IndirectEvapParams p;  // wet-bulb eff 0.70, dry-bulb eff 0.72
  // Wet, hand: 35 C return air, outdoor 30 C / 20 C: T_out = 35 - 0.7 * 15 = 24.5 C; 5 m3/s primary ->
  // secondary 7 m3/s, fan 200 * 7 = 1400 W, pump 150 * 5 = 750 W.
  const EvapResult wet = indirect_evaporative(p, 5.0, 35.0, 30.0, 20.0);
  EXPECT_EQ(wet.mode, EvapMode::Wet);
  EXPECT_NEAR(wet.outlet_C, 24.5, 1e-12);
  EXPECT_NEAR(wet.fan_W, 1400.0, 1e-9);
  EXPECT_NEAR(wet.pump_W, 750.0, 1e-9);
  EXPECT_NEAR(wet.evaporation_m3_s, wet.cooling_W / (2.45e6 * 998.0), 1e-12);
  // Dry (outdoor 10 C < 20 C): T_out = 35 - 0.72 * 25 = 17.0 C, no pump, no water.
  const EvapResult dry = indirect_evaporative(p, 5.0, 35.0, 10.0, 6.0);
  EXPECT_EQ(dry.mode, EvapMode::Dry);
  EXPECT_NEAR(dry.outlet_C, 17.0, 1e-12);
  EXPECT_EQ(dry.pump_W, 0.0);
  EXPECT_EQ(dry.water_m3_s, 0.0);
  // Off: outdoor wet-bulb above 24 C.
  EXPECT_EQ(indirect_evaporative(p, 5.0, 35.0, 32.0, 25.0).mode, EvapMode::Off);
  // Setpoint 27 C on the wet case: PLR (35 - 27) / (35 - 24.5) = 0.761905.
  EXPECT_NEAR(indirect_evaporative(p, 5.0, 35.0, 30.0, 20.0, 27.0).part_load, 0.761905, 1e-6);
}
