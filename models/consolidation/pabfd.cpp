#include "models/consolidation/pabfd.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace dcsim::consolidation {

SimpleConsolidation::SimpleConsolidation(std::vector<double> capacity, std::vector<const power::PowerCurve*> curves,
                                         double overload_threshold)
    : capacity_(std::move(capacity)), curve_(std::move(curves)), threshold_(overload_threshold) {
  if (capacity_.size() != curve_.size())
    throw std::invalid_argument("SimpleConsolidation: one power curve per host expected");
  for (std::size_t h = 0; h < capacity_.size(); ++h) {
    if (!(capacity_[h] > 0)) throw std::invalid_argument("SimpleConsolidation: host capacity must be > 0");
    if (!curve_[h]) throw std::invalid_argument("SimpleConsolidation: null power curve");
  }
  load_.assign(capacity_.size(), 0.0);
  vms_.resize(capacity_.size());
  // One target class per distinct (capacity, curve).
  std::vector<std::pair<double, const power::PowerCurve*>> classes;
  host_class_.resize(capacity_.size());
  for (std::size_t h = 0; h < capacity_.size(); ++h) {
    const std::pair<double, const power::PowerCurve*> key{capacity_[h], curve_[h]};
    auto it = std::find(classes.begin(), classes.end(), key);
    if (it == classes.end()) {
      targets_.add_class(key.first, key.second->points());
      classes.push_back(key);
      it = classes.end() - 1;
    }
    host_class_[h] = static_cast<int>(it - classes.begin());
  }
  targets_.resize(host_count());
  for (int h = 0; h < host_count(); ++h) index_target(h);
}

void SimpleConsolidation::index_target(int h) {
  const auto i = static_cast<std::size_t>(h);
  targets_.set(h, host_class_[i], load_[i] / capacity_[i], 0.0);
}

int SimpleConsolidation::add_vm(double demand, int host) {
  const int id = static_cast<int>(demand_.size());
  demand_.push_back(demand);
  vm_host_.push_back(-1);
  if (host >= 0) place(id, host);
  return id;
}

void SimpleConsolidation::set_demand(int vm, double demand) {
  const int h = vm_host(vm);
  if (h >= 0) load_[static_cast<std::size_t>(h)] += demand - demand_[static_cast<std::size_t>(vm)];
  demand_[static_cast<std::size_t>(vm)] = demand;
  if (h >= 0) index_target(h);
}

void SimpleConsolidation::place(int vm, int host) {
  vms_[static_cast<std::size_t>(host)].push_back(vm);
  load_[static_cast<std::size_t>(host)] += demand_[static_cast<std::size_t>(vm)];
  vm_host_[static_cast<std::size_t>(vm)] = host;
  if (targets_.contains(host)) index_target(host);
}

void SimpleConsolidation::unplace(int vm, int host) {
  auto& list = vms_[static_cast<std::size_t>(host)];
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == vm) {
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
      load_[static_cast<std::size_t>(host)] -= demand_[static_cast<std::size_t>(vm)];
      break;
    }
  if (vm_host_[static_cast<std::size_t>(vm)] == host) vm_host_[static_cast<std::size_t>(vm)] = -1;
  if (targets_.contains(host)) index_target(host);
}

void SimpleConsolidation::move_vm(int vm, int host) {
  const int from = vm_host(vm);
  if (from >= 0) unplace(vm, from);
  place(vm, host);
}

void SimpleConsolidation::migratable_vms(int host, std::vector<int>& out) const {
  const auto& list = vms_[static_cast<std::size_t>(host)];
  out.insert(out.end(), list.begin(), list.end());
}

int SimpleConsolidation::find_host(int vm, std::span<const char> excluded) {
  using Verdict = TargetIndex::Verdict;
  const double d = demand_[static_cast<std::size_t>(vm)];
  return targets_.best(d, true, threshold_, [&](int h) {
    const auto i = static_cast<std::size_t>(h);
    if (excluded[i]) return Verdict::Drop;  // until plan() ends
    const bool fits = h != vm_host(vm) && load_[i] + d <= capacity_[i];
    const bool rejected = load_[i] != 0.0 && (load_[i] + d) / capacity_[i] > threshold_;
    return fits && !rejected ? Verdict::Accept : Verdict::Skip;
  });
}

std::vector<Migration> SimpleConsolidation::plan(const UnderloadOptions& options) {
  const int n = host_count();
  std::vector<char> over(static_cast<std::size_t>(n), 0), off(static_cast<std::size_t>(n), 0);
  const std::vector<std::vector<int>> saved_vms = vms_;
  const std::vector<double> saved_load = load_;
  const std::vector<int> saved_host = vm_host_;
  round_load_ = load_;
  planning_ = true;
  std::vector<int> shed;
  for (int h = 0; h < n; ++h) {
    off[static_cast<std::size_t>(h)] = load_[static_cast<std::size_t>(h)] == 0.0;
    if (!overloaded(h)) continue;
    over[static_cast<std::size_t>(h)] = 1;
    while (overloaded(h) && !vms_[static_cast<std::size_t>(h)].empty()) {
      // Largest demand first, earliest on ties.
      const auto& list = vms_[static_cast<std::size_t>(h)];
      int pick = list.front();
      for (const int v : list)
        if (demand_[static_cast<std::size_t>(v)] > demand_[static_cast<std::size_t>(pick)]) pick = v;
      unplace(pick, h);
      vm_host_[static_cast<std::size_t>(pick)] = h;  // still "from" h for the plan
      shed.push_back(pick);
    }
  }
  std::vector<Migration> out;
  place_decreasing(*this, shed, over, /*all_or_nothing=*/false, out);
  const std::vector<Migration> overload_plan = out;
  consolidate_underloaded(*this, over, off, overload_plan, {}, options, scratch_, out);
  planning_ = false;
  vms_ = saved_vms;
  load_ = saved_load;
  vm_host_ = saved_host;
  for (int h = 0; h < n; ++h) index_target(h);  // undoes the tentative placements and drops
  return out;
}

}  // namespace dcsim::consolidation
