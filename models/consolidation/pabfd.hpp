// Power-aware best-fit decreasing placement (PABFD) and the underload consolidation step (Beloglazov & Buyya,
// CCPE 2012, Algorithms 1-2; CloudSim 3.0.3 PowerVmAllocationPolicyMigrationAbstract).
//   PABFD: VMs in decreasing CPU demand (stable); each goes to the fitting, non-excluded host h minimising
//          dP_h = P_h(u_h + d / C_h) - P_h(now), skipping hosts that would be overloaded after the
//          allocation unless they are currently empty; ties go to the lowest host id. The Models find that
//          host with a TargetIndex (target_index.hpp), in O(log n) per VM.
//   Underload step: repeatedly take the least-utilized host with 0 < u < 1 that is not excluded (overloaded,
//          off, already chosen, already a target) and whose VMs can all move; place all its migratable VMs by
//          PABFD on hosts that are neither overloaded, off nor chosen, all or nothing; targets of a successful
//          move are excluded from being chosen later.
//          CloudSim 3.0.3 also meant to exclude the targets of the overload phase from being chosen, but reads
//          that list before filling it (`exclude_overload_targets = false` reproduces it): a VM just placed on
//          such a host may then be planned twice in one round.
// The algorithms are templates over a small Model (below) so the main simulator and the CloudSim
// compatibility engine share them while keeping their own state; SimpleConsolidation is a plain-array Model.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "models/consolidation/target_index.hpp"
#include "models/power/server_power.hpp"

namespace dcsim::consolidation {

struct Migration {
  int vm = -1;
  int from = -1;  // host the VM is on when the plan is made (-1: unplaced)
  int to = -1;
};

// Model requirements (all host/VM ids are dense 0-based ints):
//   int host_count() const;
//   int vm_host(int vm) const;                              // current host (-1 if none)
//   double vm_demand(int vm) const;                         // PABFD sort key (CPU demand)
//   int find_host(int vm, std::span<const char> excluded);  // PABFD target or -1 (a TargetIndex query)
//   void place(int vm, int host);                           // tentative allocation on `host`
//   void unplace(int vm, int host);                         // undo place()
//   double utilization(int host) const;                     // ranks underloaded hosts; constant during a round
//   bool can_be_emptied(int host) const;                    // has VMs; none arriving; not all leaving
//   void migratable_vms(int host, std::vector<int>& out) const;  // host order, excluding VMs in migration

// PABFD over `vms` (sorted here, stable, decreasing demand). Appends one Migration per placed VM. With
// all_or_nothing, one VM without a host undoes the VMs placed by this call and nothing is appended.
// Returns the number of VMs placed.
template <class Model>
int place_decreasing(Model& m, std::vector<int>& vms, std::span<const char> excluded, bool all_or_nothing,
                     std::vector<Migration>& out) {
  std::stable_sort(vms.begin(), vms.end(), [&](int a, int b) { return m.vm_demand(a) > m.vm_demand(b); });
  const std::size_t first = out.size();
  for (const int vm : vms) {
    const int h = m.find_host(vm, excluded);
    if (h < 0) {
      if (!all_or_nothing) continue;
      for (std::size_t i = first; i < out.size(); ++i) m.unplace(out[i].vm, out[i].to);
      out.resize(first);
      return 0;
    }
    out.push_back(Migration{vm, m.vm_host(vm), h});
    m.place(vm, h);
  }
  return static_cast<int>(out.size() - first);
}

struct UnderloadOptions {
  bool exclude_overload_targets = true;  // false reproduces CloudSim 3.0.3 (see header comment)
};

struct UnderloadScratch {
  std::vector<char> src_excluded, dst_excluded;
  std::vector<int> vms;
  std::vector<std::pair<double, int>> order;
};

// The underload step. overloaded / switched_off: one flag per host. overload_plan: migrations already planned
// this round (their targets are excluded from being emptied when options.exclude_overload_targets).
// candidates: the host ids that may be underloaded (all hosts when empty); hosts left out must have
// utilization 0 (the caller's index of active hosts). Appends the planned migrations to `out`.
template <class Model>
void consolidate_underloaded(Model& m, std::span<const char> overloaded, std::span<const char> switched_off,
                             std::span<const Migration> overload_plan, std::span<const int> candidates,
                             const UnderloadOptions& options, UnderloadScratch& s, std::vector<Migration>& out) {
  const int n = m.host_count();
  s.src_excluded.assign(static_cast<std::size_t>(n), 0);
  s.dst_excluded.assign(static_cast<std::size_t>(n), 0);
  auto exclude_src = [&](int h) { s.src_excluded[static_cast<std::size_t>(h)] = 1; };
  for (int h = 0; h < n; ++h) {
    if (overloaded[static_cast<std::size_t>(h)] || switched_off[static_cast<std::size_t>(h)]) {
      exclude_src(h);
      s.dst_excluded[static_cast<std::size_t>(h)] = 1;
    }
  }
  if (options.exclude_overload_targets)
    for (const Migration& mg : overload_plan) exclude_src(mg.to);
  // Sources in order of utilization (then id): the Model ranks by the round's starting utilization, and
  // can_be_emptied() of a host that is not excluded does not change during the step (tentative placements
  // only add VMs to targets, which are then excluded), so one pass in this order picks the same host as a
  // fresh minimum search each time, in O(n log n) instead of O(n^2).
  s.order.clear();
  auto consider = [&](int h) {
    const double u = m.utilization(h);
    if (u > 0 && u < 1.0) s.order.emplace_back(u, h);
  };
  if (candidates.empty())
    for (int h = 0; h < n; ++h) consider(h);
  else
    for (const int h : candidates) consider(h);
  std::sort(s.order.begin(), s.order.end());
  for (const auto& [u, chosen] : s.order) {
    if (s.src_excluded[static_cast<std::size_t>(chosen)] || !m.can_be_emptied(chosen)) continue;
    exclude_src(chosen);
    s.dst_excluded[static_cast<std::size_t>(chosen)] = 1;
    s.vms.clear();
    m.migratable_vms(chosen, s.vms);
    if (s.vms.empty()) continue;
    const std::size_t first = out.size();
    place_decreasing(m, s.vms, s.dst_excluded, /*all_or_nothing=*/true, out);
    for (std::size_t i = first; i < out.size(); ++i) exclude_src(out[i].to);
  }
}

// A plain-array Model: hosts with a CPU capacity, a load (sum of their VMs' demands) and a power curve; a
// static overload threshold on load / capacity. Power increase uses the host's current power
// P(load / capacity); empty hosts are candidates too (their increase counts from P(0), as in CloudSim).
class SimpleConsolidation {
 public:
  // capacity > 0 per host; curves must outlive this object; threshold as in THR.
  SimpleConsolidation(std::vector<double> capacity, std::vector<const power::PowerCurve*> curves,
                      double overload_threshold);
  // Adds a VM on `host` (or unplaced with -1). Returns its id.
  int add_vm(double demand, int host);
  void set_demand(int vm, double demand);  // updates its host's load

  // One round: overloaded hosts shed VMs (largest first here: a simple selection for the plain model) until
  // not overloaded, the shed VMs are placed by PABFD, then the underload step runs. Returns the plan; the
  // model's own state is restored (the caller executes the plan by moving VMs with move_vm).
  std::vector<Migration> plan(const UnderloadOptions& options = {});
  void move_vm(int vm, int host);

  // Model interface.
  int host_count() const { return static_cast<int>(capacity_.size()); }
  int vm_host(int vm) const { return vm_host_[static_cast<std::size_t>(vm)]; }
  double vm_demand(int vm) const { return demand_[static_cast<std::size_t>(vm)]; }
  int find_host(int vm, std::span<const char> excluded);
  void place(int vm, int host);
  void unplace(int vm, int host);
  // Ranks underloaded hosts by their utilization when the round started (tentative placements of the round
  // do not count, as in CloudSim).
  double utilization(int host) const {
    const auto i = static_cast<std::size_t>(host);
    return (planning_ ? round_load_[i] : load_[i]) / capacity_[i];
  }
  bool can_be_emptied(int host) const { return !vms_[static_cast<std::size_t>(host)].empty(); }
  void migratable_vms(int host, std::vector<int>& out) const;
  double load(int host) const { return load_[static_cast<std::size_t>(host)]; }
  bool overloaded(int host) const { return load_[static_cast<std::size_t>(host)] / capacity_[static_cast<std::size_t>(host)] > threshold_; }

 private:
  std::vector<double> capacity_, load_, round_load_;
  bool planning_ = false;
  std::vector<const power::PowerCurve*> curve_;
  std::vector<std::vector<int>> vms_;  // per host, in arrival order
  std::vector<int> vm_host_;
  std::vector<double> demand_;
  double threshold_;
  std::vector<int> host_class_;
  TargetIndex targets_;
  UnderloadScratch scratch_;
  void index_target(int h);
};

}  // namespace dcsim::consolidation
