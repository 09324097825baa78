#include "sim/compat_run.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "models/compat/cloudsim_planetlab.hpp"
#include "models/workload/planetlab_reader.hpp"
#include "sim/outputs.hpp"

namespace dcsim {
namespace fs = std::filesystem;

nlohmann::json run_compat(const Scenario& sc) {
  compat::CompatConfig cfg;
  cfg.trace_dir = sc.workload.planetlab.directory;
  cfg.policy = sc.compat.policy;
  cfg.hosts = sc.compat.hosts * sc.compat.tile;
  cfg.seed = sc.simulation.seed;
  cfg.weighted_regression = sc.compat.weighted_regression;
  cfg.tile = sc.compat.tile;  // the day's traces (byte-sorted) repeated copy after copy over hosts x tile
  const auto t0 = std::chrono::steady_clock::now();
  const compat::CompatResult r = compat::run_cloudsim_planetlab(cfg);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json j;
  j["schema_version"] = 1;
  j["scenario"] = {{"name", sc.site.name}, {"file", sc.file}, {"seed", sc.simulation.seed}};
  j["compat"] = {{"mode", sc.compat.mode}, {"policy", sc.compat.policy}, {"hosts", cfg.hosts}, {"tile", sc.compat.tile}};
  // CloudSim's benchmark reports host (IT) energy only; the facility is outside its model.
  j["energy_kWh"] = {{"it", r.energy_kWh}};
  j["migrations"] = {{"started", r.migrations}};
  j["sla"] = {{"slatah", r.slatah}, {"pdm", r.pdm}, {"slav", r.slav}, {"overall_violation", r.overall_sla_violation},
              {"average_violation", r.average_sla_violation}};
  j["vms"] = {{"requested", r.vms}, {"removed_at_zero_demand", r.vms_removed}, {"running_at_end", r.vms_left}};
  j["servers"] = {{"switch_offs", r.host_shutdowns}};
  j["time"] = {{"simulated_s", r.last_event_s}, {"events", r.processing_events}};
  j["performance"] = {{"run_wall_s", wall}};
  return j;
}

void write_compat_outputs(const Scenario& sc, const nlohmann::json& summary, const std::string& directory) {
  write_directory_atomically(directory, [&](const fs::path& tmp) {
    write_file(tmp / "summary.json", summary.dump(2) + "\n");
    write_resolved_scenario(sc, tmp);
  });
}

std::string format_compat_summary(const nlohmann::json& j, const std::string& directory) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "dcsim (compat %s): %s, policy %s, %d hosts, %d VMs\n"
                "  energy %.5f kWh | migrations %ld | SLATAH %.4f%% | PDM %.5f%% | SLAV %.4e\n"
                "  VMs removed at zero demand %d (CloudSim's behaviour), left %d; run %.3f s\n"
                "  results    %s\n",
                j["compat"]["mode"].get<std::string>().c_str(), j["scenario"]["name"].get<std::string>().c_str(),
                j["compat"]["policy"].get<std::string>().c_str(), j["compat"]["hosts"].get<int>(),
                j["vms"]["requested"].get<int>(), j["energy_kWh"]["it"].get<double>(),
                j["migrations"]["started"].get<long>(), 100 * j["sla"]["slatah"].get<double>(),
                100 * j["sla"]["pdm"].get<double>(), j["sla"]["slav"].get<double>(),
                j["vms"]["removed_at_zero_demand"].get<int>(), j["vms"]["running_at_end"].get<int>(),
                j["performance"]["run_wall_s"].get<double>(), directory.c_str());
  return buf;
}

}  // namespace dcsim
