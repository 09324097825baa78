// Runs a `compat: cloudsim-3.0.3` scenario with the exact re-implementation of CloudSim 3.0.3's PlanetLab
// benchmark (models/compat/cloudsim_planetlab) and writes its outputs in dcsim's layout (summary.json,
// scenario.yaml), whole or not at all.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "sim/scenario.hpp"

namespace dcsim {

nlohmann::json run_compat(const Scenario& scenario);  // the summary
void write_compat_outputs(const Scenario& scenario, const nlohmann::json& summary, const std::string& directory);
std::string format_compat_summary(const nlohmann::json& summary, const std::string& directory);

}  // namespace dcsim
