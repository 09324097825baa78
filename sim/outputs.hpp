// Run outputs: summary.json (stable keys, documented in docs/outputs.md), series/*.csv and the resolved
// scenario, written into a temporary folder renamed into place at the end: whole or not at all.
#pragma once
#include <nlohmann/json.hpp>
#include <filesystem>
#include <functional>
#include <string>

#include "sim/simulation.hpp"

namespace dcsim {

nlohmann::json make_summary(const Simulation& sim);
// Writes everything into `directory` (replacing an earlier run there). Throws std::runtime_error on I/O
// failure, leaving any earlier content of `directory` untouched.
void write_outputs(const Simulation& sim, const std::string& directory);
// Output folders are written whole or not at all: `fill` writes into a temporary folder beside `directory`,
// which then replaces `directory` (an earlier run's content is removed only once the new one is complete).
void write_directory_atomically(const std::string& directory,
                                const std::function<void(const std::filesystem::path&)>& fill);
void write_file(const std::filesystem::path& path, const std::string& content);  // throws on I/O failure
void write_resolved_scenario(const Scenario& scenario, const std::filesystem::path& folder);
// The one-screen summary printed by `dcsim run`.
std::string format_summary(const nlohmann::json& summary, const std::string& directory);

}  // namespace dcsim
