#include "sim/outputs.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "sim/facility_year.hpp"

namespace dcsim {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr double kJ_per_kWh = 3.6e6;

}  // namespace

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

namespace {
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

json make_summary(const Simulation& sim) {
  const auto& T = sim.totals();
  const auto& sc = sim.scenario();
  const auto& L = sim.layout();
  const double losses_J = T.pdu_loss_J + T.ups_loss_J + T.transformer_loss_J;
  const double it_J = T.servers_J + T.network_J;
  long total_cores = 0;
  for (long c : L.hall_cores) total_cores += c;
  const double duration = std::max(1e-9, T.simulated_s > 0 ? T.simulated_s : sc.simulation.duration_s);
  json j;
  j["schema_version"] = 1;
  j["scenario"] = {{"name", sc.site.name}, {"file", sc.file}, {"seed", sc.simulation.seed}};
  j["site"] = {{"servers", L.servers()}, {"racks", L.racks()}, {"halls", L.halls()}, {"cores", total_cores},
               {"switches", L.topology.switch_count()}, {"pods", L.topology.pods}};
  j["energy_kWh"] = {{"it", T.servers_J / kJ_per_kWh},
                     {"network", T.network_J / kJ_per_kWh},
                     {"power_losses", losses_J / kJ_per_kWh},
                     {"cooling", T.cooling_J / kJ_per_kWh},
                     {"facility", T.facility_J / kJ_per_kWh}};
  j["power_losses_kWh"] = {{"pdu", T.pdu_loss_J / kJ_per_kWh},
                           {"ups", T.ups_loss_J / kJ_per_kWh},
                           {"transformer", T.transformer_loss_J / kJ_per_kWh}};
  j["pue"] = it_J > 0 ? T.facility_J / it_J : 0.0;
  j["peak_power_kW"] = {{"it", T.peak_it_W / 1e3}, {"facility", T.peak_facility_W / 1e3}};
  j["facility"] = facility_summary(sim);  // water, WUE, carbon, CUE, cost, free cooling, pPUE, ASHRAE hours
  j["vms"] = {{"requested", T.vms_requested}, {"placed", T.vms_placed},        {"rejected", T.vms_rejected},
              {"completed", T.vms_completed}, {"running_at_end", T.vms_running}, {"restarted", T.vms_restarted},
              {"evicted", T.vms_evicted},     {"downtime_s", T.vm_downtime_s}};
  j["servers"] = {{"failures", T.server_failures}, {"repairs", T.server_repairs}, {"boots", T.server_boots},
                  {"switch_offs", T.server_switch_offs}};
  {
    // SLA metrics (Beloglazov & Buyya 2012; dcsim semantics in docs/consolidation.md).
    const double slatah = T.active_server_s > 0 ? T.saturated_server_s / T.active_server_s : 0.0;
    const double pdm = T.busy_core_s > 0 ? T.degraded_core_s / T.busy_core_s : 0.0;
    j["sla"] = {{"slatah", slatah},
                {"pdm", pdm},
                {"slav", slatah * pdm},
                {"overall_violation", T.busy_core_s > 0 ? (T.unmet_core_s + T.degraded_core_s) / T.busy_core_s : 0.0},
                {"unmet_core_hours", T.unmet_core_s / 3600}};
    j["migrations"] = {{"started", T.migrations},
                       {"completed", T.migrations_completed},
                       {"aborted", T.migrations_aborted},
                       {"bytes", T.migration_bytes},
                       {"mean_time_s", T.migrations_completed ? T.migration_time_s / T.migrations_completed : 0.0},
                       {"mean_queue_s", T.migrations_completed ? T.migration_queue_s / T.migrations_completed : 0.0},
                       {"downtime_s", T.migration_downtime_s}};
  }
  j["energy_kWh"]["it_subsystems"] = T.subsystems_J / kJ_per_kWh;  // part of "it" (e.g. storage disks)
  for (const auto& sub : sim.subsystems()) j[sub->name()] = sub->summary();
  j["utilization"] = {{"mean_cpu", T.busy_core_s / (duration * std::max<long>(1, total_cores))},
                      {"mean_allocated_cores", T.allocated_core_s / (duration * std::max<long>(1, total_cores))},
                      {"busy_core_hours", T.busy_core_s / 3600.0}};
  json halls = json::array();
  for (int h = 0; h < L.halls(); ++h)
    halls.push_back({{"name", L.hall_names[h]},
                     {"servers", L.hall_servers[h]},
                     {"it_kWh", T.hall_servers_J[h] / kJ_per_kWh},
                     {"cooling_kWh", T.hall_cooling_J[h] / kJ_per_kWh}});
  j["halls"] = halls;
  j["time"] = {{"simulated_s", T.simulated_s}, {"events", T.events}};
  j["invariants"] = {{"energy_balance_max_error_W", T.max_energy_balance_error_W},
                     {"power_drift_max_W", T.max_power_drift_W},
                     {"checked", true}};
  // Wall-clock figures differ between runs; everything above is identical for the same scenario and seed.
  j["performance"] = {{"build_wall_s", sim.build_wall_s()},
                      {"run_wall_s", sim.run_wall_s()},
                      {"events_per_s", T.events / std::max(1e-9, sim.run_wall_s())}};
  return j;
}

void write_directory_atomically(const std::string& directory,
                                const std::function<void(const std::filesystem::path&)>& fill) {
  const fs::path target = fs::absolute(directory);
  const fs::path parent = target.parent_path();
  fs::create_directories(parent);
  const fs::path tmp = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
  fs::remove_all(tmp);
  try {
    fs::create_directories(tmp);
    fill(tmp);
    // Swap into place: an earlier run's folder is replaced only once the new one is complete.
    const fs::path old = parent / ("." + target.filename().string() + ".old-" + std::to_string(getpid()));
    if (fs::exists(target)) fs::rename(target, old);
    fs::rename(tmp, target);
    fs::remove_all(old);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
}

void write_resolved_scenario(const Scenario& scenario, const std::filesystem::path& folder) {
  YAML::Emitter out;
  out << scenario.resolved;
  write_file(folder / "scenario.yaml",
             "# The scenario as run: overrides applied, defaults filled in.\n" + std::string(out.c_str()) + "\n");
}

void write_outputs(const Simulation& sim, const std::string& directory) {
  write_directory_atomically(directory, [&](const fs::path& tmp) {
    fs::create_directories(tmp / "series");
    write_file(tmp / "summary.json", make_summary(sim).dump(2) + "\n");
    const auto& L = sim.layout();
    std::ostringstream site, halls;
    site << "time_s,it_W,network_W,power_losses_W,cooling_W,facility_W,pue,outdoor_dry_bulb_C,vms_running\n";
    halls << "time_s,hall,it_W,cooling_W,utilization\n";
    for (const auto& r : sim.series()) {
      const double it = r.servers_W + r.network_W;
      site << num(r.time_s) << ',' << num(r.servers_W) << ',' << num(r.network_W) << ',' << num(r.losses_W) << ','
           << num(r.cooling_W) << ',' << num(r.facility_W) << ',' << num(it > 0 ? r.facility_W / it : 0) << ','
           << num(r.outdoor_dry_bulb_C) << ',' << r.vms_running << '\n';
      for (int h = 0; h < L.halls(); ++h)
        halls << num(r.time_s) << ',' << L.hall_names[h] << ',' << num(r.hall_servers_W[h]) << ','
              << num(r.hall_cooling_W[h]) << ',' << num(r.hall_utilization[h]) << '\n';
    }
    const auto& wanted = sim.scenario().output.series;
    auto want = [&](const char* name) { return std::find(wanted.begin(), wanted.end(), name) != wanted.end(); };
    if (want("site")) write_file(tmp / "series" / "site.csv", site.str());
    if (want("halls")) write_file(tmp / "series" / "halls.csv", halls.str());
    write_resolved_scenario(sim.scenario(), tmp);
  });
}

std::string format_summary(const json& j, const std::string& directory) {
  const auto& e = j["energy_kWh"];
  const auto& v = j["vms"];
  char buf[2048];
  std::snprintf(buf, sizeof buf,
                "dcsim: %s (%ld servers in %ld racks, %ld halls; %ld switches)\n"
                "  simulated %.1f h in %.2f s (build %.2f s)\n"
                "  energy     IT %.1f kWh | network %.1f kWh | power losses %.1f kWh | cooling %.1f kWh\n"
                "             facility %.1f kWh, PUE %.3f, peak facility power %.1f kW\n"
                "  VMs        requested %ld, placed %ld, rejected %ld, running at end %ld\n"
                "  CPU        mean utilization %.1f%%, cores allocated %.1f%%\n"
                "  results    %s\n",
                j["scenario"]["name"].get<std::string>().c_str(), j["site"]["servers"].get<long>(),
                j["site"]["racks"].get<long>(), j["site"]["halls"].get<long>(), j["site"]["switches"].get<long>(),
                j["time"]["simulated_s"].get<double>() / 3600, j["performance"]["run_wall_s"].get<double>(),
                j["performance"]["build_wall_s"].get<double>(), e["it"].get<double>(), e["network"].get<double>(),
                e["power_losses"].get<double>(), e["cooling"].get<double>(), e["facility"].get<double>(),
                j["pue"].get<double>(), j["peak_power_kW"]["facility"].get<double>(), v["requested"].get<long>(),
                v["placed"].get<long>(), v["rejected"].get<long>(), v["running_at_end"].get<long>(),
                100 * j["utilization"]["mean_cpu"].get<double>(),
                100 * j["utilization"]["mean_allocated_cores"].get<double>(), directory.c_str());
  return buf;
}

}  // namespace dcsim
