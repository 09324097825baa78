// Design-year runs: an hourly IT power profile (from a simulated run, repeated, or a full simulated year)
// stepped hour by hour through a facility design and a year of weather (8760 h). Per hour the facility is
// evaluated (sim/facility.hpp) and both invariants are checked (facility = IT + cooling + losses; heat removed
// + unmet = IT heat + in-room losses). Metrics (The Green Grid): PUE = facility / IT energy (hourly, monthly,
// annual); partial PUE pPUE_x = (IT + x) / IT for x = cooling, power chain; WUE = site water L / IT kWh;
// carbon = facility kWh x grid intensity (constant or hourly CSV); CUE = kg CO2 / IT kWh; cost = facility kWh
// x price (flat or time-of-use by hour of day); free-cooling hours (whole heat removed without compressors)
// and fraction-weighted free hours; hours with the rack inlet outside the chosen ASHRAE class; peak powers.
// Time: hour h of the year is weather row h (1 Jan 00:00 local standard time), hour of day h mod 24.
#pragma once
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

#include "models/weather/weather.hpp"
#include "sim/facility.hpp"
#include "sim/scenario.hpp"

namespace dcsim {

class Simulation;
struct SeriesRow;

struct ItProfile {  // hourly means
  std::vector<double> servers_W, network_W;
  size_t hours() const { return servers_W.size(); }
};

// Hourly means of a run's sampled series (rows average over the interval ending at time_s); the last hour may
// be partial (averaged over its covered part).
ItProfile it_profile_from_series(const std::vector<SeriesRow>& rows);

// Per-rack inlet with heat recirculation (Tang et al. 2008): inlet_r = supply + rise_r x servers_W, where
// rise = D s, s_r = rack r's share of the site's peak server power (racks loaded alike), D from A and the rack
// airflows (design power / (rho cp air_delta_T)). Empty when the scenario gives no recirculation.
struct RackInlets {
  std::vector<double> rise_K_per_W;
  std::vector<std::string> names;
  bool empty() const { return rise_K_per_W.empty(); }
};
// Throws InputErrors (scenario or CSV file and line) on a bad matrix.
RackInlets build_rack_inlets(const Scenario& scenario, const SiteLayout& layout);

struct YearResult {
  double hours = 0;
  // Energies in J.
  double servers_J = 0, network_J = 0, pdu_loss_J = 0, ups_loss_J = 0, transformer_loss_J = 0, cooling_J = 0,
         facility_J = 0, fan_removed_J = 0;
  double compressor_J = 0, heat_rejection_J = 0, pumps_J = 0, fans_J = 0;
  double water_m3 = 0, carbon_kg = 0, cost = 0;
  double free_cooling_hours = 0;   // hours with free fraction >= 0.999
  double free_fraction_hours = 0;  // sum of hourly free fractions
  double hours_outside_class = 0;  // hours with any rack inlet outside the ASHRAE class
  std::vector<double> rack_hours_outside;  // per rack, with recirculation (empty otherwise: all racks alike)
  double max_rack_inlet_C = -1e9, min_rack_inlet_C = 1e9;
  double unmet_J = 0;
  double peak_it_W = 0, peak_facility_W = 0;
  std::array<double, 12> month_it_J{}, month_facility_J{}, month_cooling_J{}, month_losses_J{};
  std::vector<float> hourly_pue;
  double max_energy_balance_error_W = 0, max_heat_balance_error_W = 0;
  double wall_s = 0;

  double it_J() const { return servers_J + network_J; }
  double losses_J() const { return pdu_loss_J + ups_loss_J + transformer_loss_J; }
  double pue() const { return it_J() > 0 ? facility_J / it_J() : 0.0; }
};

struct YearOptions {
  size_t hours = 8760;  // steps; the IT profile repeats when shorter
  bool remove_immersion_fans = true;
  std::string label;    // for error messages
  const RackInlets* racks = nullptr;  // per-rack inlets; null or empty: supply + approach for all racks
};

weather::WeatherSeries make_weather_series(const WeatherSpec& spec);
// Hourly grid carbon intensity, kg per kWh: one value per line after an optional header ("kg_per_kWh" or
// "g_per_kWh"; with g the values are divided by 1000); a line may be "hour,value". 8760 (or 8784) values.
// Errors: dcsim::InputErrors with file:line.
std::vector<double> read_carbon_csv(const std::string& path);

// Throws std::logic_error if an hour violates an invariant (with the hour and the imbalance).
YearResult run_facility_year(const FacilityEvaluator& facility, const CoolingSpec& spec,
                             const weather::WeatherSeries& weather, const ItProfile& profile,
                             const std::vector<double>& carbon_kg_per_kWh_hourly, const YearOptions& options = {});

nlohmann::json year_json(const YearResult& r, const CoolingSpec& spec);

// summary.json "facility": the run's own hours through the facility again (hourly means of the sampled series),
// plus "design_year": that profile repeated over 8760 h of the scenario's weather.
nlohmann::json facility_summary(const Simulation& sim);

}  // namespace dcsim
