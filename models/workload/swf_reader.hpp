// Standard Workload Format (SWF) reader, the format of Feitelson's Parallel Workloads Archive
// (https://www.cs.huji.ac.il/labs/parallel/workload/swf.html): one job per line, 18 whitespace-separated
// numeric fields, -1 = missing; lines starting with ';' are comments / header ("; MaxProcs: 128").
// Fields used (1-based): 1 job number, 2 submit time s, 4 run time s, 5 allocated processors,
// 8 requested processors, 9 requested time s, 11 status (1 completed, 0 failed, 5 cancelled, 2-4 partial
// executions of a checkpointed job, -1 unknown).
// Fallbacks (any negative value counts as missing):
//   procs       = allocated (5) if > 0, else requested (8) if > 0, else the job is skipped
//   run_s       = run time (4); missing -> the job is skipped (it never ran: nothing to simulate)
//   requested_s = requested time (9) if > 0, else run_s
//   submit_s    = submit time (2); missing -> the job is skipped
//   status      = field 11 as is (-1 when missing)
// Errors (dcsim::InputErrors, file:line): a data line without exactly 18 fields, a non-numeric field.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dcsim::workload {

struct SwfJob {
  std::int64_t id = 0;
  double submit_s = 0.0;     // seconds from the log start
  double run_s = 0.0;        // wall-clock run time
  double requested_s = 0.0;  // user's run-time estimate (wall-clock limit)
  std::int32_t procs = 0;
  std::int32_t status = -1;
};

struct SwfTrace {
  std::vector<SwfJob> jobs;  // file order
  std::size_t skipped_jobs = 0;     // data lines left out by the fallbacks above
  std::int64_t max_procs = -1;      // header "; MaxProcs: N", -1 if absent
  std::int64_t unix_start_time = -1;  // header "; UnixStartTime: N", -1 if absent
};

SwfTrace read_swf(const std::string& path);

}  // namespace dcsim::workload
