// Loads and validates a scenario file (schema version 1) into a Scenario. All input errors are collected and
// thrown together as dcsim::InputErrors; nothing is written.
#pragma once
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "sim/scenario.hpp"

namespace dcsim {

// `overrides` are "key.path=value" assignments applied before validation (CLI --set, Python set()).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});
// Same, from YAML text; `name` stands in for the file in messages, `base_dir` anchors relative paths.
Scenario load_scenario_text(const std::string& yaml_text, const std::string& name, const std::string& base_dir,
                            const std::vector<std::string>& overrides = {});

}  // namespace dcsim
