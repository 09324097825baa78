// Facility designs from YAML through the hourly facility path (sim/cooling_plant, sim/facility,
// sim/facility_year). The component models' own reference checks (Moore COP at 15/20/25 C, DOE-2 chiller COP
// 5.51 / 6.23, YorkCalc 3.835 K, EnergyPlus ITE curves) live in tests/models/ and are not repeated here.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "sim/cooling_plant.hpp"
#include "sim/facility.hpp"
#include "sim/facility_year.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/site_layout.hpp"
#include "sim/spec_reader.hpp"

#ifndef DCSIM_SHARED_DIR
#define DCSIM_SHARED_DIR DCSIM_SOURCE_DIR "/../shared"
#endif

namespace dcsim {
namespace {

namespace fs = std::filesystem;

CoolingSpec spec_from(const std::string& cooling_yaml, const std::string& facility_yaml = "") {
  spec::Context ctx;
  ctx.file = "test.yaml";
  YAML::Node c = YAML::Load(cooling_yaml.empty() ? "{}" : cooling_yaml);
  spec::MapReader r(ctx, c, "cooling", YAML::Clone(c));
  CoolingSpec s = read_cooling_section(r);
  r.finish();
  YAML::Node f = YAML::Load(facility_yaml.empty() ? "{}" : facility_yaml);
  spec::MapReader fr(ctx, f, "facility", YAML::Clone(f));
  read_facility_section(fr, s);
  fr.finish();
  ctx.throw_if_errors();
  return s;
}

// A lossless-as-possible chain: PDU and transformer 0, UPS with zero loss coefficients.
power::PowerChain lossless_chain() {
  power::PowerChainConfig cfg;
  cfg.pdu = {0, 0, 1};
  cfg.transformer = {0, 0, 0};
  cfg.ups = power::UpsConfig::sized_for(2e6, 500e3, power::UpsRedundancy::N, {0, 0, 0});
  return power::PowerChain(cfg);
}

power::PowerChain default_chain() {
  power::PowerChainConfig cfg;  // PDU 2%, transformer 1.5%, transformerless UPS
  cfg.ups = power::UpsConfig::sized_for(1.2e6, 500e3, power::UpsRedundancy::NPlus1);
  return power::PowerChain(cfg);
}

ItProfile flat_profile(double servers_W, double network_W = 0, size_t hours = 24) {
  ItProfile p;
  p.servers_W.assign(hours, servers_W);
  p.network_W.assign(hours, network_W);
  return p;
}

std::string weather_file(const char* name) { return std::string(DCSIM_SHARED_DIR) + "/data/weather/" + name; }

struct City {
  const char* file;
  double db18, air_side, wb125;  // ../shared/data/README.md "Economizer hours these files give"
};
const City kCities[] = {
    {"USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw", 7587, 7572, 5941},
    {"USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw", 6152, 6034, 5525},
    {"USA_AZ_Davis-Monthan.AFB.722745_TMY3.epw", 3365, 3316, 5159},
};

TEST(FacilityDesigns, CracThroughTheFacilityPathMatchesHandCalculation) {
  // Hand: PDU 2% of 500 kW = 10 kW; UPS (transformerless, N+1 of 500 kW modules, 3 active for 1.2 MW -> N=3,
  // 4 active) loss = 4 x 500 kW x (0.0055 + 0.0305 x + 0.0002 x^2), x = 510 kW / 2000 kW; room heat = IT + PDU +
  // UPS; cooling = heat / COP(20 C) with COP = 0.0068*400 + 0.0008*20 + 0.458 = 3.194 (Moore et al. 2005).
  const auto spec = spec_from("{type: crac, supply_temperature: 20C}");
  const auto plant = build_cooling(spec, 1e6);
  const auto chain = default_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  const auto w = weather::make_weather_hour(30, 15, 101325);
  const auto f = eval.evaluate(480e3, 20e3, w);
  const double x = 510e3 / 2000e3;
  const double ups = 2000e3 * (0.0055 + 0.0305 * x + 0.0002 * x * x);
  const double heat = 500e3 + 10e3 + ups;
  EXPECT_NEAR(f.heat_W, heat, 1e-6);
  EXPECT_NEAR(f.cooling_W, heat / 3.194, 1e-6);
  EXPECT_NEAR(f.cooling.compressor_W, f.cooling_W, 1e-9);
  // Transformer 1.5% of everything it feeds.
  EXPECT_NEAR(f.facility_W, (500e3 + 10e3 + ups + f.cooling_W) * 1.015, 1e-6);
  EXPECT_LT(f.energy_balance_error_W(), 1e-6);
  EXPECT_LT(f.heat_balance_error_W(), 1e-6);
  // Rack inlet = supply + 2 K (contained preset, EnergyPlus 1-zone example).
  EXPECT_DOUBLE_EQ(f.rack_inlet_C, 22.0);
}

TEST(FacilityDesigns, EconomizerHoursPerClimateMatchTheDataReadme) {
  // Full air-side economizer = dry-bulb <= 18 C and dew point <= 15 C (supply 18 C, limits 18 C / 15 C, no low
  // limit): exactly the README's "air-side hours". The facility path's weather gives the README's dry-bulb and
  // wet-bulb counts exactly too.
  const auto spec = spec_from(
      "{type: air-economizer, supply_temperature: 18C, trim: {type: crac},"
      " economizer: {kind: direct, max_dry_bulb: 18C, max_dew_point: 15C, min_dry_bulb: -60C}}");
  const auto plant = build_cooling(spec, 1e6);
  const auto chain = lossless_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  for (const auto& c : kCities) {
    if (!fs::exists(weather_file(c.file))) GTEST_SKIP() << "no " << c.file;
    WeatherSpec ws;
    ws.kind = "file";
    ws.file = weather_file(c.file);
    const auto weather = make_weather_series(ws);
    ASSERT_EQ(weather.size(), 8760u);
    double db = 0, wb = 0;
    for (const auto& h : weather.hours()) db += h.dry_bulb_C <= 18.0, wb += h.wet_bulb_C <= 12.5;
    EXPECT_EQ(db, c.db18) << c.file;
    EXPECT_EQ(wb, c.wb125) << c.file;
    const auto r = run_facility_year(eval, spec, weather, flat_profile(500e3), {});
    EXPECT_EQ(r.free_cooling_hours, c.air_side) << c.file;
  }
}

TEST(FacilityDesigns, WaterSideEconomizerHoursBracketedByTheWetBulbRule) {
  // 18 C chilled water: full free cooling when Twb + tower approach(Twb) + 1.5 K HX <= 18 C. The README's
  // wet-bulb <= 12.5 C is that rule with a fixed 4 K approach. YorkCalc's approach at Twb <= 14 C is above 4 K
  // (4.07 K at 14 C, range 3 K, L/G 1; 6.6 K at range 5.56 K) and below 8 K for Twb >= 8.5 C at range <= 5.56 K
  // (8.39 K at 8 C), so the plant's free hours lie between count(Twb <= 8.5 C) and the README's count(Twb <= 12.5 C).
  const auto spec = spec_from(
      "{type: chilled-water, supply_temperature: 24C,"
      " chilled_water: {supply_temperature: 18C, water_side_economizer: integrated, hx_approach: 1.5K}}");
  const auto plant = build_cooling(spec, 1e6);
  const auto chain = lossless_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  for (const auto& c : kCities) {
    if (!fs::exists(weather_file(c.file))) GTEST_SKIP() << "no " << c.file;
    WeatherSpec ws;
    ws.kind = "file";
    ws.file = weather_file(c.file);
    const auto weather = make_weather_series(ws);
    double low = 0;
    for (const auto& h : weather.hours()) low += h.wet_bulb_C <= 8.5;
    const auto r = run_facility_year(eval, spec, weather, flat_profile(700e3), {});
    EXPECT_LE(r.free_cooling_hours, c.wb125) << c.file;
    EXPECT_GE(r.free_cooling_hours, low) << c.file;
    EXPECT_GT(r.water_m3, 0) << c.file;  // the tower evaporates water all year
  }
}

TEST(FacilityDesigns, EveryShippedDesignHoldsTheInvariantsEveryHourInEveryClimate) {
  // Invariants (checked by run_facility_year at every hour, which throws on violation): facility = IT + cooling
  // + losses; heat removed + unmet = IT heat + in-room losses. Also the speed bound: <= 0.5 s per
  // design-year once the IT profile exists.
  const fs::path dir = fs::path(DCSIM_SOURCE_DIR) / "scenarios" / "cooling";
  int runs = 0;
  for (const auto& c : kCities) {
    if (!fs::exists(weather_file(c.file))) GTEST_SKIP() << "no " << c.file;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml" || entry.path().stem() == "all") continue;
      const auto sc = load_scenario(entry.path().string(), {"site.weather.file=" + weather_file(c.file)});
      const auto layout = build_site_layout(sc);
      const FacilityEvaluator eval(*layout.power_chain, *layout.cooling, sc.cooling);
      ItProfile p;  // a diurnal swing between 45% and 85% of the design IT load
      for (int h = 0; h < 24; ++h) {
        p.servers_W.push_back(layout.design_it_W * (0.65 + 0.2 * std::sin(h * M_PI / 12)));
        p.network_W.push_back(layout.network_static_W);
      }
      YearResult r;
      ASSERT_NO_THROW(r = run_facility_year(eval, sc.cooling, make_weather_series(sc.site.weather), p, {}))
          << entry.path() << " " << c.file;
      EXPECT_LT(r.max_energy_balance_error_W, 1e-6 * r.peak_facility_W) << entry.path();
      EXPECT_LT(r.max_heat_balance_error_W, 1e-6 * r.peak_facility_W) << entry.path();
      EXPECT_GT(r.pue(), 1.0) << entry.path();
      EXPECT_LT(r.pue(), 2.0) << entry.path();  // reference PUEs: enterprise ~2.0, best fleets 1.07-1.10
      EXPECT_LT(r.wall_s, 0.5) << entry.path();
      EXPECT_EQ(r.hours, 8760);
      ++runs;
    }
  }
  EXPECT_GE(runs, 3 * 6);
}

TEST(FacilityDesigns, LiquidCaptureSplitsTheHeat) {
  // 80% capture, 1000 servers of 100 W (cold-plate limit (85 - 32) / 0.05 = 1060 W each, not binding):
  // liquid = 0.8 x 100 kW = 80 kW; air = 20 kW of servers + 10 kW network (lossless chain).
  const auto spec = spec_from("{type: liquid, liquid: {capture_fraction: 0.8}, air_plant: {type: crac}}");
  const auto plant = build_cooling(spec, 110e3, 1000);
  const auto chain = lossless_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  const auto f = eval.evaluate(100e3, 10e3, weather::make_weather_hour(10, 0, 101325));
  EXPECT_NEAR(f.cooling.liquid_heat_W, 80e3, 1e-6);
  EXPECT_NEAR(f.cooling.air_heat_W, 30e3, 1e-6);
  EXPECT_LT(f.heat_balance_error_W(), 1e-6);
}

TEST(FacilityDesigns, ImmersionRemovesServerFansFromItPower) {
  // fan_fraction 0.06: 100 kW of servers become 94 kW in the design year; 6 kW x 8760 h = 52,560 kWh removed.
  const auto spec = spec_from("{type: immersion, liquid: {fan_fraction: 0.06}, air_plant: {type: crac}}");
  const auto plant = build_cooling(spec, 110e3, 1000);
  const auto chain = lossless_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  const auto r = run_facility_year(eval, spec, weather::WeatherSeries::constant(15, weather::DewPoint{5}),
                                   flat_profile(100e3), {});
  EXPECT_NEAR(r.servers_J / 3.6e6, 94.0 * 8760, 1e-6);
  EXPECT_NEAR(r.fan_removed_J / 3.6e6, 6.0 * 8760, 1e-6);
}

TEST(FacilityDesigns, ServerThermalResponseByHand) {
  // One server, curve 100 W idle / 300 W peak, drawing 200 W -> u = 0.5; inlet = 22 C supply + 2 K = 24 C.
  // Leakage 1 + 0.002 (24 - 16) = 1.016 -> 203.2 W; fan ratio 0.01 + 0.215 x 0.5 + (0.215/12) x 8 = 0.2608333,
  // fan 20 W x r^3 = 0.354918 W (models/thermal/server_thermal.hpp defaults, SustainDC form). Total 203.554918 W.
  const auto spec = spec_from("{type: constant-cop, cop: 4, supply_temperature: 22C}",
                              "{thermal: {server_response: {enabled: true}}}");
  const auto plant = build_cooling(spec, 1e3);
  const auto chain = lossless_chain();
  FacilityEvaluator eval(chain, *plant, spec);
  eval.set_server_totals({100.0, 300.0, 1});
  const auto w = weather::make_weather_hour(20, 10, 101325);
  const double r = 0.01 + 0.215 * 0.5 + 0.215 / 12 * 8;
  EXPECT_NEAR(eval.evaluate(200.0, 0.0, w, true).servers_W, 200 * 1.016 + 20 * r * r * r, 1e-9);
  EXPECT_DOUBLE_EQ(eval.evaluate(200.0, 0.0, w, false).servers_W, 200.0);  // the engine path keeps its power
}

TEST(FacilityDesigns, RecirculationMatrixFromCsvByHand) {
  // One rack (40 servers x 380 W peak = 15.2 kW) whose exhaust returns to its own inlet with fraction f = 0.2:
  // D = 1/(K(1-f)) - 1/K = f / (K (1-f)), K = rho cp V = P_peak / dT_air (flow sized for 11.3 K), so the inlet
  // rises by f dT_air / ((1-f) P_peak) per W of rack power (Tang et al. 2008 with n = 1).
  const fs::path dir = fs::temp_directory_path() / "dcsim_test_recirc";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "a.csv");
    out << "# A(i,j): share of rack i's exhaust reaching rack j's inlet\n0.2\n";
  }
  const auto file = (fs::path(DCSIM_SOURCE_DIR) / "scenarios" / "cooling" / "crac.yaml").string();
  const auto sc = load_scenario(file, {"halls[0].racks[0].count=1", "facility.thermal.recirculation.file=" +
                                                                         (dir / "a.csv").string()});
  const auto layout = build_site_layout(sc);
  const auto racks = build_rack_inlets(sc, layout);
  ASSERT_EQ(racks.rise_K_per_W.size(), 1u);
  EXPECT_NEAR(racks.rise_K_per_W[0], 0.2 * 11.3 / (0.8 * 15200.0), 1e-12);
  {
    std::ofstream out(dir / "bad.csv");
    out << "0.2, 0.1\n";  // two values for one rack
  }
  const auto bad = load_scenario(file, {"halls[0].racks[0].count=1", "facility.thermal.recirculation.file=" +
                                                                       (dir / "bad.csv").string()});
  try {
    build_rack_inlets(bad, build_site_layout(bad));
    FAIL() << "2 values for 1 rack accepted";
  } catch (const InputErrors& e) {
    EXPECT_EQ(e.errors()[0].line, 1);
  }
  {
    std::ofstream out(dir / "bad2.csv");
    out << "\n1.5\n";  // not a fraction
  }
  const auto bad2 = load_scenario(file, {"halls[0].racks[0].count=1", "facility.thermal.recirculation.file=" +
                                                                        (dir / "bad2.csv").string()});
  try {
    build_rack_inlets(bad2, build_site_layout(bad2));
    FAIL() << "1.5 accepted";
  } catch (const InputErrors& e) {
    EXPECT_EQ(e.errors()[0].line, 2);
  }
  fs::remove_all(dir);
}

TEST(FacilityDesigns, CarbonAndTimeOfUseCostByHand) {
  // Constant weather and load: facility power P constant; cost per day = P/1000 x (12 h x 0.14 + 12 h x 0.10);
  // carbon = facility kWh x 0.3 kg/kWh.
  const auto spec = spec_from("{type: constant-cop, cop: 4}",
                              "{carbon: {intensity: 300g/kWh}, tariff: {price_per_kWh: 0.10,"
                              " time_of_use: [{from_hour: 8, to_hour: 20, price_per_kWh: 0.14}]}}");
  const auto plant = build_cooling(spec, 1e6);
  const auto chain = lossless_chain();
  const FacilityEvaluator eval(chain, *plant, spec);
  const auto r = run_facility_year(eval, spec, weather::WeatherSeries::constant(20, weather::DewPoint{10}),
                                   flat_profile(400e3), {});
  const double P_kW = 400.0 * 1.25;  // COP 4, no losses
  EXPECT_NEAR(r.facility_J / 3.6e6, P_kW * 8760, 1e-6);
  EXPECT_NEAR(r.cost, P_kW * (12 * 0.14 + 12 * 0.10) * 365, 1e-6);
  EXPECT_NEAR(r.carbon_kg, P_kW * 8760 * 0.3, 1e-6);
  EXPECT_NEAR(r.pue(), 1.25, 1e-12);
}

TEST(FacilityDesigns, BadCoolingSectionsGiveLineNumbers) {
  // Two malformed sections: an unknown type (with the choices listed) and an out-of-range chilled water
  // temperature; each error names the line of the offending key.
  try {
    spec_from("type: crac\nsupply_temperature: 20C\ntype2: x\n");
    FAIL() << "unknown key accepted";
  } catch (const InputErrors& e) {
    ASSERT_FALSE(e.errors().empty());
    EXPECT_EQ(e.errors()[0].line, 3);
  }
  try {
    spec_from("type: chilled-water\nchilled_water:\n  supply_temperature: 40C\n");
    FAIL() << "40 C chilled water accepted";
  } catch (const InputErrors& e) {
    ASSERT_FALSE(e.errors().empty());
    EXPECT_EQ(e.errors()[0].line, 3);
    EXPECT_NE(e.errors()[0].message.find("4C to 30C"), std::string::npos);
  }
  try {
    spec_from("type: liquidd\n");
    FAIL() << "unknown type accepted";
  } catch (const InputErrors& e) {
    EXPECT_EQ(e.errors()[0].line, 1);
  }
}

TEST(FacilityDesigns, CarbonCsvReaderReportsFileAndLine) {
  const fs::path dir = fs::temp_directory_path() / "dcsim_test_carbon";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "bad_number.csv");
    out << "hour,kg_per_kWh\n0,0.4\n1,abc\n";
  }
  try {
    read_carbon_csv((dir / "bad_number.csv").string());
    FAIL();
  } catch (const InputErrors& e) {
    EXPECT_EQ(e.errors()[0].line, 3);
  }
  {
    std::ofstream out(dir / "short.csv");
    out << "g_per_kWh\n400\n410\n";
  }
  try {
    read_carbon_csv((dir / "short.csv").string());
    FAIL();
  } catch (const InputErrors& e) {
    EXPECT_NE(e.errors()[0].message.find("expected 8760"), std::string::npos);
  }
  {
    std::ofstream out(dir / "good.csv");
    out << "g_per_kWh\n";
    for (int h = 0; h < 8760; ++h) out << (h % 2 ? 500 : 300) << "\n";
  }
  const auto v = read_carbon_csv((dir / "good.csv").string());
  ASSERT_EQ(v.size(), 8760u);
  EXPECT_DOUBLE_EQ(v[0], 0.3);  // g/kWh header: divided by 1000
  EXPECT_DOUBLE_EQ(v[1], 0.5);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dcsim
