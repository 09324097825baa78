// Run outputs: summary.json (stable keys, documented in docs/outputs.md), series/*.csv and the resolved
// scenario, written into a temporary folder renamed into place at the end: whole or not at all.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "sim/simulation.hpp"

namespace dcsim {

nlohmann::json make_summary(const Simulation& sim);
// Writes everything into `directory` (replacing an earlier run there). Throws std::runtime_error on I/O
// failure, leaving any earlier content of `directory` untouched.
void write_outputs(const Simulation& sim, const std::string& directory);
// The one-screen summary printed by `dcsim run`.
std::string format_summary(const nlohmann::json& summary, const std::string& directory);

}  // namespace dcsim
