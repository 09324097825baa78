// `dcsim compare A.yaml B.yaml ... [-o DIR]`: the same IT load through several facility designs over a design
// year. A file with a top-level `designs:` list (paths relative to it, or {file, name, set: [PATH=VALUE]})
// stands for its entries. The IT load is simulated once per distinct IT scenario (server/rack/hall types,
// network, workload, scheduler, simulation sections, after overrides), each in a forked child process (SimGrid
// allows one engine per process); its hourly means repeat over 8760 h of each design's weather
// (sim/facility_year.hpp). Writes to DIR: compare.csv, compare.md (side-by-side table), designs/<name>.json
// (every year metric), monthly_pue.svg and power_breakdown.svg (SVG written directly: no plotting dependency).
#pragma once
#include <string>
#include <vector>

namespace dcsim {

struct CompareOptions {
  std::vector<std::string> files;
  std::vector<std::string> sets;  // --set overrides applied to every design
  std::string output_dir = "out/compare";
  bool quiet = false;
};

// Returns the process exit code (0). Throws dcsim::InputErrors on invalid scenarios, std::runtime_error when an
// IT simulation fails.
int run_compare(const CompareOptions& options);

// True when `path` is a YAML file with a top-level `designs:` list (then `dcsim validate` checks each design).
bool is_designs_file(const std::string& path);
// Loads every design listed (with its overrides); prints one line per design; throws InputErrors.
int validate_designs(const std::string& path, const std::vector<std::string>& sets);

}  // namespace dcsim
