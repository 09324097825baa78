// `workload.batch`: an SWF job log (models/workload/swf_reader) scheduled by FCFS or EASY backfilling
// (models/policy/batch_scheduler) on a partition of the site's first N servers, P = sum of their cores.
// Each job then runs as a fixed allocation: at its scheduled start its `procs` cores are taken from the
// partition's servers in server order (filling each server's free cores before the next), at full
// utilization (1.0 per core), until start + min(run, requested); so the partition's power and energy are
// simulated by the engine like any other load. The partition's servers take no VMs.
// Schedule metrics (models/policy/batch_scheduler.hpp) cover every job of the log, also those that would
// start after the simulated period; the engine simulates the loads up to the end of the run.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "models/policy/batch_scheduler.hpp"
#include "sim/workload_extras.hpp"
#include "sim/workload_source.hpp"

namespace dcsim {

class BatchWorkload {
 public:
  // server_cores: physical cores of each partition server (the first spec.servers servers of the site).
  // Throws InputErrors (file:line) for a malformed SWF file.
  BatchWorkload(const BatchWorkloadSpec& spec, const std::vector<int>& server_cores);

  double next_time() const;  // +inf when no change remains
  BatchLoadChange pop();
  long servers() const { return static_cast<long>(server_cores_.size()); }
  int processors() const { return processors_; }
  const policy::BatchSchedule& schedule() const { return schedule_; }
  // Schedule metrics plus what the run covered up to end_s.
  nlohmann::json summary(double end_s) const;

 private:
  BatchWorkloadSpec spec_;
  std::vector<int> server_cores_;
  int processors_ = 0;
  std::vector<policy::BatchJob> jobs_;
  policy::BatchSchedule schedule_;
  std::vector<BatchLoadChange> changes_;  // time order; ends before starts at equal times
  size_t next_ = 0;
};

}  // namespace dcsim
