// VM placement policies over a HostIndex (see host_index.hpp for the exact tie-breaking of each).
//   first-fit   lowest host id that fits (CloudSim PowerVmAllocationPolicySimple places NPA/DVFS runs so)
//   best-fit    least free cores after placement, then least free memory, then lowest id
//   worst-fit   most free cores, then most free memory, then lowest id (spreads load)
//   round-robin first fit after the host chosen last time, wrapping around (next fit)
// choose_host() only selects; place() selects and allocates. Both return the host id or -1 (none fits).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/policy/host_index.hpp"

namespace dcsim::policy {

enum class PlacementPolicy { FirstFit, BestFit, WorstFit, RoundRobin };

// "first-fit", "best-fit", "worst-fit", "round-robin"; std::nullopt for anything else (exact match).
std::optional<PlacementPolicy> placement_policy_from_name(std::string_view name);
std::string_view placement_policy_name(PlacementPolicy policy);
// All valid names, in enum order (for error messages: "expected one of ...").
std::vector<std::string> placement_policy_names();

// Selects a host without allocating (round-robin still advances its cursor when it finds a host).
int choose_host(HostIndex& index, PlacementPolicy policy, int cores, double memory_B);
// Selects a host and allocates the request on it. Returns the host or -1 (index unchanged).
int place(HostIndex& index, PlacementPolicy policy, int cores, double memory_B);

}  // namespace dcsim::policy
