// Alibaba cluster-trace-v2018 containers (github.com/alibaba/clusterdata, cluster-trace-v2018/schema.md).
// CSV without header.
// container_meta (8 columns): 1 container_id, 2 machine_id, 3 time_stamp (s), 4 app_du, 5 status,
//   6 cpu_request (100 = 1 core), 7 cpu_limit, 8 mem_size (normalised, 0..100 = share of a machine's memory).
//   Used: 1, 3, 6, 8. A container has one row per status snapshot: start_s = its earliest time_stamp and
//   cpu_request / mem_size come from that row (an empty value there -> the first non-empty later one).
//   cores = cpu_request / 100, memory_B = mem_size / 100 * machine_memory_B. No positive CPU request ->
//   dropped.
// container_usage (11 columns): 1 container_id, 2 machine_id, 3 time_stamp (s), 4 cpu_util_percent,
//   5 mem_util_percent, 6 cpi, 7 mem_gps, 8 mpki, 9 net_in, 10 net_out, 11 disk_io_percent. Used: 1, 3, 4, 5.
//   Percent / 100 = fraction of the container's request (clamped to 0..1; an empty value is left out),
//   point readings resampled per usage_grid.hpp. Rows of containers absent from the meta are ignored.
// The trace has no deletion time: end_s = max(last meta time_stamp, last usage time + usage_interval_s) for a
// container with usage, else options.end_s_without_usage (default +inf: runs to the end).
// Errors (file:line): wrong column count, empty id, a non-numeric time stamp / request / utilisation, a
// negative request.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "models/workload/vm_record.hpp"

namespace dcsim::workload {

struct Alibaba2018Options {
  double machine_memory_B = 0.0;    // memory of a machine with mem_size 100 (required, > 0)
  double usage_interval_s = 300.0;  // resampling interval (the raw readings come about every 10 s)
  double end_s_without_usage = std::numeric_limits<double>::infinity();
};

VmTrace read_alibaba2018(const std::vector<std::string>& container_meta_files,
                         const std::vector<std::string>& container_usage_files, const Alibaba2018Options& options);

}  // namespace dcsim::workload
