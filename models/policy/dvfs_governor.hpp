// DVFS governors: choose a host's next P-state from the utilization measured in the last interval.
//   performance  always the fastest P-state
//   powersave    always the slowest P-state
//   ondemand     (Linux cpufreq "ondemand", Pallipadi & Starikovskiy, Ottawa Linux Symposium 2006)
//                u = busy fraction at the current P-state's speed s_cur, demand d = u * s_cur.
//                u > up_threshold (default 0.8)  -> fastest P-state;
//                otherwise the slowest P-state s with d / s <= up_threshold (the predicted utilization
//                stays at or below the threshold; the current state always qualifies, so this never
//                speeds up). Ties in speed go to the lowest P-state index.
//   (Kernels since 4.x compute f = f_min + u (f_max - f_min) instead; the rule above is the classic one,
//   which keeps the threshold as its single parameter.)
// P-states are given by their speeds (flop/s or any consistent unit), indexed as SimGrid numbers them
// (P-state 0 is usually the fastest, but any order is accepted). Power per P-state is the power model's job.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcsim::policy {

enum class GovernorKind { Performance, Powersave, Ondemand };

// "performance", "powersave", "ondemand"; std::nullopt otherwise.
std::optional<GovernorKind> governor_from_name(std::string_view name);
std::vector<std::string> governor_names();

class DvfsGovernor {
 public:
  // speeds: one positive, finite speed per P-state (non-empty); up_threshold in (0, 1].
  // Throws std::invalid_argument otherwise.
  DvfsGovernor(GovernorKind kind, std::vector<double> pstate_speeds, double up_threshold = 0.8);

  // Next P-state given the current one and the utilization measured at its speed (clamped to [0, 1];
  // NaN or an out-of-range P-state throws std::invalid_argument).
  int select(int current_pstate, double utilization) const;

  int fastest() const { return fastest_; }
  int slowest() const { return ascending_.front(); }
  GovernorKind kind() const { return kind_; }
  double up_threshold() const { return up_threshold_; }
  const std::vector<double>& speeds() const { return speeds_; }

 private:
  GovernorKind kind_;
  std::vector<double> speeds_;
  double up_threshold_;
  std::vector<int> ascending_;  // P-state indices by increasing speed, ties by index
  int fastest_ = 0;
};

}  // namespace dcsim::policy
