// Azure Public Dataset V1 (2017) / V2 (2019) VM traces (github.com/Azure/AzurePublicDataset; Cortez et al.,
// "Resource Central", SOSP 2017). CSV without header (a header line naming "vmcreated" is skipped).
// vmtable (11 columns): 1 vmid, 2 subscriptionid, 3 deploymentid, 4 vmcreated (s), 5 vmdeleted (s),
//   6 maxcpu, 7 avgcpu, 8 p95maxcpu (percent), 9 vmcategory, 10 vmcorecount(bucket), 11 vmmemory(bucket) (GB).
//   Used: 1, 4, 5, 10, 11. start_s = vmcreated, end_s = vmdeleted (seconds from the trace start).
//   Buckets are numbers ("2", "3.5") or open buckets ">N" (">24" cores, ">64" GB): an open bucket maps to the
//   option value if > 0, else to N (its lower bound: an underestimate, documented). Memory GB are GiB (2^30 B,
//   Azure's VM size unit).
// vm_cpu_readings (optional; 5 columns): 1 timestamp (s, every 300 s), 2 vmid, 3 min cpu, 4 max cpu,
//   5 avg cpu (percent of the VM's cores). Used: 1, 2, 5 -> usage = avg / 100 (clamped), resampled per
//   usage_grid.hpp; readings of VMs not in the vmtable are ignored. The trace has no memory usage.
// Errors (file:line): wrong column count, empty or duplicate vmid, non-numeric times / buckets / readings,
// vmdeleted < vmcreated, a bucket <= 0.
#pragma once
#include <string>
#include <vector>

#include "models/workload/vm_record.hpp"

namespace dcsim::workload {

struct AzureOptions {
  double cores_open_bucket = 0.0;      // cores for ">N" buckets; 0 -> N
  double memory_GB_open_bucket = 0.0;  // GiB for ">N" buckets; 0 -> N
  double usage_interval_s = 300.0;
};

VmTrace read_azure_vmtable(const std::string& vmtable_file, const std::vector<std::string>& cpu_reading_files,
                           const AzureOptions& options = {});

}  // namespace dcsim::workload
