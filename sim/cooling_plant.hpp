// Facility cooling designs selectable in YAML (`cooling.type`) and the facility-level settings that go with
// them (`facility:` rack thermal, carbon, tariff). One FacilityPlant evaluates a design at one instant:
//   room heat Q = IT heat + in-room chain losses (PDU, UPS), outdoor conditions from the weather hour.
//   constant-cop   P = Q / COP
//   crac           P = Q / COP(T_supply), Moore et al. 2005 (whole CRAC: fans included in the COP)
//   crac-dx        Liebert DSE (EnergyPlus 1-zone example): DX coil + EC fan, EIR of outdoor dry-bulb, pumped
//                  refrigerant economizer when EIRFT < 0.1 (counted as free cooling)
//   chilled-water  CRAH fans + CHW pump + chiller (DOE-2 centrifugal EIR) + condenser pump + YorkCalc tower;
//                  water-side economizer none / integrated (partial free cooling) / non-integrated (free only
//                  when the HX alone carries the load)
//   air-economizer direct (dry-bulb + dew-point limits) or indirect (air-to-air HX); the mechanical trim plant
//                  (crac, crac-dx or chilled-water) takes the remainder; room air handler fans are charged
//                  P = P_d (V/V_d)^3 with P_d = V_d dp / eta (486 Pa, 0.7: the Liebert supply fan of the json)
//   evaporative    direct (outdoor air through wet media, then into the room) or indirect (return air cooled
//                  through a wet HX by outdoor air); trim plant and air handler as for air-economizer
//   liquid         cold plates take capture x server heat (chip limit), CDU + facility pumps, dry cooler or
//                  tower; the air remainder (rest of servers, network, chain losses) and the liquid loop's
//                  trim heat go to the room plant (`air_plant`: crac, crac-dx, chilled-water, constant-cop)
//   immersion      capture 1, server fans removed from IT power (fan_fraction of server power), room plant
//                  for network + chain losses
// Hybrids liquid + air are `liquid` with any `air_plant`. Defaults: model_coefficients.json via the model
// structs (models/cooling/*.hpp). Every value is validated by spec::MapReader (file:line:column errors).
#pragma once
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "models/cooling/air_economizer.hpp"
#include "models/cooling/chilled_water_plant.hpp"
#include "models/cooling/cop_models.hpp"
#include "models/cooling/crac_dx.hpp"
#include "models/cooling/evaporative.hpp"
#include "models/cooling/liquid.hpp"
#include "models/weather/weather.hpp"

namespace dcsim {
namespace spec {
class MapReader;
}

// A mechanical plant for room air (the whole plant, an economizer's trim, or liquid's air remainder).
struct RoomPlantSpec {
  std::string type = "crac";  // constant-cop, crac, crac-dx, chilled-water
  double cop = 4.0;           // constant-cop
  cooling::CracDxParams dx;   // crac-dx (units 0 = sized for the design heat)
  int dx_units = 0;
  cooling::ChilledWaterPlantParams chw;  // chilled-water (design_heat_W set at build)
  std::string water_side_economizer = "none";  // none, integrated, non-integrated
};

struct CoolingSpec {
  std::string type = "crac";  // constant-cop, crac, crac-dx, chilled-water, air-economizer, evaporative, liquid,
                              // immersion
  double cop = 4.0;
  double supply_temperature_C = 18.0;  // supply air to the IT
  double air_delta_T_K = 11.3;         // return - supply (EnergyPlus 1-zone example: 29.3 C return, 18 C supply)
  RoomPlantSpec plant;                 // the room/trim plant (type mirrors `type` for plain designs)
  // air-economizer
  std::string economizer = "direct";  // direct, indirect
  cooling::DirectAirEconomizerParams direct_economizer;
  cooling::IndirectAirEconomizerParams indirect_economizer;
  // evaporative
  std::string evaporative = "indirect";  // direct, indirect
  cooling::DirectEvapParams direct_evap;
  cooling::IndirectEvapParams indirect_evap;
  // air handler (economizer and evaporative designs)
  double ahu_fan_pressure_Pa = 486.0, ahu_fan_efficiency = 0.7;
  // liquid / immersion
  cooling::LiquidCoolingParams liquid;
  double immersion_fan_fraction = 0.06;  // server fans / server power (SustainDC: 10 W of 110-170 W servers)

  // `facility:` section
  std::string containment = "contained";  // contained (+2/-1 K), partial (+5/-2.5), open (+9.67/-7.36), custom
  double supply_approach_K = 2.0;
  std::string ashrae_class = "A1";  // A1, A2, A3, A4, B, C, recommended
  double room_dew_point_C = 9.0;    // humidity held indoors by designs that do not bring outdoor air in
  // Server response to inlet temperature in design years (models/thermal/server_thermal.hpp): the power curve
  // is taken as fan-less power at 16 C; leakage 0.2 %/K above 16 C and fans P_fan,max r^3 are added.
  // Heat recirculation between racks (models/thermal/recirculation.hpp) instead of the approach preset:
  // a fraction of each rack's exhaust reaching its row neighbours' inlets, or an n x n matrix A from a CSV.
  double recirculation_fraction = 0;
  std::string recirculation_file;
  bool server_thermal = false;
  double server_fan_max_W = 20.0;
  double leakage_per_K = 0.002;
  double carbon_kg_per_J = 0.4 / 3.6e6;  // 400 g/kWh
  std::string carbon_file;               // hourly CSV (8760 values, kg/kWh or g/kWh by header) when given
  double price_per_kWh = 0.10;           // flat tariff
  struct TouPeriod {
    int from_hour = 0, to_hour = 24;  // [from, to) local hour of day
    double price_per_kWh = 0;
  };
  std::vector<TouPeriod> time_of_use;  // overrides the flat price where a period covers the hour
  std::string currency = "USD";

  YAML::Node raw;  // the cooling section as written
};

// Reads `cooling:` (the caller calls finish()).
CoolingSpec read_cooling_section(spec::MapReader& cooling_section);
// Reads `facility:` into the same spec (the caller calls finish()).
void read_facility_section(spec::MapReader& facility_section, CoolingSpec& spec);

// One instant of a cooling design.
struct CoolingBreakdown {
  double compressor_W = 0;      // chiller / DX compressor / Moore CRAC / constant-COP unit
  double heat_rejection_W = 0;  // tower and dry-cooler fans
  double pumps_W = 0;           // chilled, condenser, CDU, facility-water and evaporative pumps
  double fans_W = 0;            // CRAH / CRAC supply fans, air handler, economizer and secondary fans
  double total_W = 0;
  double water_m3_s = 0;        // tower make-up + evaporation/drift/blowdown
  double free_fraction = 0;     // share of the heat removed without compressors
  double heat_W = 0;            // heat offered (room heat)
  double liquid_heat_W = 0;     // taken by the liquid loop
  double air_heat_W = 0;        // taken by air (free + mechanical)
  double unmet_W = 0;           // beyond capacity
  double fan_removed_W = 0;     // immersion: server fan power removed from IT
  double supply_air_C = 0;      // air delivered to the IT
  double supply_dew_point_C = 0;
};

class FacilityPlant final : public cooling::CoolingModel {
 public:
  // design_heat_W sizes the plants; servers (>= 1) spreads cold-plate limits over servers.
  FacilityPlant(const CoolingSpec& spec, double design_heat_W, long servers);
  ~FacilityPlant() override;

  // room_heat_W: IT + in-room losses; servers_W: the part made by servers (liquid capture base).
  CoolingBreakdown evaluate(double room_heat_W, double servers_W, const weather::WeatherHour& outdoor) const;
  double cooling_power_W(double heat_W, const cooling::ConditionsIn& conditions) const override;
  // Server fan power removed from IT by immersion (0 for other designs).
  double immersion_fan_W(double servers_W) const;

  const CoolingSpec& spec() const { return spec_; }
  double design_heat_W() const { return design_heat_W_; }

 private:
  struct Impl;
  CoolingSpec spec_;
  double design_heat_W_;
  long servers_ = 1;
  std::unique_ptr<Impl> impl_;
};

// Throws std::invalid_argument when a model rejects its parameters.
std::unique_ptr<FacilityPlant> build_cooling(const CoolingSpec& spec, double design_heat_W, long servers = 1);

}  // namespace dcsim
