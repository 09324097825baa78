// CloudSim 3.0.3 PlanetLab consolidation benchmark (org.cloudbus.cloudsim.examples.power.planetlab;
// Beloglazov & Buyya, CCPE 2012) reproduced as a self-contained event loop. Semantics follow CloudSim's code
// path, including its artifacts (design/PLANETLAB.md, docs/cloudsim-compat.md):
//   Hosts: id % 2 == 0 HP ML110 G4 (2 x 1860 MIPS), else G5 (2 x 2660 MIPS); SPECpower tables from
//     models/power (86..117 W, 93.7..135 W), evaluated with CloudSim's PowerModelSpecPower arithmetic.
//   VMs: one per trace (byte-sorted names), type = i / ceil(N/4): {2500, 2000, 1000, 500} MIPS,
//     {870, 1740, 1740, 613} MB; request(t) = u(t) x MIPS, u = CloudSim's interpolated trace.
//   Events: placement at t = 0 (full MIPS, RAM, 100 Mbit/s each); processing at t_k = t_{k-1} + 300 from
//     t_0 = 0.1 while t < 86400 (double arithmetic as CloudSim), plus at migration completions
//     t + RAM / 62.5 MB/s. Each processing: VM requests and allocations (VmSchedulerTimeSharedOverSubscription:
//     requests capped at one PE, proportional scaling with floor() when oversubscribed, 90% for a VM migrating
//     out, 10% reserved for one migrating in), energy trapezoid (P(u_prev) + P(u_now)) / 2 x dt (0 when
//     u_prev = 0), removal of non-migrating VMs whose request is exactly 0 (for good), then consolidation.
//   Consolidation (migration policies): overloaded hosts (detector on requested utilization and host
//     history) shed VMs (selection policy) until not overloaded; PABFD places them; the underload step
//     empties least-utilized hosts all-or-nothing (models/consolidation). VM history: 30 requested fractions
//     recorded when fmod(t - 0.1, 300) == 0.
//   NPA: energy = sum of P(100%) x dt over all hosts from t = 0. DVFS: first-fit placement, no migration.
//   SLA: SLATAH, PDM, SLAV = SLATAH x PDM, overall and average violation, from CloudSim's host and VM state
//     histories (accumulated online here).
// Known deviations (unit in the last place only): CloudSim re-allocates the VMs left on a host after a VM
// leaves in Java HashMap order; this engine re-allocates in host list order.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/consolidation/overload.hpp"
#include "models/consolidation/vm_selection.hpp"
#include "models/workload/utilization_trace.hpp"

namespace dcsim::compat {

struct CompatConfig {
  std::string trace_dir;   // one PlanetLab day (e.g. .../planetlab/20110303)
  std::string policy = "thr-mmt-0.8";  // "npa", "dvfs", or "<thr|iqr|mad|lr|lrr>-<mmt|mc|mu|rs>[-<parameter>]"
  int hosts = 800;
  int tile = 1;            // the traces repeated this many times, VM after VM (scaling runs; hosts as given)
  std::uint64_t seed = 0;  // RS selection only (CloudSim's was unseeded)
  // false = CloudSim 3.0.3 LR/LRR (tricube weights computed but not applied); true = weighted fits.
  bool weighted_regression = false;
};

struct CompatResult {
  double energy_kWh = 0.0;
  long migrations = 0;
  double slatah = 0.0;                 // SLA time per active host (fraction)
  double pdm = 0.0;                    // performance degradation due to migration (fraction)
  double slav = 0.0;                   // SLATAH x PDM
  double overall_sla_violation = 0.0;  // (requested - allocated) / requested, MIPS-seconds over all VMs
  double average_sla_violation = 0.0;  // mean (requested - allocated) / requested over under-allocated intervals
  int vms = 0;
  int vms_removed = 0;    // VMs deallocated for good when their request hit exactly 0
  int vms_left = 0;
  long host_shutdowns = 0;  // active -> inactive transitions (CloudSim counts an initially idle host as one)
  long processing_events = 0;  // datacenter processing passes (ticks and migration completions)
  double last_event_s = 0.0;
};

enum class CompatPolicyKind { Npa, Dvfs, Migration };

struct CompatPolicy {
  CompatPolicyKind kind = CompatPolicyKind::Migration;
  consolidation::OverloadDetector detector;
  consolidation::SelectionMethod selection = consolidation::SelectionMethod::Mmt;
};

// Parses CompatConfig::policy; the parameter defaults to default_overload_parameter(). Throws
// dcsim::InputErrors (key "policy") for an unknown name or a bad parameter.
CompatPolicy parse_compat_policy(std::string_view policy);

// Reads config.trace_dir (workload/planetlab_reader) and runs. Throws dcsim::InputErrors on bad traces,
// a bad policy, or hosts too few to place every VM at t = 0.
CompatResult run_cloudsim_planetlab(const CompatConfig& config);
// Same with traces already read (byte-sorted, as read_planetlab_directory returns them); each needs >= 288
// samples in [0, 1] (CloudSim reads exactly 288 and repeats the last; interval_s is taken as 300).
CompatResult run_cloudsim_planetlab(const CompatConfig& config,
                                    const std::vector<workload::UtilizationTrace>& traces);

// CloudSim's trace interpolation (workload::planetlab_utilization) evaluated for many traces at one instant:
// the index and offset arithmetic is done once per instant, the per-trace part is the same expression, so
// values are bit-identical to planetlab_utilization for traces of `samples` values at `interval_s` steps.
class TraceInstant {
 public:
  explicit TraceInstant(double t = 0.0, std::size_t samples = 288, double interval_s = 300.0);
  double time() const { return t_; }
  double operator()(const std::vector<double>& values) const { return (*this)(values.data(), 1); }
  // The same for samples stored `stride` apart (a column of a sample-major matrix).
  double operator()(const double* values, std::size_t stride) const {
    switch (kind_) {
      case Kind::First: return values[0];
      case Kind::Last: return values[(n_ - 1) * stride];
      case Kind::Sample: return values[i1_ * stride];
      case Kind::Interpolate: break;
    }
    const double u1 = values[i1_ * stride];
    const double delta = (values[i2_ * stride] - u1) / denom_;
    return u1 + delta * off_;
  }

 private:
  enum class Kind { First, Last, Sample, Interpolate };
  double t_ = 0.0;
  Kind kind_ = Kind::First;
  std::size_t n_ = 1, i1_ = 0, i2_ = 0;
  double denom_ = 1.0, off_ = 0.0;
};

// CloudSim PowerModelSpecPower.getPower for an 11-point table (0%, 10%, .., 100%), same arithmetic:
// table[u*10] if fmod(u, 0.1) == 0, else p1 + (p2 - p1) / 10 * (u - floor(10u)/10) * 100. u clamped to
// [0, 1]. Bit-exactness matters: PABFD ties between hosts in the same linear segment are decided by it.
double cloudsim_specpower_W(const double* table11, double u);

}  // namespace dcsim::compat
