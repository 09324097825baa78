// The dcsim command line (docs/cli.md). Exit codes: 0 success, 1 internal failure, 2 invalid input.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>
#include <filesystem>
#include <iostream>

#include "core/input_error.hpp"
#include "sim/compare.hpp"
#include "sim/compat_run.hpp"
#include "sim/outputs.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/simulation.hpp"
#include "sim/storage/storage_system.hpp"

namespace {

int report_input_errors(const dcsim::InputErrors& e) {
  std::cerr << "dcsim: invalid input (" << e.errors().size() << (e.errors().size() == 1 ? " error" : " errors")
            << "):\n";
  for (const auto& err : e.errors()) std::cerr << "  " << err.format() << "\n";
  return 2;
}

std::vector<std::string> with_seed(std::vector<std::string> sets, long long seed) {
  if (seed >= 0) sets.push_back("simulation.seed=" + std::to_string(seed));
  return sets;
}

}  // namespace

namespace {
// `dcsim sweep|report ...` are implemented in Python (docs/sweeps-and-reports.md): run `python -m dcsim` with
// the same arguments. Python: $DCSIM_PYTHON, else the interpreter CMake was configured with; the package is
// found in the source tree (python/) even when not installed.
int forward_to_python(int argc, char** argv) {
  const char* env = std::getenv("DCSIM_PYTHON");
  std::string python = env && *env ? env : DCSIM_PYTHON_EXECUTABLE;
  if (python.empty()) python = "python3";
  std::string path = DCSIM_SOURCE_DIR "/python";
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) path += std::string(":") + old;
  setenv("PYTHONPATH", path.c_str(), 1);
  std::vector<char*> args{python.data(), const_cast<char*>("-m"), const_cast<char*>("dcsim")};
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  std::fflush(stdout);
  execvp(python.c_str(), args.data());
  std::fprintf(stderr, "dcsim: cannot run %s -m dcsim: %s\n", python.c_str(), std::strerror(errno));
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::string_view(argv[1]) == "sweep" || std::string_view(argv[1]) == "report"))
    return forward_to_python(argc, argv);
  CLI::App app{"dcsim: a discrete-event data-center simulator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dcsim 0.1.0");

  std::string scenario_path, output_dir;
  std::vector<std::string> sets;
  long long seed = -1;
  bool quiet = false;
  auto* run = app.add_subcommand("run", "Run a scenario and write its results");
  run->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  run->add_option("-o,--output", output_dir, "Output directory (default: the scenario's output.directory, else ./out/<site name>)");
  run->add_option("--set", sets, "Override a value: PATH=VALUE, e.g. simulation.duration=2h (repeatable)");
  run->add_option("--seed", seed, "Random seed (same as --set simulation.seed=N)");
  run->add_flag("-q,--quiet", quiet, "No progress line");

  auto* validate = app.add_subcommand("validate", "Check a scenario without running it");
  validate->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  validate->add_option("--set", sets, "Override a value: PATH=VALUE (repeatable)");

  dcsim::CompareOptions compare_opt;
  auto* compare = app.add_subcommand("compare", "Run the same IT load through several facility designs over a year");
  compare->add_option("scenarios", compare_opt.files, "Design scenario files (or one file with a designs: list)")
      ->required();
  compare->add_option("-o,--output", compare_opt.output_dir, "Output directory (default: out/compare)");
  compare->add_option("--set", compare_opt.sets, "Override a value in every design: PATH=VALUE (repeatable)");
  compare->add_flag("-q,--quiet", compare_opt.quiet, "No progress line");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (compare->parsed()) return dcsim::run_compare(compare_opt);
    if (validate->parsed()) {
      if (dcsim::is_designs_file(scenario_path)) return dcsim::validate_designs(scenario_path, sets);
      const auto sc = dcsim::load_scenario(scenario_path, sets);
      std::printf("%s: valid (schema version %d, %ld servers)\n", scenario_path.c_str(), sc.version,
                  sc.server_count());
      return 0;
    }
    auto sc = dcsim::load_scenario(scenario_path, with_seed(sets, seed));
    std::string out = output_dir;
    if (out.empty()) out = !sc.output.directory.empty() ? sc.output.directory : "out/" + sc.site.name;
    if (!sc.compat.mode.empty()) {
      const auto summary = dcsim::run_compat(sc);
      dcsim::write_compat_outputs(sc, summary, out);
      std::cout << dcsim::format_compat_summary(summary, std::filesystem::absolute(out).string());
      return 0;
    }
    dcsim::Simulation sim(std::move(sc));
    dcsim::add_storage_subsystems(sim);
    sim.show_progress = !quiet;
    sim.run();
    sim.check_invariants();
    dcsim::write_outputs(sim, out);
    std::cout << dcsim::format_summary(dcsim::make_summary(sim), std::filesystem::absolute(out).string());
    return 0;
  } catch (const dcsim::InputErrors& e) {
    return report_input_errors(e);
  } catch (const std::exception& e) {
    std::cerr << "dcsim: error: " << e.what() << "\n";
    return 1;
  }
}
