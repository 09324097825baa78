// `workload.autoscaled`: VM groups resized by a threshold autoscaler (models/policy/autoscaler.hpp).
// A group's total demand D(t) in cores follows a profile,
//   constant + diurnal:  D(t) = cores * (1 + amplitude * cos(2 pi (t - peak) / 24 h))
//   trace:               D(t) = cores * u(floor(t / interval))  (PlanetLab-format file, held past its end)
// spread evenly over its n VMs of c cores: each VM's utilization is min(1, D(t) / (n c)), which is also the
// group's mean utilization. At every utilization tick (every `interval`; with several groups, the smallest
// interval) that mean drives the group's Autoscaler; VMs it adds are placed like arrivals, VMs it removes
// (the newest first) depart. Then every VM of the group takes the utilization for the new size.
// Statistics hold each sample until the next tick: time above upper counts the utilization after the
// tick's action; mean size is time-weighted over the run.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

#include "models/policy/autoscaler.hpp"
#include "models/workload/utilization_trace.hpp"
#include "sim/workload_extras.hpp"

namespace dcsim {

class AutoscaleGroups {
 public:
  // Reads demand trace files (InputErrors, file:line); throws InputErrors naming the group for a config the
  // autoscaler rejects.
  AutoscaleGroups(const std::vector<AutoscaledGroupSpec>& specs, double end_s);

  size_t count() const { return groups_.size(); }
  const AutoscaledGroupSpec& spec(size_t g) const { return groups_[g].spec; }
  double interval_s() const;  // the smallest sampling interval
  double demand_cores(size_t g, double t) const;
  float vm_utilization(size_t g, double t) const;  // min(1, D(t) / (size x cores)), size = the autoscaler's
  int size(size_t g) const { return groups_[g].scaler.size(); }

  int decide(size_t g, double t);          // one sample: the size change to apply now
  void settle(size_t g, double t);         // after the change: size := VMs running, record statistics
  void joined(size_t g, std::uint32_t slot) { groups_[g].members.push_back(slot); }
  void left(size_t g, std::uint32_t slot);
  bool has_members(size_t g) const { return !groups_[g].members.empty(); }
  std::uint32_t newest(size_t g) const { return groups_[g].members.back(); }

  nlohmann::json summary() const;

 private:
  struct Group {
    AutoscaledGroupSpec spec;
    policy::Autoscaler scaler;
    workload::UtilizationTrace trace;
    std::vector<std::uint32_t> members;  // engine slots, in join order
    long scale_outs = 0, scale_ins = 0;
    int min_size = 0, max_size = 0;
    double size_s = 0, above_s = 0, demand_core_s = 0;
  };
  void record(Group& g, double t) const;
  std::vector<Group> groups_;
  double end_s_;
};

}  // namespace dcsim
