#include "sim/facility_year.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/input_error.hpp"
#include "models/thermal/ashrae_classes.hpp"
#include "models/thermal/recirculation.hpp"
#include "models/weather/psychrometrics.hpp"
#include "models/weather/epw_reader.hpp"
#include "sim/simulation.hpp"

namespace dcsim {
namespace {

constexpr double kJ_per_kWh = 3.6e6;
constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

thermal::AshraeClass class_from_name(const std::string& n) {
  using C = thermal::AshraeClass;
  if (n == "A1") return C::A1;
  if (n == "A2") return C::A2;
  if (n == "A3") return C::A3;
  if (n == "A4") return C::A4;
  if (n == "B") return C::B;
  if (n == "C") return C::C;
  if (n == "recommended") return C::Recommended;
  return C::None;
}

std::array<int, 12> month_end_hours() {
  std::array<int, 12> end{};
  int h = 0;
  for (int m = 0; m < 12; ++m) end[m] = (h += 24 * kDaysInMonth[m]);
  return end;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  const auto b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

ItProfile it_profile_from_series(const std::vector<SeriesRow>& rows) {
  ItProfile p;
  if (rows.empty()) return p;
  const double end = rows.back().time_s;
  const size_t hours = static_cast<size_t>(std::ceil(end / 3600.0 - 1e-9));
  std::vector<double> covered(hours, 0.0);
  p.servers_W.assign(hours, 0.0);
  p.network_W.assign(hours, 0.0);
  double t0 = 0;
  for (const auto& r : rows) {
    const double t1 = r.time_s;
    for (double a = t0; a < t1 - 1e-9;) {
      const size_t h = std::min(hours - 1, static_cast<size_t>(a / 3600.0));
      const double b = std::min(t1, (h + 1) * 3600.0);
      const double w = b - a;
      p.servers_W[h] += r.servers_W * w;
      p.network_W[h] += r.network_W * w;
      covered[h] += w;
      a = b;
    }
    t0 = t1;
  }
  for (size_t h = 0; h < hours; ++h)
    if (covered[h] > 0) p.servers_W[h] /= covered[h], p.network_W[h] /= covered[h];
  return p;
}

weather::WeatherSeries make_weather_series(const WeatherSpec& w) {
  if (w.kind == "file") return weather::read_epw(w.file);
  if (w.kind == "monthly") {
    std::array<double, 12> db{}, dp{};
    for (int i = 0; i < 12; ++i) db[i] = w.monthly_dry_bulb_C[i], dp[i] = w.monthly_dew_point_C[i];
    return weather::WeatherSeries::monthly(db, dp, w.pressure_Pa);
  }
  return weather::WeatherSeries::constant(w.dry_bulb_C, weather::DewPoint{w.dew_point_C}, w.pressure_Pa);
}

std::vector<double> read_carbon_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw_file_error(path, 0, "cannot open the carbon-intensity file");
  std::vector<double> values;
  std::string line;
  int lineno = 0;
  double scale = 1.0;
  while (std::getline(in, line)) {
    ++lineno;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string field = line;
    if (const auto comma = line.rfind(','); comma != std::string::npos) field = trim(line.substr(comma + 1));
    char* endp = nullptr;
    errno = 0;
    const double v = std::strtod(field.c_str(), &endp);
    if (endp == field.c_str() || *endp != '\0' || errno != 0) {
      if (values.empty() && lineno == 1) {  // header
        if (line.find("g_per_kWh") != std::string::npos && line.find("kg_per_kWh") == std::string::npos) scale = 1e-3;
        continue;
      }
      throw_file_error(path, lineno, "'" + field + "' is not a number; expected a carbon intensity (kg/kWh, or "
                                     "g/kWh with a g_per_kWh header)");
    }
    if (!std::isfinite(v) || v < 0)
      throw_file_error(path, lineno, "negative or non-finite intensity '" + field + "'; expected a value >= 0");
    values.push_back(v * scale);
  }
  if (values.size() != 8760 && values.size() != 8784)
    throw_file_error(path, lineno, std::to_string(values.size()) + " hourly values; expected 8760 (or 8784)");
  return values;
}

RackInlets build_rack_inlets(const Scenario& sc, const SiteLayout& L) {
  RackInlets out;
  const auto& c = sc.cooling;
  if (c.recirculation_fraction <= 0 && c.recirculation_file.empty()) return out;
  const long n = L.racks();
  if (n > 3000)
    throw InputErrors(InputError{sc.file, 0, 0, "facility.thermal.recirculation",
                                 std::to_string(n) + " racks; the dense recirculation matrix supports at most 3000"});
  Eigen::VectorXd peak = Eigen::VectorXd::Zero(n);
  for (long s = 0; s < L.servers(); ++s)
    peak[L.server_rack[s]] += L.server_models[L.server_type[s]].pstate_at(0).curve.peak_W();
  const double total = peak.sum();
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
  if (!c.recirculation_file.empty()) {
    std::ifstream in(c.recirculation_file);
    if (!in) throw_file_error(c.recirculation_file, 0, "cannot open the recirculation matrix");
    std::string line;
    int lineno = 0;
    long row = 0;
    while (std::getline(in, line)) {
      ++lineno;
      line = trim(line);
      if (line.empty() || line[0] == '#') continue;
      if (row >= n) throw_file_error(c.recirculation_file, lineno, "more than " + std::to_string(n) + " rows; expected one per rack");
      std::stringstream ss(line);
      std::string cell;
      long col = 0;
      while (std::getline(ss, cell, ',')) {
        cell = trim(cell);
        char* endp = nullptr;
        const double v = std::strtod(cell.c_str(), &endp);
        if (endp == cell.c_str() || *endp != '\0' || !(v >= 0 && v <= 1))
          throw_file_error(c.recirculation_file, lineno,
                           "column " + std::to_string(col + 1) + ": '" + cell + "'; expected a fraction in [0, 1]");
        if (col < n) A(row, col) = v;
        ++col;
      }
      if (col != n)
        throw_file_error(c.recirculation_file, lineno,
                         std::to_string(col) + " values; expected " + std::to_string(n) + " (one per rack)");
      ++row;
    }
    if (row != n) throw_file_error(c.recirculation_file, lineno, std::to_string(row) + " rows; expected " + std::to_string(n));
  } else {
    // A fraction f of each rack's exhaust reaches its row neighbours' inlets (f/2 each; row ends keep f/2).
    long first = 0;
    for (size_t h = 0; h < sc.halls.size(); ++h) {
      long count = 0;
      while (first + count < n && L.rack_hall[first + count] == h) ++count;
      const int per_row = std::max(1, sc.halls[h].racks_per_row);
      for (long i = 0; i < count; ++i) {
        const long r = first + i;
        if (i % per_row > 0) A(r, r - 1) = c.recirculation_fraction / 2;
        if (i % per_row < per_row - 1 && i + 1 < count) A(r, r + 1) = c.recirculation_fraction / 2;
      }
      first += count;
    }
  }
  Eigen::VectorXd flow = peak / (1.19 * 1006.0 * c.air_delta_T_K);
  for (long r = 0; r < n; ++r) flow[r] = std::max(flow[r], 1e-6);
  try {
    const thermal::Recirculation rec(A, flow);
    const Eigen::VectorXd rise = rec.D() * (peak / std::max(1e-12, total));
    out.rise_K_per_W.assign(rise.data(), rise.data() + n);
  } catch (const std::invalid_argument& e) {
    throw InputErrors(InputError{c.recirculation_file.empty() ? sc.file : c.recirculation_file, 0, 0,
                                 "facility.thermal.recirculation", e.what()});
  }
  out.names = L.rack_names;
  return out;
}

YearResult run_facility_year(const FacilityEvaluator& facility, const CoolingSpec& spec,
                             const weather::WeatherSeries& weather, const ItProfile& profile,
                             const std::vector<double>& carbon_hourly, const YearOptions& opt) {
  if (profile.hours() == 0) throw std::invalid_argument("empty IT profile");
  const auto t0 = std::chrono::steady_clock::now();
  YearResult r;
  const auto cls = class_from_name(spec.ashrae_class);
  const auto month_end = month_end_hours();
  std::array<double, 24> price{};
  price.fill(spec.price_per_kWh);
  for (const auto& p : spec.time_of_use)
    for (int h = p.from_hour; h < p.to_hour; ++h) price[h] = p.price_per_kWh;
  r.hourly_pue.reserve(opt.hours);
  const RackInlets* racks = opt.racks && !opt.racks->empty() ? opt.racks : nullptr;
  if (racks) r.rack_hours_outside.assign(racks->rise_K_per_W.size(), 0.0);
  int month = 0;
  for (size_t h = 0; h < opt.hours; ++h) {
    const size_t k = h % profile.hours();
    const auto& w = weather.hour(h % weather.size());
    const auto f = facility.evaluate(profile.servers_W[k], profile.network_W[k], w, opt.remove_immersion_fans);
    const double e_err = f.energy_balance_error_W(), h_err = f.heat_balance_error_W();
    r.max_energy_balance_error_W = std::max(r.max_energy_balance_error_W, e_err);
    r.max_heat_balance_error_W = std::max(r.max_heat_balance_error_W, h_err);
    const double tol = 1e-6 * std::max(1.0, f.facility_W);
    if (e_err > tol || h_err > tol) {
      char msg[256];
      std::snprintf(msg, sizeof msg, "invariant violated in %s at hour %zu: facility imbalance %.3g W, heat imbalance %.3g W",
                    opt.label.c_str(), h, e_err, h_err);
      throw std::logic_error(msg);
    }
    const double dt = 3600.0;
    r.servers_J += f.servers_W * dt;
    r.network_J += f.network_W * dt;
    r.pdu_loss_J += f.pdu_loss_W * dt;
    r.ups_loss_J += f.ups_loss_W * dt;
    r.transformer_loss_J += f.transformer_loss_W * dt;
    r.cooling_J += f.cooling_W * dt;
    r.facility_J += f.facility_W * dt;
    r.fan_removed_J += (profile.servers_W[k] - f.servers_W) * dt;
    r.compressor_J += f.cooling.compressor_W * dt;
    r.heat_rejection_J += f.cooling.heat_rejection_W * dt;
    r.pumps_J += f.cooling.pumps_W * dt;
    r.fans_J += f.cooling.fans_W * dt;
    r.unmet_J += f.cooling.unmet_W * dt;
    r.water_m3 += f.cooling.water_m3_s * dt;
    const double kWh = f.facility_W * dt / kJ_per_kWh;
    const double intensity_kg_per_kWh =
        carbon_hourly.empty() ? spec.carbon_kg_per_J * kJ_per_kWh : carbon_hourly[h % carbon_hourly.size()];
    r.carbon_kg += kWh * intensity_kg_per_kWh;
    r.cost += kWh * price[h % 24];
    if (f.cooling.free_fraction >= 0.999) r.free_cooling_hours += 1;
    r.free_fraction_hours += f.cooling.free_fraction;
    if (racks) {
      // Inlet bounds this hour: the class's dry-bulb range narrowed by its RH limits at the supply dew point
      // (RH falls as the air warms at constant moisture), so each rack needs one comparison.
      const auto env = thermal::envelope(cls);
      const double dp = f.cooling.supply_dew_point_C;
      const double pw = weather::saturation_vapor_pressure_Pa(dp);
      double lo = env.dry_bulb_min_C, hi = env.dry_bulb_max_C;
      if (env.rh_min > 0) hi = std::min(hi, weather::dew_point_from_vapor_pressure_C(pw / env.rh_min));
      if (env.rh_max < 1) lo = std::max(lo, weather::dew_point_from_vapor_pressure_C(pw / env.rh_max));
      const bool dp_ok = dp >= env.dew_point_min_C && dp <= env.dew_point_max_C;
      bool any = false;
      for (size_t k2 = 0; k2 < racks->rise_K_per_W.size(); ++k2) {
        const double t_in = f.cooling.supply_air_C + racks->rise_K_per_W[k2] * f.servers_W;
        r.max_rack_inlet_C = std::max(r.max_rack_inlet_C, t_in);
        r.min_rack_inlet_C = std::min(r.min_rack_inlet_C, t_in);
        if (cls != thermal::AshraeClass::None && (!dp_ok || t_in < lo || t_in > hi)) {
          r.rack_hours_outside[k2] += 1;
          any = true;
        }
      }
      r.hours_outside_class += any;
    } else {
      if (cls != thermal::AshraeClass::None &&
          !thermal::within(cls, f.rack_inlet_C, f.rack_inlet_dew_point_C, f.rack_inlet_rh))
        r.hours_outside_class += 1;
      r.max_rack_inlet_C = std::max(r.max_rack_inlet_C, f.rack_inlet_C);
      r.min_rack_inlet_C = std::min(r.min_rack_inlet_C, f.rack_inlet_C);
    }
    r.peak_it_W = std::max(r.peak_it_W, f.it_W());
    r.peak_facility_W = std::max(r.peak_facility_W, f.facility_W);
    const int hy = static_cast<int>(h % 8760);
    while (month < 11 && hy >= month_end[month]) ++month;
    if (hy < 24 * 31) month = 0;
    r.month_it_J[month] += f.it_W() * dt;
    r.month_facility_J[month] += f.facility_W * dt;
    r.month_cooling_J[month] += f.cooling_W * dt;
    r.month_losses_J[month] += f.losses_W() * dt;
    r.hourly_pue.push_back(f.it_W() > 0 ? static_cast<float>(f.facility_W / f.it_W()) : 0.0f);
    r.hours += 1;
  }
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

nlohmann::json year_json(const YearResult& r, const CoolingSpec& spec) {
  using nlohmann::json;
  const double it_kWh = r.it_J() / kJ_per_kWh;
  const double it = std::max(1e-12, r.it_J());
  json monthly = json::array();
  for (int m = 0; m < 12; ++m)
    monthly.push_back(r.month_it_J[m] > 0 ? r.month_facility_J[m] / r.month_it_J[m] : 0.0);
  json j;
  j["hours"] = r.hours;
  j["design"] = spec.type;
  j["pue"] = r.pue();
  j["monthly_pue"] = monthly;
  j["partial_pue"] = {{"cooling", (r.it_J() + r.cooling_J) / it}, {"power_chain", (r.it_J() + r.losses_J()) / it}};
  j["energy_kWh"] = {{"it", r.servers_J / kJ_per_kWh},
                     {"network", r.network_J / kJ_per_kWh},
                     {"power_losses", r.losses_J() / kJ_per_kWh},
                     {"cooling", r.cooling_J / kJ_per_kWh},
                     {"facility", r.facility_J / kJ_per_kWh},
                     {"immersion_fans_removed", r.fan_removed_J / kJ_per_kWh}};
  j["cooling_kWh"] = {{"compressor", r.compressor_J / kJ_per_kWh},
                      {"heat_rejection", r.heat_rejection_J / kJ_per_kWh},
                      {"pumps", r.pumps_J / kJ_per_kWh},
                      {"fans", r.fans_J / kJ_per_kWh}};
  j["water_m3"] = r.water_m3;
  j["wue_L_per_kWh"] = it_kWh > 0 ? r.water_m3 * 1000.0 / it_kWh : 0.0;
  j["carbon_kg"] = r.carbon_kg;
  j["cue_kg_per_kWh"] = it_kWh > 0 ? r.carbon_kg / it_kWh : 0.0;
  j["cost"] = r.cost;
  j["currency"] = spec.currency;
  j["free_cooling_hours"] = r.free_cooling_hours;
  j["free_cooling_equivalent_hours"] = r.free_fraction_hours;
  j["ashrae_class"] = spec.ashrae_class;
  j["hours_outside_class"] = r.hours_outside_class;
  j["rack_inlet_C"] = {{"min", r.min_rack_inlet_C}, {"max", r.max_rack_inlet_C}};
  if (!r.rack_hours_outside.empty()) {
    double worst = 0, racks_outside = 0;
    for (double h : r.rack_hours_outside) worst = std::max(worst, h), racks_outside += h > 0;
    j["rack_hours_outside_class"] = {{"worst_rack", worst}, {"racks_ever_outside", racks_outside},
                                     {"per_rack", r.rack_hours_outside}};
  }
  j["unmet_cooling_kWh"] = r.unmet_J / kJ_per_kWh;
  j["peak_power_kW"] = {{"it", r.peak_it_W / 1e3}, {"facility", r.peak_facility_W / 1e3}};
  j["invariants"] = {{"energy_balance_max_error_W", r.max_energy_balance_error_W},
                     {"heat_balance_max_error_W", r.max_heat_balance_error_W},
                     {"checked_every_hour", true}};
  return j;
}

nlohmann::json facility_summary(const Simulation& sim) {
  const auto& sc = sim.scenario();
  const auto& L = sim.layout();
  FacilityEvaluator eval(*L.power_chain, *L.cooling, sc.cooling);
  eval.set_server_totals(server_totals(L));
  const auto weather = make_weather_series(sc.site.weather);
  const auto carbon = sc.cooling.carbon_file.empty() ? std::vector<double>{} : read_carbon_csv(sc.cooling.carbon_file);
  const auto profile = it_profile_from_series(sim.series());
  nlohmann::json j;
  if (profile.hours() == 0) return j;
  YearOptions run_opt;
  run_opt.hours = profile.hours();
  run_opt.remove_immersion_fans = false;  // the run's IT energy is the engine's
  run_opt.label = "the run's hours";
  const auto racks = build_rack_inlets(sc, L);
  run_opt.racks = &racks;
  j = year_json(run_facility_year(eval, sc.cooling, weather, profile, carbon, run_opt), sc.cooling);
  j.erase("monthly_pue");
  YearOptions year_opt;
  year_opt.label = "the design year";
  year_opt.racks = &racks;
  j["design_year"] = year_json(run_facility_year(eval, sc.cooling, weather, profile, carbon, year_opt), sc.cooling);
  j["note"] = "recomputed from hourly means of the sampled series; design_year repeats them over 8760 h of weather";
  return j;
}

}  // namespace dcsim
