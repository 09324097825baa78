// Scenario parts for cluster-trace, batch and autoscaled workloads (docs/workloads.md): the typed form of
// `workload.traces`, `workload.batch` and `workload.autoscaled`, read by read_workload_extras(). SI units.
#pragma once
#include <limits>
#include <string>
#include <vector>

namespace dcsim {
namespace spec {
class MapReader;
}

// `workload.traces[i]`: the VMs of a published cluster trace; each follows its own usage trace.
struct TraceWorkloadSpec {
  std::string format;                     // google2011, alibaba2018, azure, bitbrains
  std::vector<std::string> files;         // google: task_events; alibaba: container_meta; azure: [vmtable]
  std::vector<std::string> usage_files;   // google: task_usage; alibaba: container_usage; azure: cpu_readings
  std::string directory;                  // bitbrains: the folder of per-VM CSV files
  double machine_cores = 0;               // google: cores of a normalised-1.0 machine
  double machine_memory_B = 0;            // google, alibaba: memory of a normalised-1.0 (100) machine
  double open_bucket_cores = 0, open_bucket_memory_B = 0;  // azure ">N" buckets (0 -> N)
  double usage_interval_s = 300;
  bool time_offset_auto = true;           // trace time mapped to t = 0: the earliest VM start
  double time_offset_s = 0;
  long limit = 0;                         // first N VMs by start time; 0 = all
  double utilization_without_usage = 0;   // VMs whose trace has no usage rows
};

// `workload.batch`: an SWF job log scheduled on a partition of the first `servers` servers.
struct BatchWorkloadSpec {
  bool enabled = false;
  std::string swf;
  std::string policy = "fcfs";  // fcfs, easy
  long servers = 1;
  int backfill_depth = 0;
  long limit = 0;               // first N jobs of the file; 0 = all
  double time_offset_s = 0;     // subtracted from submit times
};

struct DemandSpec {  // total demand of a group, in cores
  double cores = 0;            // constant level (or the scale of the trace: demand = cores x trace value)
  double diurnal_amplitude = 0, diurnal_peak_s = 14 * 3600.0;
  std::string trace;           // PlanetLab-format file (one percent per line), empty: constant + diurnal
  double trace_interval_s = 300;
};

// `workload.autoscaled[i]`: a VM group resized by a threshold autoscaler (models/policy/autoscaler.hpp).
struct AutoscaledGroupSpec {
  std::string name;
  int vm_cores = 1;
  double vm_memory_B = 0;
  int initial = 1, min = 1, max = 10;
  double upper = 0.8, lower = 0.3;
  int step_out = 1, step_in = 1;
  double breach_s = 300, breach_in_s = 0, cooldown_s = 300;
  double interval_s = 60;  // sampling (utilization tick) interval
  DemandSpec demand;
};

struct WorkloadExtras {
  std::vector<TraceWorkloadSpec> traces;
  BatchWorkloadSpec batch;
  std::vector<AutoscaledGroupSpec> autoscaled;
  bool any() const { return !traces.empty() || batch.enabled || !autoscaled.empty(); }
};

// Reads `traces`, `batch` and `autoscaled` from the `workload` map (sim/workload_source.cpp).
void read_workload_extras(spec::MapReader& workload, WorkloadExtras& out);

}  // namespace dcsim
