// PlanetLab CPU traces (CoMon project, 2011, as distributed with CloudSim 3.0.3 examples): one file per VM,
// one integer CPU utilisation percent per line (0..100), one sample every 300 s (288 lines = 24 h).
// Traces are returned in BYTE-SORTED file-name order (the order the reference results in
// /work/shared/design/PLANETLAB.md assume; CloudSim itself uses unsorted directory order).
//
// CloudSim's UtilizationModelPlanetLabInMemory interpolation (reproduced bit-for-bit):
//   data[k] = percent_k / 100 (k < n),  data[n] = data[n-1]
//   u(t) = data[t/T]                                              if t mod T == 0
//        = data[i] + (data[i+1] - data[i]) / T * (t - i T),  i = floor(t/T)   otherwise
// Outside CloudSim's range (t < 0 or t >= n T, where CloudSim would throw) u is held at data[0] / data[n-1].
#pragma once
#include <string>
#include <vector>

#include "models/workload/utilization_trace.hpp"

namespace dcsim::workload {

inline constexpr double kPlanetLabInterval_s = 300.0;

// Reads every regular, non-hidden file of `dir`. Errors (dcsim::InputErrors, file:line): a line that is
// not a single integer, a value outside 0..100, an empty line followed by more data, an empty file; a
// missing directory or one with no files.
std::vector<UtilizationTrace> read_planetlab_directory(const std::string& dir);

// One file; the trace name is the file name without its directory.
UtilizationTrace read_planetlab_file(const std::string& path);

// CloudSim's u(t) (see above); t in seconds from the trace start.
double planetlab_utilization(const UtilizationTrace& trace, double t);

}  // namespace dcsim::workload
