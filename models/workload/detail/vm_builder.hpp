// Common machinery of the cluster-trace readers: usage samples of all VMs are collected in ONE flat array
// tagged with the VM's index (no per-VM vectors), grouped per VM by a counting sort at the end, resampled
// onto a regular grid (usage_grid.hpp), and the records emitted stably sorted by start time.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/workload/detail/usage_grid.hpp"
#include "models/workload/vm_record.hpp"

namespace dcsim::workload::detail {

struct PendingVm {
  VmRecord record;
  bool keep = true;  // false: dropped (counted in VmTrace::dropped_records)
};

struct TaggedSample {
  std::uint32_t vm;  // index into the pending vector
  UsageSample sample;
};

// Consumes `pending` and `samples`. `source` names the input in errors (a VM whose samples span too long a
// time).
void finish_vms(std::vector<PendingVm>& pending, std::vector<TaggedSample>& samples, double interval_s,
                const std::string& source, VmTrace& out);

}  // namespace dcsim::workload::detail
