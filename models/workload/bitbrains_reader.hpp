// Bitbrains GWA-T-12 traces (Grid Workloads Archive; Shen, van Beek, Iosup, "Statistical characterization of
// business-critical workloads hosted in cloud datacenters", CCGrid 2015): directories fastStorage/ and Rnd/
// with one CSV per VM ("1.csv", ...), ';'-separated (with a tab after each ';'), one header line:
//   1 Timestamp [ms]; 2 CPU cores; 3 CPU capacity provisioned [MHZ]; 4 CPU usage [MHZ]; 5 CPU usage [%];
//   6 Memory capacity provisioned [KB]; 7 Memory usage [KB]; 8 Disk read throughput [KB/s]; 9 Disk write
//   throughput [KB/s]; 10 Network received throughput [KB/s]; 11 Network transmitted throughput [KB/s]
// Used: 1, 2, 5, 6, 7. Despite its name the time stamp is in SECONDS (Unix time; readings every 300 s).
//   id = file name without ".csv"; start_s = first time stamp, end_s = last time stamp + usage_interval_s
//   cores = CPU cores of the first row; memory_B = Memory capacity provisioned [KB] of the first row * 1024
//   usage = CPU usage [%] / 100; memory_usage = Memory usage [KB] / Memory capacity provisioned [KB] (same row)
//   both clamped to 0..1, resampled per usage_grid.hpp.
// Errors (file:line): a header without the used columns, a row whose column count differs from the header's,
// a non-numeric used value, no data rows. Directory: byte-sorted names ("10.csv" before "2.csv"), hidden
// files skipped; VMs with CPU cores <= 0 are dropped (counted).
#pragma once
#include <string>

#include "models/workload/vm_record.hpp"

namespace dcsim::workload {

struct BitbrainsOptions {
  double usage_interval_s = 300.0;
};

VmRecord read_bitbrains_file(const std::string& path, const BitbrainsOptions& options = {});
VmTrace read_bitbrains_directory(const std::string& dir, const BitbrainsOptions& options = {});

}  // namespace dcsim::workload
