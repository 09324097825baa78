// Google cluster-usage trace 2011 (clusterdata-2011-2; Reiss, Wilkes, Hellerstein, "Google cluster-usage
// traces: format + schema", 2011/2014). CSV without header, one table split into part files.
// task_events (13 columns): 1 time (us), 2 missing info, 3 job ID, 4 task index, 5 machine ID, 6 event type
//   (0 SUBMIT, 1 SCHEDULE, 2 EVICT, 3 FAIL, 4 FINISH, 5 KILL, 6 LOST, 7 UPDATE_PENDING, 8 UPDATE_RUNNING),
//   7 user, 8 scheduling class, 9 priority, 10 CPU request, 11 memory request, 12 disk request,
//   13 different-machine constraint. Used: 1, 3, 4, 6, 10, 11.
// task_usage (>= 7 columns): 1 start (us), 2 end (us), 3 job ID, 4 task index, 5 machine ID, 6 mean CPU usage
//   rate, 7 canonical memory usage, ... Used: 1, 2, 3, 4, 6, 7.
// CPU and memory are normalised to the largest machine of the cell (1.0 = that machine), so
//   cores = cpu_request * machine_cores,  memory_B = memory_request * machine_memory_B.
// One VmRecord per task *instance*: it starts at a SCHEDULE event and ends at the next EVICT/FAIL/FINISH/
// KILL/LOST of that task (or at a new SCHEDULE); still running at the end of the files -> end_s = +inf.
// Id "<job>-<task>", "<job>-<task>#2" for the second instance, and so on. Time 0 means "before the trace
// window" and 2^63-1 "after it" (-> +inf); times are kept on the trace's clock (the window starts at 600 s).
// Requests: the latest non-empty value seen for the task up to the SCHEDULE (SUBMIT and UPDATE events carry
// them), else the task's last value in the files; an instance with no positive CPU request is dropped.
// Usage: each task_usage row goes to the task's latest instance that started at or before the row (the
// first instance if none); fractions = mean CPU rate / CPU request and canonical memory / memory request,
// clamped to 0..1 (tasks may exceed their request), resampled per usage_grid.hpp.
// Ignored rows (counted): usage of unknown tasks, terminal events of tasks with no running instance.
// Errors (file:line): wrong column count, a non-integer time/ID/event type, an event type outside 0..8,
// a non-numeric or negative request, usage with end < start.
#pragma once
#include <string>
#include <vector>

#include "models/workload/vm_record.hpp"

namespace dcsim::workload {

struct Google2011Options {
  double machine_cores = 0.0;     // cores of a machine with normalised CPU capacity 1.0 (required, > 0)
  double machine_memory_B = 0.0;  // bytes of a machine with normalised memory 1.0 (required, > 0)
  double usage_interval_s = 300.0;  // resampling interval of the usage (the trace's measurement period)
};

// Part files are read in the order given (give them in time order: part-00000-of-00500 first).
VmTrace read_google2011(const std::vector<std::string>& task_event_files,
                        const std::vector<std::string>& task_usage_files, const Google2011Options& options);

}  // namespace dcsim::workload
