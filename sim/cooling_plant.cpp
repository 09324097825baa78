#include "sim/cooling_plant.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "models/weather/psychrometrics.hpp"
#include "sim/spec_reader.hpp"

namespace dcsim {
namespace {

using spec::MapReader;
using units::Dimension;

constexpr double kAirRho = 1.204, kAirCp = 1006.0;  // EnergyPlus standard air, as the cooling models

void read_room_plant(MapReader& r, RoomPlantSpec& p, bool type_given_outside) {
  if (!type_given_outside)
    p.type = r.choice("type", {"constant-cop", "crac", "crac-dx", "chilled-water"}, "crac");
  if (p.type == "constant-cop") p.cop = r.number("cop", std::nullopt, 0.1, 100.0);
  else {
    r.accept("cop");
    if (r.has("cop")) r.error("cop", "only read with type: constant-cop (type: crac computes its COP from the "
                                     "supply temperature, Moore et al. 2005)");
  }
  if (p.type == "crac-dx") {
    MapReader d = r.map_or_empty("dx");
    p.dx_units = static_cast<int>(d.integer("units", 0, 0, 100000));
    p.dx.rated_capacity_W = d.quantity("rated_capacity", Dimension::Power, "148300W");
    if (p.dx.rated_capacity_W <= 0) d.error("rated_capacity", "expected a positive power");
    p.dx.rated_cop = d.number("rated_cop", 4.5669, 0.5, 20.0);
    p.dx.rated_airflow_m3s = d.quantity("rated_airflow", Dimension::VolumeFlow, "8.5m3/s");
    if (p.dx.rated_airflow_m3s <= 0) d.error("rated_airflow", "expected a positive flow");
    p.dx.fan_max_flow_m3s = p.dx.rated_airflow_m3s;
    d.finish();
  } else {
    r.accept("dx");
    if (r.has("dx")) r.error("dx", "only read with type: crac-dx");
  }
  if (p.type == "chilled-water") {
    MapReader c = r.map_or_empty("chilled_water");
    auto& w = p.chw;
    w.chw_supply_C = c.quantity("supply_temperature", Dimension::Temperature, "12C");
    if (w.chw_supply_C < 4 || w.chw_supply_C > 30) c.error("supply_temperature", "expected 4C to 30C");
    w.chw_delta_T_K = c.quantity("delta_T", Dimension::TemperatureDelta, "5.56K");
    if (w.chw_delta_T_K <= 0.5 || w.chw_delta_T_K > 20) c.error("delta_T", "expected 0.5K to 20K");
    w.cond_delta_T_K = c.quantity("condenser_delta_T", Dimension::TemperatureDelta, "5.56K");
    if (w.cond_delta_T_K <= 0.5 || w.cond_delta_T_K > 20) c.error("condenser_delta_T", "expected 0.5K to 20K");
    const auto chiller = c.choice("chiller", {"doe2-centrifugal", "electric-2zone"}, "doe2-centrifugal");
    w.chiller_kind = chiller == "electric-2zone" ? cooling::ChillerKind::EnergyPlus2ZoneElectric
                                                 : cooling::ChillerKind::Doe2Centrifugal550;
    w.chiller_capacity_W = c.quantity("chiller_capacity", Dimension::Power, "0W");
    w.chiller_sizing_factor = c.number("sizing_factor", 1.15, 1.0, 3.0);
    p.water_side_economizer = c.choice("water_side_economizer", {"none", "integrated", "non-integrated"}, "none");
    w.economizer = p.water_side_economizer != "none";
    w.hx_approach_K = c.quantity("hx_approach", Dimension::TemperatureDelta, "1.5K");
    if (w.hx_approach_K < 0 || w.hx_approach_K > 10) c.error("hx_approach", "expected 0K to 10K");
    w.crah_air_delta_T_K = c.quantity("crah_air_delta_T", Dimension::TemperatureDelta, "12K");
    if (w.crah_air_delta_T_K <= 1) c.error("crah_air_delta_T", "expected more than 1K");
    w.crah_fan_pressure_Pa = c.quantity("crah_fan_pressure", Dimension::Pressure, "486Pa");
    w.chw_pump_head_Pa = c.quantity("chw_pump_head", Dimension::Pressure, "160000Pa");
    w.cond_pump_head_Pa = c.quantity("condenser_pump_head", Dimension::Pressure, "140000Pa");
    w.tower_fan_W_per_W = c.number("tower_fan_W_per_W", 0.0105, 0.0, 0.2);
    c.finish();
  } else {
    r.accept("chilled_water");
    if (r.has("chilled_water")) r.error("chilled_water", "only read with type: chilled-water");
  }
}

void read_trim(MapReader& r, const char* key, RoomPlantSpec& p) {
  MapReader t = r.map_or_empty(key);
  read_room_plant(t, p, false);
  t.finish();
}

void reject_unless(MapReader& r, const char* key, bool allowed, const std::string& why) {
  r.accept(key);
  if (!allowed && r.has(key)) r.error(key, why);
}

}  // namespace

CoolingSpec read_cooling_section(MapReader& r) {
  CoolingSpec c;
  c.raw = r.node();
  c.type = r.choice("type", {"constant-cop", "crac", "crac-dx", "chilled-water", "air-economizer", "evaporative",
                             "liquid", "immersion"},
                    "crac");
  c.supply_temperature_C = r.quantity("supply_temperature", Dimension::Temperature, "18C");
  if (c.supply_temperature_C < 5 || c.supply_temperature_C > 35)
    r.error("supply_temperature", "outside the models' range; expected 5C to 35C");
  c.air_delta_T_K = r.quantity("air_delta_T", Dimension::TemperatureDelta, "11.3K");
  if (c.air_delta_T_K < 2 || c.air_delta_T_K > 30) r.error("air_delta_T", "expected 2K to 30K");
  c.direct_economizer.min_dry_bulb_C = -20.0;  // json air_side_economizer_2Zone_example

  const bool plain = c.type == "constant-cop" || c.type == "crac" || c.type == "crac-dx" || c.type == "chilled-water";
  if (plain) {
    c.plant.type = c.type;
    read_room_plant(r, c.plant, true);
    c.cop = c.plant.cop;
  } else {
    for (auto k : {"cop", "dx", "chilled_water"})
      reject_unless(r, k, false, "belongs inside 'trim' or 'air_plant' for type: " + c.type);
  }
  const bool air_side = c.type == "air-economizer" || c.type == "evaporative";
  const bool liquid = c.type == "liquid" || c.type == "immersion";
  if (air_side) read_trim(r, "trim", c.plant);
  else reject_unless(r, "trim", false, "only read with type: air-economizer or evaporative");
  if (liquid) read_trim(r, "air_plant", c.plant);
  else reject_unless(r, "air_plant", false, "only read with type: liquid or immersion");

  if (c.plant.type == "chilled-water" && c.plant.chw.chw_supply_C > c.supply_temperature_C - 2.0)
    r.error("supply_temperature", "supply air must be at least 2K above the chilled water (" +
                                      units::format(c.plant.chw.chw_supply_C, Dimension::Temperature) +
                                      ") for the CRAH coils to work");
  if (air_side) {
    MapReader a = r.map_or_empty("air_handler");
    c.ahu_fan_pressure_Pa = a.quantity("fan_pressure", Dimension::Pressure, "486Pa");
    c.ahu_fan_efficiency = a.number("fan_efficiency", 0.7, 0.05, 1.0);
    a.finish();
  } else {
    reject_unless(r, "air_handler", false, "only read with type: air-economizer or evaporative");
  }

  if (c.type == "air-economizer" || c.type == "evaporative") {
    // The direct economizer's limits also apply to the evaporative design's plain outdoor-air hours.
    MapReader e = r.map_or_empty("economizer");
    if (c.type == "air-economizer") c.economizer = e.choice("kind", {"direct", "indirect"}, "direct");
    else reject_unless(e, "kind", false, "the evaporative design takes its kind from evaporative.kind");
    auto& d = c.direct_economizer;
    d.max_dry_bulb_C = e.quantity("max_dry_bulb", Dimension::Temperature, "23C");
    d.max_dew_point_C = e.quantity("max_dew_point", Dimension::Temperature, "13.5C");
    d.min_dry_bulb_C = e.quantity("min_dry_bulb", Dimension::Temperature, "-20C");
    if (d.min_dry_bulb_C >= d.max_dry_bulb_C) e.error("min_dry_bulb", "expected min_dry_bulb < max_dry_bulb");
    d.fan_W_per_m3s = e.number("fan_W_per_m3s", 200.0, 0.0, 5000.0);
    c.indirect_economizer.effectiveness = e.number("effectiveness", 0.72, 0.0, 1.0);
    c.indirect_economizer.fan_W_per_m3s = d.fan_W_per_m3s;
    e.finish();
  } else {
    reject_unless(r, "economizer", false, "only read with type: air-economizer or evaporative");
  }

  if (c.type == "evaporative") {
    MapReader e = r.map_or_empty("evaporative");
    c.evaporative = e.choice("kind", {"direct", "indirect"}, "indirect");
    auto& d = c.direct_evap;
    d.effectiveness = e.number("effectiveness", 0.7, 0.0, 1.0);
    d.min_inlet_db_C = e.quantity("min_inlet_dry_bulb", Dimension::Temperature, "16C");
    d.max_inlet_db_C = e.quantity("max_inlet_dry_bulb", Dimension::Temperature, "20C");
    d.max_inlet_wb_C = e.quantity("max_inlet_wet_bulb", Dimension::Temperature, "18C");
    if (d.min_inlet_db_C >= d.max_inlet_db_C) e.error("min_inlet_dry_bulb", "expected min < max_inlet_dry_bulb");
    auto& i = c.indirect_evap;
    i.wetbulb_effectiveness = e.number("wetbulb_effectiveness", 0.70, 0.0, 1.0);
    i.drybulb_effectiveness = e.number("drybulb_effectiveness", 0.72, 0.0, 1.0);
    i.wet_min_secondary_db_C = e.quantity("wet_min_outdoor_dry_bulb", Dimension::Temperature, "20C");
    i.wet_max_secondary_wb_C = e.quantity("wet_max_outdoor_wet_bulb", Dimension::Temperature, "24C");
    const double ratio = e.number("blowdown_concentration_ratio", 3.0, 1.01, 100.0);
    d.blowdown_concentration_ratio = i.blowdown_concentration_ratio = ratio;
    e.finish();
  } else {
    reject_unless(r, "evaporative", false, "only read with type: evaporative");
  }

  if (liquid) {
    MapReader l = r.map_or_empty("liquid");
    auto& p = c.liquid;
    p.immersion = c.type == "immersion";
    if (p.immersion) {
      p.cold_plate.capture_fraction = 1.0;
      p.cold_plate.thermal_resistance_K_per_W = 1e-9;  // the whole server sits in the fluid
      reject_unless(l, "capture_fraction", false, "immersion captures all server heat");
      c.immersion_fan_fraction = l.number("fan_fraction", 0.06, 0.0, 0.5);
    } else {
      p.cold_plate.capture_fraction = l.number("capture_fraction", 0.8, 0.0, 1.0);
      p.cold_plate.chip_max_C = l.quantity("chip_max", Dimension::Temperature, "85C");
      p.cold_plate.thermal_resistance_K_per_W = l.number("thermal_resistance_K_per_W", 0.05, 1e-6, 10.0);
      reject_unless(l, "fan_fraction", false, "only read with type: immersion");
    }
    p.fluid_supply_C = l.quantity("fluid_supply", Dimension::Temperature, "32C");
    if (p.fluid_supply_C < 5 || p.fluid_supply_C > 60) l.error("fluid_supply", "expected 5C to 60C");
    p.loop_delta_T_K = l.quantity("loop_delta_T", Dimension::TemperatureDelta, "10K");
    if (p.loop_delta_T_K <= 0.5) l.error("loop_delta_T", "expected more than 0.5K");
    p.cdu_approach_K = l.quantity("cdu_approach", Dimension::TemperatureDelta, "3K");
    const auto rej = l.choice("rejection", {"dry-cooler", "tower"}, "dry-cooler");
    p.rejection = rej == "tower" ? cooling::LiquidRejection::CoolingTower : cooling::LiquidRejection::DryCooler;
    p.dry_cooler.design_approach_K = l.quantity("dry_cooler_approach", Dimension::TemperatureDelta, "6K");
    if (p.dry_cooler.design_approach_K <= 0) l.error("dry_cooler_approach", "expected a positive difference");
    p.dry_cooler.fan_W_per_W = l.number("dry_cooler_fan_W_per_W", 0.015, 0.0, 0.2);
    l.finish();
  } else {
    reject_unless(r, "liquid", false, "only read with type: liquid or immersion");
  }
  return c;
}

void read_facility_section(MapReader& r, CoolingSpec& c) {
  MapReader t = r.map_or_empty("thermal");
  c.containment = t.choice("containment", {"contained", "partial", "open", "custom"}, "contained");
  if (c.containment == "custom") {
    c.supply_approach_K = t.quantity("supply_approach", Dimension::TemperatureDelta);
    if (c.supply_approach_K < -5 || c.supply_approach_K > 30) t.error("supply_approach", "expected -5K to 30K");
  } else {
    reject_unless(t, "supply_approach", false, "only read with containment: custom");
    c.supply_approach_K = c.containment == "contained" ? 2.0 : c.containment == "partial" ? 5.0 : 9.67;
  }
  c.ashrae_class = t.choice("ashrae_class", {"A1", "A2", "A3", "A4", "B", "C", "recommended"}, "A1");
  c.room_dew_point_C = t.quantity("room_dew_point", Dimension::Temperature, "9C");
  if (auto rc = t.optional_map("recirculation")) {
    if (rc->has("file")) {
      c.recirculation_file = rc->path_value("file", true);
      if (!c.recirculation_file.empty() && !std::filesystem::is_regular_file(c.recirculation_file))
        rc->error("file", "recirculation matrix '" + c.recirculation_file + "' does not exist; expected a CSV of n x n "
                          "fractions (n = racks)");
      reject_unless(*rc, "fraction", false, "give either 'fraction' or 'file'");
    } else {
      rc->accept("file");
      c.recirculation_fraction = rc->number("fraction", std::nullopt, 0.0, 0.5);
    }
    rc->finish();
  }
  MapReader st = t.map_or_empty("server_response");
  c.server_thermal = st.flag("enabled", false);
  c.server_fan_max_W = st.quantity("fan_max_power", Dimension::Power, "20W");
  c.leakage_per_K = st.number("leakage_per_K", 0.002, 0.0, 0.1);
  st.finish();
  t.finish();

  MapReader k = r.map_or_empty("carbon");
  if (k.has("file")) {
    c.carbon_file = k.path_value("file", true);
    if (!c.carbon_file.empty() && !std::filesystem::is_regular_file(c.carbon_file))
      k.error("file", "carbon-intensity file '" + c.carbon_file + "' does not exist; expected an hourly CSV");
    reject_unless(k, "intensity", false, "give either 'intensity' or 'file'");
  } else {
    k.accept("file");
    c.carbon_kg_per_J = k.quantity("intensity", Dimension::CarbonIntensity, "400g/kWh");
    if (c.carbon_kg_per_J < 0) k.error("intensity", "expected a non-negative intensity");
  }
  k.finish();

  MapReader p = r.map_or_empty("tariff");
  c.price_per_kWh = p.number("price_per_kWh", 0.10, 0.0, 100.0);
  c.currency = p.text("currency", "USD");
  for (auto& period : p.map_list("time_of_use", false)) {
    CoolingSpec::TouPeriod tp;
    tp.from_hour = static_cast<int>(period.integer("from_hour", std::nullopt, 0, 23));
    tp.to_hour = static_cast<int>(period.integer("to_hour", std::nullopt, 1, 24));
    if (tp.to_hour <= tp.from_hour) period.error("to_hour", "expected to_hour > from_hour (hours of the day)");
    tp.price_per_kWh = period.number("price_per_kWh", std::nullopt, 0.0, 100.0);
    period.finish();
    c.time_of_use.push_back(tp);
  }
  p.finish();
}

// ---------------------------------------------------------------------------------------------------------

namespace {

// A room plant at one instant: adds its powers and water to b; returns (free heat, unmet heat).
struct RoomPlant {
  RoomPlantSpec s;
  double supply_C = 18, return_C = 29.3;
  std::unique_ptr<cooling::ConstantCop> constant;
  cooling::MooreCracCop moore;
  std::unique_ptr<cooling::CracDx> dx;
  std::unique_ptr<cooling::ChilledWaterPlant> chw, chw_no_econ;

  RoomPlant(const RoomPlantSpec& spec, double supply, double ret, double design_heat_W) : s(spec) {
    supply_C = supply;
    return_C = ret;
    if (s.type == "constant-cop") constant = std::make_unique<cooling::ConstantCop>(s.cop);
    if (s.type == "crac-dx") {
      auto p = s.dx;
      // Sized with the EnergyPlus example's 15% margin over design heat plus fan heat.
      p.units = s.dx_units > 0 ? s.dx_units
                               : std::max(1, static_cast<int>(std::ceil(design_heat_W * 1.15 / p.rated_capacity_W)));
      dx = std::make_unique<cooling::CracDx>(p);
    }
    if (s.type == "chilled-water") {
      auto p = s.chw;
      p.design_heat_W = std::max(1.0, design_heat_W);
      chw = std::make_unique<cooling::ChilledWaterPlant>(p);
      if (s.water_side_economizer == "non-integrated") {
        p.economizer = false;
        chw_no_econ = std::make_unique<cooling::ChilledWaterPlant>(p);
      }
    }
  }

  std::pair<double, double> eval(double heat_W, const weather::WeatherHour& w, CoolingBreakdown& b) const {
    if (heat_W <= 0) return {0.0, 0.0};
    if (constant) {
      b.compressor_W += heat_W / s.cop;
      return {0.0, 0.0};
    }
    if (dx) {
      cooling::ConditionsIn c;
      c.supply_air_C = supply_C;
      c.return_air_C = return_C;
      c.outdoor_dry_bulb_C = w.dry_bulb_C;
      c.outdoor_dew_point_C = w.dew_point_C;
      c.outdoor_wet_bulb_C = w.wet_bulb_C;
      c.pressure_Pa = w.pressure_Pa;
      const auto r = dx->evaluate(heat_W, c);
      b.compressor_W += r.compressor_W;
      b.fans_W += r.fan_W;
      // Unmet coil load includes fan heat; what is left of the IT heat unmet is at most the whole heat.
      const double unmet = std::min(heat_W, r.unmet_W);
      return {r.pumped_refrigerant_mode ? heat_W - unmet : 0.0, unmet};
    }
    if (chw) {
      auto r = chw->evaluate(heat_W, w.wet_bulb_C, 3600.0);
      if (chw_no_econ && r.mode == cooling::PlantMode::Partial) r = chw_no_econ->evaluate(heat_W, w.wet_bulb_C, 3600.0);
      b.compressor_W += r.chiller_W;
      b.heat_rejection_W += r.tower_fan_W;
      b.pumps_W += r.pumps_W;
      b.fans_W += r.crah_fan_W;
      b.water_m3_s += r.water_m3_s;
      const double unmet = std::min(heat_W, r.unmet_W);
      return {r.free_fraction * (heat_W - unmet), unmet};
    }
    b.compressor_W += heat_W / moore.cop(supply_C);  // crac
    return {0.0, 0.0};
  }
};

double dew_point_from_w(double humidity_ratio, double pressure_Pa) {
  return weather::dew_point_from_vapor_pressure_C(weather::vapor_pressure_from_humidity_ratio(humidity_ratio, pressure_Pa));
}

}  // namespace

struct FacilityPlant::Impl {
  std::unique_ptr<RoomPlant> room;
  std::unique_ptr<cooling::DirectAirEconomizer> direct;
  std::unique_ptr<cooling::IndirectAirEconomizer> indirect;
  std::unique_ptr<cooling::LiquidCooling> liquid;
  double ahu_design_flow_m3s = 0, ahu_design_W = 0;
};

FacilityPlant::FacilityPlant(const CoolingSpec& spec, double design_heat_W, long servers)
    : spec_(spec), design_heat_W_(std::max(1.0, design_heat_W)), impl_(std::make_unique<Impl>()) {
  const double supply = spec_.supply_temperature_C, ret = supply + spec_.air_delta_T_K;
  double room_design = design_heat_W_;
  if (spec_.type == "liquid" || spec_.type == "immersion") {
    auto p = spec_.liquid;
    p.design_liquid_heat_W = std::max(1.0, p.cold_plate.capture_fraction * design_heat_W_);
    impl_->liquid = std::make_unique<cooling::LiquidCooling>(p);
    // Air remainder at design plus room for the liquid loop's trim heat on hot hours: half the design heat.
    room_design = std::max(0.5 * design_heat_W_, (1 - p.cold_plate.capture_fraction) * design_heat_W_);
  }
  impl_->room = std::make_unique<RoomPlant>(spec_.plant, supply, ret, room_design);
  if (spec_.type == "air-economizer" || spec_.type == "evaporative") {
    impl_->direct = std::make_unique<cooling::DirectAirEconomizer>(spec_.direct_economizer);
    impl_->indirect = std::make_unique<cooling::IndirectAirEconomizer>(spec_.indirect_economizer);
    impl_->ahu_design_flow_m3s = design_heat_W_ / (kAirRho * kAirCp * spec_.air_delta_T_K);
    impl_->ahu_design_W = impl_->ahu_design_flow_m3s * spec_.ahu_fan_pressure_Pa / spec_.ahu_fan_efficiency;
  }
  servers_ = std::max(1L, servers);
}

FacilityPlant::~FacilityPlant() = default;

CoolingBreakdown FacilityPlant::evaluate(double room_heat_W, double servers_W, const weather::WeatherHour& w) const {
  CoolingBreakdown b;
  const double heat = std::max(0.0, room_heat_W);
  b.heat_W = heat;
  const double supply = spec_.supply_temperature_C, ret = supply + spec_.air_delta_T_K;
  b.supply_air_C = supply;
  b.supply_dew_point_C = std::min(spec_.room_dew_point_C, supply);
  const double flow_m3s = heat / (kAirRho * kAirCp * spec_.air_delta_T_K);
  double free_W = 0, unmet_W = 0;
  const auto& t = spec_.type;

  if (t == "constant-cop" || t == "crac" || t == "crac-dx" || t == "chilled-water") {
    std::tie(free_W, unmet_W) = impl_->room->eval(heat, w, b);
    b.air_heat_W = heat - unmet_W;
  } else if (t == "air-economizer" || t == "evaporative") {
    double mech = heat;
    double econ_fan = 0, evap_pump = 0, water = 0;
    bool outdoor_air = false;
    double supply_w = -1;  // humidity ratio of supply air when outdoor air enters
    if (t == "evaporative" && spec_.evaporative == "indirect") {
      // No outdoor air enters: the wet (or, when cold, dry) heat exchanger below is the economizer.
    } else if (t == "air-economizer" && spec_.economizer == "indirect") {
      const auto e = impl_->indirect->evaluate(heat, supply, ret, w.dry_bulb_C);
      free_W = e.free_heat_W;
      mech = e.mechanical_heat_W;
      econ_fan = e.fan_W;
    } else {
      const auto e = impl_->direct->evaluate(heat, supply, ret, w.dry_bulb_C, w.dew_point_C);
      free_W = e.free_heat_W;
      mech = e.mechanical_heat_W;
      econ_fan = e.fan_W;
      outdoor_air = e.mode != cooling::EconomizerMode::Off;
      if (outdoor_air) supply_w = weather::humidity_ratio_from_dew_point(w.dew_point_C, w.pressure_Pa);
      if (t == "evaporative" && spec_.evaporative == "direct" && e.mode != cooling::EconomizerMode::Full) {
        // Outdoor air through wet media, held at the supply setpoint.
        const auto ev = cooling::direct_evaporative(spec_.direct_evap, flow_m3s, w.dry_bulb_C, w.wet_bulb_C, supply);
        if (ev.mode != cooling::EvapMode::Off && ev.outlet_C < ret) {
          const double f = std::min(1.0, (ret - ev.outlet_C) / (ret - supply));
          if (f * heat > free_W) {
            free_W = f * heat;
            mech = heat - free_W;
            econ_fan = flow_m3s * spec_.direct_economizer.fan_W_per_m3s;
            evap_pump = ev.pump_W + ev.fan_W;
            water = ev.water_m3_s;
            outdoor_air = true;
            supply_w = weather::humidity_ratio_from_wet_bulb(w.dry_bulb_C, w.wet_bulb_C, w.pressure_Pa);
          }
        }
      }
    }
    if (t == "evaporative" && spec_.evaporative == "indirect" && mech > 0) {
      // Return air cooled through the wet heat exchanger by outdoor air, after any plain-air share.
      const auto ev = cooling::indirect_evaporative(spec_.indirect_evap, flow_m3s, ret, w.dry_bulb_C, w.wet_bulb_C,
                                                    supply);
      // Share of the return-to-supply temperature drop the cooler makes (part load holds the setpoint).
      const double q = ev.mode == cooling::EvapMode::Off ? 0.0 : heat * std::clamp((ret - ev.outlet_C) / (ret - supply), 0.0, 1.0);
      if (q > free_W) {
        free_W = q;
        mech = heat - q;
        econ_fan = ev.fan_W;
        evap_pump = ev.pump_W;
        water = ev.water_m3_s;
        outdoor_air = false;
        supply_w = -1;
      }
    }
    CoolingBreakdown trim;
    double trim_free = 0;
    std::tie(trim_free, unmet_W) = impl_->room->eval(mech, w, trim);
    free_W += trim_free;
    b.compressor_W = trim.compressor_W;
    b.heat_rejection_W = trim.heat_rejection_W;
    b.pumps_W = trim.pumps_W + evap_pump;
    // Room air is moved by the air handler (cube law on flow); a trim plant's own room fans sit in it.
    const double ratio = impl_->ahu_design_flow_m3s > 0 ? flow_m3s / impl_->ahu_design_flow_m3s : 0.0;
    const double ahu = impl_->ahu_design_W * ratio * ratio * ratio;
    b.fans_W = std::max(ahu, trim.fans_W) + econ_fan;
    b.water_m3_s = trim.water_m3_s + water;
    b.air_heat_W = heat - unmet_W;
    if (outdoor_air && supply_w >= 0) b.supply_dew_point_C = dew_point_from_w(supply_w, w.pressure_Pa);
  } else {  // liquid, immersion
    const auto& L = *impl_->liquid;
    const double servers = std::clamp(servers_W, 0.0, heat);
    const auto split = L.split(servers, 0.0, static_cast<double>(servers_));
    const auto r = L.reject(split, w.dry_bulb_C, w.wet_bulb_C);
    b.liquid_heat_W = split.liquid_W;
    b.pumps_W += r.cdu_pump_W + r.facility_pump_W;
    b.heat_rejection_W += r.dry_cooler_fan_W + r.tower_fan_W;
    b.water_m3_s += r.water_m3_s;
    const double air = heat - split.liquid_W;
    // The room plant takes the air remainder and the liquid loop's trim heat (series trim).
    double room_free = 0;
    std::tie(room_free, unmet_W) = impl_->room->eval(air + r.trim_W, w, b);
    const double trim_share = air + r.trim_W > 0 ? r.trim_W / (air + r.trim_W) : 0.0;
    free_W = (split.liquid_W - r.trim_W) + room_free * (1 - trim_share);
    b.air_heat_W = air - unmet_W * (1 - trim_share);
    unmet_W *= (1 - trim_share);
  }
  b.unmet_W = unmet_W;
  b.total_W = b.compressor_W + b.heat_rejection_W + b.pumps_W + b.fans_W;
  b.free_fraction = heat > 0 ? std::clamp(free_W / heat, 0.0, 1.0) : 0.0;
  if (unmet_W > 0 && flow_m3s > 0) b.supply_air_C = supply + unmet_W / (kAirRho * kAirCp * flow_m3s);
  return b;
}

double FacilityPlant::immersion_fan_W(double servers_W) const {
  return spec_.type == "immersion" ? spec_.immersion_fan_fraction * servers_W : 0.0;
}

double FacilityPlant::cooling_power_W(double heat_W, const cooling::ConditionsIn& c) const {
  const auto w = weather::make_weather_hour(c.outdoor_dry_bulb_C, c.outdoor_dew_point_C, c.pressure_Pa);
  return evaluate(heat_W, heat_W, w).total_W;
}

std::unique_ptr<FacilityPlant> build_cooling(const CoolingSpec& spec, double design_heat_W, long servers) {
  return std::make_unique<FacilityPlant>(spec, design_heat_W, servers);
}

}  // namespace dcsim
