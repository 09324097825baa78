// VM requests in arrival order, merged from the scenario's sources (explicit list, PlanetLab traces,
// cluster traces, autoscaled groups, synthetic stream), and each VM's utilization at the ticks of its
// source. Trace VMs (PlanetLab and cluster traces) each follow their own trace: at a tick at time t a VM
// takes the sample covering t (values[floor((t - start) / interval)], values[0] before the start, the last
// value past the end); the Trace tick runs at the smallest interval of all traces. Also holds the batch
// partition (sim/batch_workload.hpp) and the autoscaled groups (sim/autoscale.hpp). Streaming: a day of
// hyperscale arrivals is never materialised. Utilization draws are counter-based per VM (no RNG object
// per VM), so the same seed gives the same loads whatever the placement does.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

#include "models/workload/utilization_trace.hpp"
#include "sim/scenario.hpp"

namespace dcsim {

class Simulation;
class BatchWorkload;
class AutoscaleGroups;

enum class UtilizationKind : std::uint8_t { Constant, Synthetic, Trace, Group };

struct VmRequest {
  double arrival_s = 0;
  double end_s = 0;  // +inf: runs past the end of the simulation
  int cores = 1;
  double memory_B = 0;
  UtilizationKind kind = UtilizationKind::Constant;
  float utilization = 0;   // Constant: the utilization
  float long_run_mean = 0; // synthetic: the VM's own mean
  std::int32_t trace = -1; // Trace: index into traces(); Group: the autoscaled group
  std::uint64_t uid = 0;   // stable id: source-specific counter
};

struct BatchLoadChange {  // a batch job's share of one partition server (sim/batch_workload.hpp)
  double t;
  std::int32_t server;
  std::int32_t delta_cores;  // + at the job's start, - at its end
};

struct UtilizationTick {
  UtilizationKind kind;
  double interval_s;
};

class WorkloadSource {
 public:
  WorkloadSource(const Scenario& scenario, double end_s);
  ~WorkloadSource();

  // Time of the next request, +inf when none remains before the end.
  double next_time() const;
  VmRequest pop();

  std::vector<UtilizationTick> ticks() const;
  // Moves a VM's utilization process to tick number `step` (step >= 1) of its kind, at time t. `state` is
  // the process state (AR(1) level for synthetic VMs), `utilization` what the VM demands of its cores.
  void advance(const VmRequest& vm, float& state, float& utilization, std::uint64_t step, double t) const;
  // Initial state and utilization at arrival.
  void initial(const VmRequest& vm, float& state, float& utilization) const;
  const std::vector<workload::UtilizationTrace>& traces() const { return traces_; }

  // Batch partition and autoscaled groups. attach() (from the Simulation's constructor) reserves the
  // partition's servers, schedules the batch jobs and registers the "batch"/"autoscaling" summaries.
  void attach(Simulation& sim);
  double next_batch_time() const;
  BatchLoadChange pop_batch();
  AutoscaleGroups* groups() { return groups_.get(); }
  VmRequest group_request(size_t group, double t);  // a new VM of the group, arriving at t
  void joined(const VmRequest& vm, std::uint32_t slot);  // placement hooks (group membership)
  void left(const VmRequest& vm, std::uint32_t slot);

 private:
  struct Synthetic;
  void refill_synthetic();

  const Scenario* scenario_;
  double end_s_;
  std::vector<VmRequest> fixed_;  // explicit + trace VMs, sorted by (arrival, uid)
  size_t fixed_next_ = 0;
  std::vector<workload::UtilizationTrace> traces_;
  std::unique_ptr<Synthetic> synthetic_;
  std::optional<VmRequest> synthetic_next_;
  std::uint64_t seed_ = 1;
  std::unique_ptr<BatchWorkload> batch_;
  std::unique_ptr<AutoscaleGroups> groups_;
  std::uint64_t group_uid_ = std::uint64_t{3} << 40;
  void add_cluster_traces(std::uint64_t& uid);
};

}  // namespace dcsim
