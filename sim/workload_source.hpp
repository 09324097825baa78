// VM requests in arrival order, merged from the scenario's sources (explicit list, PlanetLab traces,
// synthetic stream), and each VM's utilization at the ticks of its source. Streaming: a day of
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

enum class UtilizationKind : std::uint8_t { Constant, Synthetic, Trace };

struct VmRequest {
  double arrival_s = 0;
  double end_s = 0;  // +inf: runs past the end of the simulation
  int cores = 1;
  double memory_B = 0;
  UtilizationKind kind = UtilizationKind::Constant;
  float utilization = 0;   // Constant: the utilization
  float long_run_mean = 0; // synthetic: the VM's own mean
  std::int32_t trace = -1; // Trace: index into traces()
  std::uint64_t uid = 0;   // stable id: source-specific counter
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
};

}  // namespace dcsim
