// The `dcsim` program's main(), compiled a second time under another name so that `python -m dcsim` runs the
// very same command-line logic in-process (same options, messages and exit codes). The headers main.cpp uses
// are included first so that the renaming below touches only main.cpp's own `main`.
// TODO(lead): once sim/cli/main.cpp exposes `int dcsim::cli_main(int, char**)`, call that instead.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/input_error.hpp"
#include "sim/outputs.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/simulation.hpp"

#define main dcsim_python_cli_main
#include "sim/cli/main.cpp"
#undef main
