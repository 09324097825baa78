// Direct and indirect air-side economizers: hand cases and the README economizer-hour counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/cooling/air_economizer.hpp"
#include "models/weather/epw_reader.hpp"

#ifndef DCSIM_SHARED_DIR
#define DCSIM_SHARED_DIR DCSIM_SOURCE_DIR "/../shared"
#endif

using namespace dcsim::cooling;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
// Room air flow for 100 kW across 18 -> 30 C: 100000 / (1.204 * 1006 * 12) = 6.880093 m3/s.
constexpr double kFlow100kW = 6.880093;
}  // namespace

TEST(DirectAirEconomizer, FullMixedAndOffByHand) {
  // Reference: hand computation with supply 18 C, return 30 C, 100 kW, 200 W/(m3/s):
  //  - outdoor 10 C, dew point 5 C: full; outdoor-air fraction (30-18)/(30-10) = 0.6 -> 4.128056 m3/s, 825.611 W
  //  - outdoor 24 C (limit raised to 30 C): partial, free (30-24)/12 = 0.5, 100% outdoor air -> 1376.019 W
  //  - default limits 23 C / 13.5 C (EnergyPlus 2-zone example): 24 C off; 20 C with dew point 14 C off
  //  - outdoor 31 C above return: off even without limits; -25 C below a -20 C low limit: off
  const DirectAirEconomizer eco;
  EconomizerResult r = eco.evaluate(100000.0, 18.0, 30.0, 10.0, 5.0);
  EXPECT_EQ(r.mode, EconomizerMode::Full);
  EXPECT_EQ(r.free_fraction, 1.0);
  EXPECT_EQ(r.mechanical_heat_W, 0.0);
  EXPECT_NEAR(r.outdoor_air_flow_m3s, 0.6 * kFlow100kW, 1e-5);
  EXPECT_NEAR(r.fan_W, 825.611, 1e-3);

  const DirectAirEconomizer wide(DirectAirEconomizerParams{30.0, 13.5});
  r = wide.evaluate(100000.0, 18.0, 30.0, 24.0, 10.0);
  EXPECT_EQ(r.mode, EconomizerMode::Partial);
  EXPECT_NEAR(r.free_fraction, 0.5, 1e-12);
  EXPECT_NEAR(r.mechanical_heat_W, 50000.0, 1e-6);
  EXPECT_NEAR(r.fan_W, 1376.019, 1e-3);

  EXPECT_EQ(eco.evaluate(100000.0, 18.0, 30.0, 24.0, 10.0).mode, EconomizerMode::Off);
  r = eco.evaluate(100000.0, 18.0, 30.0, 20.0, 14.0);
  EXPECT_EQ(r.mode, EconomizerMode::Off);
  EXPECT_EQ(r.mechanical_heat_W, 100000.0);
  EXPECT_EQ(r.fan_W, 0.0);
  const DirectAirEconomizer unlimited(DirectAirEconomizerParams{kInf, kInf});
  EXPECT_EQ(unlimited.evaluate(100000.0, 18.0, 30.0, 31.0, 0.0).free_fraction, 0.0);
  DirectAirEconomizerParams low;
  low.min_dry_bulb_C = -20.0;
  EXPECT_EQ(DirectAirEconomizer(low).evaluate(100000.0, 18.0, 30.0, -25.0, -30.0).mode, EconomizerMode::Off);
}

TEST(IndirectAirEconomizer, EffectivenessByHand) {
  // Reference: hand computation, eps 0.72, supply 18 C, return 30 C, 100 kW:
  //  - outdoor 20 C: free = 0.72 * 10 / 12 = 0.6 (no humidity limit: dew point is irrelevant), fan 1376.019 W
  //  - outdoor 10 C: 0.72 * 20 / 12 = 1.2 -> full, secondary flow turned down by 1/1.2: 5.733411 m3/s, 1146.682 W
  //  - outdoor 30 C = return: off
  const IndirectAirEconomizer eco;
  EconomizerResult r = eco.evaluate(100000.0, 18.0, 30.0, 20.0);
  EXPECT_EQ(r.mode, EconomizerMode::Partial);
  EXPECT_NEAR(r.free_fraction, 0.6, 1e-12);
  EXPECT_NEAR(r.mechanical_heat_W, 40000.0, 1e-6);
  EXPECT_NEAR(r.fan_W, 1376.019, 1e-3);
  r = eco.evaluate(100000.0, 18.0, 30.0, 10.0);
  EXPECT_EQ(r.mode, EconomizerMode::Full);
  EXPECT_NEAR(r.outdoor_air_flow_m3s, kFlow100kW / 1.2, 1e-5);
  EXPECT_NEAR(r.fan_W, 1146.682, 1e-3);
  EXPECT_EQ(eco.evaluate(100000.0, 18.0, 30.0, 30.0).mode, EconomizerMode::Off);
  EXPECT_THROW(IndirectAirEconomizer(IndirectAirEconomizerParams{1.5}), std::invalid_argument);
}

TEST(AirEconomizer, ConditionsInOverloadAgrees) {
  // Reference: the ConditionsIn overloads must equal the explicit-argument calls (same hand case as above).
  ConditionsIn c;
  c.supply_air_C = 18.0;
  c.return_air_C = 30.0;
  c.outdoor_dry_bulb_C = 10.0;
  c.outdoor_dew_point_C = 5.0;
  EXPECT_NEAR(DirectAirEconomizer().evaluate(100000.0, c).fan_W, 825.611, 1e-3);
  EXPECT_NEAR(IndirectAirEconomizer().evaluate(100000.0, c).fan_W, 1146.682, 1e-3);
}

TEST(DirectAirEconomizerShared, ReproducesReadmeEconomizerHours) {
  // Reference: /work/shared/data/README.md table (8760 h): dry-bulb <= 18 C and full air-side
  // (dry-bulb <= 18 C and dew point <= 15 C) hours, counted as hours of full free cooling of a direct
  // economizer with an 18 C supply and 30 C return, exact.
  struct Case {
    const char* file;
    int dry_bulb_hours, air_side_hours;
  };
  const Case cases[] = {{"USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw", 7587, 7572},
                        {"USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw", 6152, 6034},
                        {"USA_AZ_Davis-Monthan.AFB.722745_TMY3.epw", 3365, 3316}};
  const DirectAirEconomizer dry_bulb_only(DirectAirEconomizerParams{kInf, kInf});
  const DirectAirEconomizer with_dew_point(DirectAirEconomizerParams{kInf, 15.0});
  for (const auto& c : cases) {
    const std::string path = std::string(DCSIM_SHARED_DIR) + "/data/weather/" + c.file;
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
    const auto series = dcsim::weather::read_epw(path);
    int full_db = 0, full_air = 0;
    for (const auto& h : series.hours()) {
      full_db += dry_bulb_only.evaluate(1e5, 18.0, 30.0, h.dry_bulb_C, h.dew_point_C).mode == EconomizerMode::Full;
      full_air += with_dew_point.evaluate(1e5, 18.0, 30.0, h.dry_bulb_C, h.dew_point_C).mode == EconomizerMode::Full;
    }
    EXPECT_EQ(full_db, c.dry_bulb_hours) << c.file;
    EXPECT_EQ(full_air, c.air_side_hours) << c.file;
  }
}
