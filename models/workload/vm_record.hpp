// One VM (or container / task) read from a published cluster trace, in SI units, plus the read statistics.
// Readers: google2011_reader, alibaba2018_reader, azure_reader, bitbrains_reader. Which columns each uses
// and how they are converted: docs/models/workloads.md.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "models/workload/utilization_trace.hpp"

namespace dcsim::workload {

struct VmRecord {
  std::string id;
  double start_s = 0.0;  // trace time the VM starts running
  double end_s = 0.0;    // trace time it ends; +infinity if the trace does not say (still running)
  double cores = 0.0;    // requested / provisioned cores (may be fractional)
  double memory_B = 0.0;  // requested / provisioned memory, bytes
  UtilizationTrace usage;         // CPU use as a fraction of `cores`, clamped to 0..1; may be empty
  UtilizationTrace memory_usage;  // memory use as a fraction of `memory_B`, clamped to 0..1; may be empty
};

struct VmTrace {
  std::vector<VmRecord> vms;       // stably sorted by start_s (ties keep first-appearance order)
  std::size_t ignored_rows = 0;     // well-formed rows that could not be used (e.g. usage of an unknown VM)
  std::size_t dropped_records = 0;  // VMs left out (e.g. never scheduled, no CPU request); see the doc
};

}  // namespace dcsim::workload
