// A regularly sampled utilization time series: values[k] is the utilization (fraction 0..1) during
// [start_s + k*interval_s, start_s + (k+1)*interval_s). PlanetLab traces have start_s = 0 and interval 300 s;
// traces resampled from cluster logs (Google, Alibaba, Azure, Bitbrains) carry the absolute trace time of
// their first sample in start_s.
#pragma once
#include <string>
#include <vector>

namespace dcsim::workload {

struct UtilizationTrace {
  std::string name;           // file name (PlanetLab) or VM id
  double interval_s = 300.0;  // sampling interval
  std::vector<double> values;  // fractions 0..1
  double start_s = 0.0;       // trace time of values[0]
};

}  // namespace dcsim::workload
