#include "models/policy/placement.hpp"

#include <array>
#include <utility>

namespace dcsim::policy {

namespace {
constexpr std::array<std::pair<std::string_view, PlacementPolicy>, 4> kNames{{
    {"first-fit", PlacementPolicy::FirstFit},
    {"best-fit", PlacementPolicy::BestFit},
    {"worst-fit", PlacementPolicy::WorstFit},
    {"round-robin", PlacementPolicy::RoundRobin},
}};
}  // namespace

std::optional<PlacementPolicy> placement_policy_from_name(std::string_view name) {
  for (const auto& [n, p] : kNames)
    if (n == name) return p;
  return std::nullopt;
}

std::string_view placement_policy_name(PlacementPolicy policy) {
  for (const auto& [n, p] : kNames)
    if (p == policy) return n;
  return "unknown";
}

std::vector<std::string> placement_policy_names() {
  std::vector<std::string> out;
  for (const auto& [n, p] : kNames) out.emplace_back(n);
  return out;
}

int choose_host(HostIndex& index, PlacementPolicy policy, int cores, double memory_B) {
  switch (policy) {
    case PlacementPolicy::FirstFit: return index.first_fit(cores, memory_B);
    case PlacementPolicy::BestFit: return index.best_fit(cores, memory_B);
    case PlacementPolicy::WorstFit: return index.worst_fit(cores, memory_B);
    case PlacementPolicy::RoundRobin: return index.round_robin(cores, memory_B);
  }
  return -1;
}

int place(HostIndex& index, PlacementPolicy policy, int cores, double memory_B) {
  const int host = choose_host(index, policy, cores, memory_B);
  if (host >= 0) index.allocate(host, cores, memory_B);
  return host;
}

}  // namespace dcsim::policy
