#include "models/policy/dvfs_governor.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace dcsim::policy {

std::optional<GovernorKind> governor_from_name(std::string_view name) {
  if (name == "performance") return GovernorKind::Performance;
  if (name == "powersave") return GovernorKind::Powersave;
  if (name == "ondemand") return GovernorKind::Ondemand;
  return std::nullopt;
}

std::vector<std::string> governor_names() { return {"performance", "powersave", "ondemand"}; }

DvfsGovernor::DvfsGovernor(GovernorKind kind, std::vector<double> pstate_speeds, double up_threshold)
    : kind_(kind), speeds_(std::move(pstate_speeds)), up_threshold_(up_threshold) {
  if (speeds_.empty()) throw std::invalid_argument("DvfsGovernor: no P-states");
  for (double s : speeds_)
    if (!(s > 0.0) || !std::isfinite(s)) throw std::invalid_argument("DvfsGovernor: P-state speeds must be positive");
  if (!(up_threshold_ > 0.0 && up_threshold_ <= 1.0))
    throw std::invalid_argument("DvfsGovernor: up_threshold must be in (0, 1]");
  ascending_.resize(speeds_.size());
  std::iota(ascending_.begin(), ascending_.end(), 0);
  std::stable_sort(ascending_.begin(), ascending_.end(), [&](int a, int b) { return speeds_[a] < speeds_[b]; });
  // Fastest: highest speed, lowest index among equals.
  fastest_ = 0;
  for (int i = 1; i < static_cast<int>(speeds_.size()); ++i)
    if (speeds_[i] > speeds_[fastest_]) fastest_ = i;
}

int DvfsGovernor::select(int current_pstate, double utilization) const {
  if (current_pstate < 0 || current_pstate >= static_cast<int>(speeds_.size()))
    throw std::invalid_argument("DvfsGovernor::select: P-state out of range");
  switch (kind_) {
    case GovernorKind::Performance: return fastest_;
    case GovernorKind::Powersave: return slowest();
    case GovernorKind::Ondemand: break;
  }
  if (std::isnan(utilization)) throw std::invalid_argument("DvfsGovernor::select: utilization is NaN");
  const double u = std::clamp(utilization, 0.0, 1.0);
  if (u > up_threshold_) return fastest_;
  const double demand = u * speeds_[current_pstate];
  for (int p : ascending_)
    if (demand <= up_threshold_ * speeds_[p]) return p;
  return fastest_;  // unreachable: the current state satisfies the test
}

}  // namespace dcsim::policy
