#include "models/workload/detail/vm_builder.hpp"

#include <algorithm>

#include "core/input_error.hpp"

namespace dcsim::workload::detail {

void finish_vms(std::vector<PendingVm>& pending, std::vector<TaggedSample>& samples, double interval_s,
                const std::string& source, VmTrace& out) {
  // Counting sort of the samples by VM (stable: file order kept within a VM).
  std::vector<std::size_t> offset(pending.size() + 1, 0);
  for (const TaggedSample& s : samples) ++offset[s.vm + 1];
  for (std::size_t i = 1; i < offset.size(); ++i) offset[i] += offset[i - 1];
  std::vector<UsageSample> grouped(samples.size());
  {
    std::vector<std::size_t> next(offset.begin(), offset.end() - 1);
    for (const TaggedSample& s : samples) grouped[next[s.vm]++] = s.sample;
  }
  std::vector<TaggedSample>().swap(samples);

  out.vms.reserve(out.vms.size() + pending.size());
  for (std::size_t i = 0; i < pending.size(); ++i) {
    PendingVm& p = pending[i];
    if (!p.keep) {
      ++out.dropped_records;
      continue;
    }
    VmRecord& r = p.record;
    if (!resample(grouped.data() + offset[i], offset[i + 1] - offset[i], interval_s, r.usage, r.memory_usage))
      throw_file_error(source, 0, "usage samples of VM '" + r.id + "' span an implausible time range; check the time stamps");
    r.usage.name = r.id;
    r.memory_usage.name = r.id;
    out.vms.push_back(std::move(r));
  }
  pending.clear();
  std::stable_sort(out.vms.begin(), out.vms.end(),
                   [](const VmRecord& a, const VmRecord& b) { return a.start_s < b.start_s; });
}

}  // namespace dcsim::workload::detail
