#include "sim/autoscale.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/input_error.hpp"
#include "models/workload/planetlab_reader.hpp"
#include "sim/simulation_state.hpp"

namespace dcsim {

AutoscaleGroups::AutoscaleGroups(const std::vector<AutoscaledGroupSpec>& specs, double end_s) : end_s_(end_s) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const auto& s = specs[i];
    policy::AutoscalerConfig c;
    c.upper = s.upper;
    c.lower = s.lower;
    c.step_out = s.step_out;
    c.step_in = s.step_in;
    c.min_size = s.min;
    c.max_size = s.max;
    c.out_breach_s = s.breach_s;
    c.in_breach_s = s.breach_in_s;
    c.cooldown_s = s.cooldown_s;
    try {
      groups_.push_back(Group{s, policy::Autoscaler(c, s.initial), {}, {}});
    } catch (const std::invalid_argument& e) {
      throw InputErrors(InputError{"", 0, 0, "workload.autoscaled[" + std::to_string(i) + "]",
                                   "group '" + s.name + "': " + e.what()});
    }
    auto& g = groups_.back();
    if (!s.demand.trace.empty()) {
      g.trace = workload::read_planetlab_file(s.demand.trace);
      g.trace.interval_s = s.demand.trace_interval_s;
    }
    g.min_size = g.max_size = s.initial;
    record(g, 0.0);  // the initial VMs arrive at t = 0
  }
}

double AutoscaleGroups::interval_s() const {
  double dt = 0;
  for (const auto& g : groups_) dt = dt == 0 ? g.spec.interval_s : std::min(dt, g.spec.interval_s);
  return dt;
}

double AutoscaleGroups::demand_cores(size_t i, double t) const {
  const auto& g = groups_[i];
  const auto& d = g.spec.demand;
  if (!g.trace.values.empty()) {
    const auto k = static_cast<size_t>(std::max(0.0, std::floor(t / g.trace.interval_s + 1e-9)));
    return d.cores * g.trace.values[std::min(k, g.trace.values.size() - 1)];
  }
  return d.cores * (1 + d.diurnal_amplitude * std::cos(2 * std::numbers::pi * (t - d.diurnal_peak_s) / 86400.0));
}

float AutoscaleGroups::vm_utilization(size_t i, double t) const {
  const int n = groups_[i].scaler.size();
  if (n <= 0) return demand_cores(i, t) > 0 ? 1.0f : 0.0f;  // an empty group with demand is saturated
  return static_cast<float>(std::min(1.0, demand_cores(i, t) / (double(n) * groups_[i].spec.vm_cores)));
}

int AutoscaleGroups::decide(size_t i, double t) {
  auto& g = groups_[i];
  const int delta = g.scaler.decide(t, vm_utilization(i, t));
  if (delta > 0) ++g.scale_outs;
  if (delta < 0) ++g.scale_ins;
  return delta;
}

void AutoscaleGroups::settle(size_t i, double t) {
  auto& g = groups_[i];
  const int running = static_cast<int>(g.members.size());
  if (running != g.scaler.size()) g.scaler.set_size(std::max(running, g.spec.min));  // VMs rejected
  record(g, t);
}

void AutoscaleGroups::record(Group& g, double t) const {
  const double hold = std::max(0.0, std::min(t + g.spec.interval_s, end_s_) - t);
  const int n = g.scaler.size();
  g.min_size = std::min(g.min_size, n);
  g.max_size = std::max(g.max_size, n);
  g.size_s += n * hold;
  const size_t i = static_cast<size_t>(&g - groups_.data());
  if (vm_utilization(i, t) > g.spec.upper) g.above_s += hold;
  g.demand_core_s += demand_cores(i, t) * hold;
}

void AutoscaleGroups::left(size_t i, std::uint32_t slot) {
  auto& m = groups_[i].members;
  const auto it = std::find(m.rbegin(), m.rend(), slot);
  if (it != m.rend()) m.erase(std::next(it).base());
}

nlohmann::json AutoscaleGroups::summary() const {
  nlohmann::json groups = nlohmann::json::array();
  long outs = 0, ins = 0;
  for (const auto& g : groups_) {
    outs += g.scale_outs;
    ins += g.scale_ins;
    groups.push_back({{"name", g.spec.name},
                      {"scale_outs", g.scale_outs},
                      {"scale_ins", g.scale_ins},
                      {"min_size", g.min_size},
                      {"max_size", g.max_size},
                      {"mean_size", end_s_ > 0 ? g.size_s / end_s_ : 0.0},
                      {"final_size", g.scaler.size()},
                      {"time_above_upper_s", g.above_s},
                      {"demand_core_hours", g.demand_core_s / 3600.0}});
  }
  return {{"scale_outs", outs}, {"scale_ins", ins}, {"groups", groups}};
}

// The engine's side: at a Group tick, before the VMs' utilization is updated (simulation.cpp).
void Simulation::autoscale(double t) {
  auto& S = *state_;
  auto* groups = S.source->groups();
  if (!groups) return;
  for (size_t g = 0; g < groups->count(); ++g) {
    const int delta = groups->decide(g, t);
    for (int k = 0; k < delta; ++k) place(S.source->group_request(g, t));
    for (int k = 0; k < -delta && groups->has_members(g); ++k) {
      const auto slot = groups->newest(g);
      if (S.vm_host[slot] >= 0 && S.vm[slot].kind == UtilizationKind::Group && S.vm[slot].trace == std::int32_t(g))
        depart(slot);  // leaves the group through the depart hook
      else
        groups->left(g, slot);  // defensive: a member that is no longer running
    }
    groups->settle(g, t);
  }
}

}  // namespace dcsim
