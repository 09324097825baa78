#include "models/network/topology.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

namespace dcsim::network {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument(what); }

void require_speed(double v, const char* what) {
  if (!std::isfinite(v) || v <= 0.0) fail(std::string(what) + " must be > 0 bytes/s, got " + std::to_string(v));
}

void require_positive(double v, const char* what) {
  if (!std::isfinite(v) || v <= 0.0) fail(std::string(what) + " must be finite and > 0, got " + std::to_string(v));
}

void require_racks(const std::vector<int>& racks) {
  if (racks.empty()) fail("topology needs at least one rack");
  for (std::size_t r = 0; r < racks.size(); ++r)
    if (racks[r] < 1) fail("rack " + std::to_string(r) + " has " + std::to_string(racks[r]) + " servers; expected >= 1");
}

// ceil() that ignores rounding noise: 480/(0.8*100) is 6 ports even if the quotient is 6.000000000000001.
int ceil_count(double x) { return static_cast<int>(std::ceil(x * (1.0 - 1e-12))); }

// Port groups of one switch, merged by speed, slowest first; zero counts dropped.
std::vector<PortCount> ports_of(std::vector<PortCount> in) {
  std::sort(in.begin(), in.end(), [](const PortCount& a, const PortCount& b) { return a.speed_Bps < b.speed_Bps; });
  std::vector<PortCount> out;
  for (const auto& p : in) {
    if (p.count == 0) continue;
    if (!out.empty() && std::abs(out.back().speed_Bps - p.speed_Bps) <= 1e-9 * p.speed_Bps)
      out.back().count += p.count;
    else
      out.push_back(p);
  }
  return out;
}

}  // namespace

const char* tier_name(SwitchTier tier) {
  switch (tier) {
    case SwitchTier::Leaf: return "leaf";
    case SwitchTier::Spine: return "spine";
    case SwitchTier::SuperSpine: return "super-spine";
  }
  return "?";
}

double oversubscription(double downlink_Bps, double uplink_Bps) {
  if (!std::isfinite(downlink_Bps) || downlink_Bps < 0.0) fail("downlink capacity must be finite and >= 0");
  require_speed(uplink_Bps, "uplink capacity");
  return downlink_Bps / uplink_Bps;
}

double oversubscription(int down_ports, double down_port_Bps, int up_ports, double up_port_Bps) {
  if (down_ports < 0 || up_ports < 0) fail("port counts must be >= 0");
  return oversubscription(down_ports * down_port_Bps, up_ports * up_port_Bps);
}

TopologyPlan plan_leaf_spine(const LeafSpineSpec& s) {
  require_racks(s.servers_per_rack);
  require_speed(s.server_link_Bps, "server link speed");
  require_speed(s.leaf_uplink_Bps, "leaf uplink port speed");
  require_speed(s.spine_port_Bps, "spine port speed");
  require_positive(s.leaf_oversubscription, "leaf oversubscription");
  require_positive(s.spine_oversubscription, "spine oversubscription");
  if (s.spine_radix < 2) fail("spine radix must be >= 2 ports, got " + std::to_string(s.spine_radix));
  if (s.racks_per_pod < 0) fail("racks per pod must be >= 0 (0 = automatic)");
  const int breakout = static_cast<int>(std::floor(s.spine_port_Bps / s.leaf_uplink_Bps * (1.0 + 1e-12)));
  if (breakout < 1) fail("spine port speed must be >= leaf uplink port speed (a spine port carries whole leaf links)");

  TopologyPlan plan;
  plan.kind = TopologyKind::LeafSpine;
  const int racks = static_cast<int>(s.servers_per_rack.size());
  plan.leaves = racks;

  // Leaf uplinks per rack.
  plan.rack_uplinks.resize(racks);
  plan.rack_uplink_Bps.resize(racks);
  for (int r = 0; r < racks; ++r) {
    const double down = s.servers_per_rack[r] * s.server_link_Bps;
    const int u = std::max(1, ceil_count(down / (s.leaf_oversubscription * s.leaf_uplink_Bps)));
    plan.rack_uplinks[r] = u;
    plan.rack_uplink_Bps[r] = u * s.leaf_uplink_Bps;
  }

  // Pods.
  const long long single_pod_max = static_cast<long long>(s.spine_radix) * breakout;
  const long long half_pod_max = static_cast<long long>(s.spine_radix / 2) * breakout;
  const long long user_cap = s.racks_per_pod > 0 ? s.racks_per_pod : single_pod_max;
  const bool single_pod = racks <= std::min(user_cap, single_pod_max);
  long long pod_size = racks;
  if (!single_pod) {
    if (half_pod_max < 1) fail("spine radix too small to split half down / half up");
    if (s.racks_per_pod > 0 && s.racks_per_pod > half_pod_max)
      fail("racks per pod (" + std::to_string(s.racks_per_pod) + ") exceeds the " + std::to_string(half_pod_max) +
           " leaf links a spine takes when half of its " + std::to_string(s.spine_radix) + " ports go up");
    pod_size = std::min(user_cap, half_pod_max);
  }
  plan.pods = static_cast<int>((racks + pod_size - 1) / pod_size);
  plan.rack_pod.resize(racks);
  plan.pod_uplink_Bps.assign(plan.pods, 0.0);
  plan.pod_spines.assign(plan.pods, 0);

  std::map<std::pair<int, int>, int> leaf_kinds;   // (servers, uplinks) -> count
  std::map<std::pair<int, int>, int> spine_kinds;  // (down ports, up ports) -> count
  long long total_up_ports = 0;
  for (int p = 0; p < plan.pods; ++p) {
    const int first = static_cast<int>(p * pod_size);
    const int last = static_cast<int>(std::min<long long>(racks, first + pod_size));
    int spines = 0;
    for (int r = first; r < last; ++r) {
      plan.rack_pod[r] = p;
      spines = std::max(spines, plan.rack_uplinks[r]);
      ++leaf_kinds[{s.servers_per_rack[r], plan.rack_uplinks[r]}];
    }
    plan.pod_spines[p] = spines;
    plan.spines += spines;
    for (int j = 0; j < spines; ++j) {
      int links = 0;  // leaves with more than j uplinks reach spine j
      for (int r = first; r < last; ++r) links += plan.rack_uplinks[r] > j ? 1 : 0;
      const int down_ports = (links + breakout - 1) / breakout;
      int up_ports = 0;
      if (!single_pod) {
        up_ports = std::max(1, ceil_count(links * s.leaf_uplink_Bps / (s.spine_oversubscription * s.spine_port_Bps)));
        if (down_ports + up_ports > s.spine_radix)
          fail("spine needs " + std::to_string(down_ports) + " down + " + std::to_string(up_ports) +
               " up ports, more than its radix " + std::to_string(s.spine_radix) +
               " (spine oversubscription below 1?)");
        plan.pod_uplink_Bps[p] += up_ports * s.spine_port_Bps;
        total_up_ports += up_ports;
      }
      ++spine_kinds[{down_ports, up_ports}];
    }
  }

  if (!single_pod) {
    plan.super_spines = static_cast<int>((total_up_ports + s.spine_radix - 1) / s.spine_radix);
    if (plan.pods > s.spine_radix)
      plan.notes.push_back(std::to_string(plan.pods) + " pods exceed the super-spine radix " +
                           std::to_string(s.spine_radix) +
                           ": super-spines are counted by ports; a real design needs larger super-spines or a fourth tier");
  }

  for (const auto& [key, count] : leaf_kinds)
    plan.inventory.push_back({SwitchTier::Leaf, count,
                              ports_of({{s.server_link_Bps, key.first}, {s.leaf_uplink_Bps, key.second}})});
  for (const auto& [key, count] : spine_kinds)
    plan.inventory.push_back({SwitchTier::Spine, count, ports_of({{s.spine_port_Bps, key.first + key.second}})});
  if (plan.super_spines > 0) {
    const int full = static_cast<int>(total_up_ports / s.spine_radix);
    const int rest = static_cast<int>(total_up_ports % s.spine_radix);
    if (full > 0) plan.inventory.push_back({SwitchTier::SuperSpine, full, {{s.spine_port_Bps, s.spine_radix}}});
    if (rest > 0) plan.inventory.push_back({SwitchTier::SuperSpine, 1, {{s.spine_port_Bps, rest}}});
  }
  return plan;
}

FatTreeCounts fat_tree_counts(int k) {
  if (k < 2 || k % 2 != 0) fail("fat-tree k must be even and >= 2, got " + std::to_string(k));
  const long long kk = k;
  return FatTreeCounts{kk * kk * kk / 4, kk * kk / 2, kk * kk / 2, kk * kk / 4};
}

int fat_tree_k_for(long long hosts) {
  if (hosts < 0) fail("host count must be >= 0");
  long long k = 2;
  while (k * k * k / 4 < hosts) k += 2;
  return static_cast<int>(k);
}

TopologyPlan plan_fat_tree(const std::vector<int>& servers_per_rack, double port_Bps, int k) {
  // A rack uses as many edge switches as its servers need (k/2 host ports each); edges fill pods in order
  // (k/2 per pod); only populated pods are deployed. The core keeps (k/2)^2 switches, each using one port per
  // deployed pod, so the deployed part keeps full bisection bandwidth.
  require_racks(servers_per_rack);
  require_speed(port_Bps, "fat-tree port speed");
  const int racks = static_cast<int>(servers_per_rack.size());
  long long servers = 0;
  for (int s : servers_per_rack) servers += s;
  auto edges_needed = [&](int half) {
    long long e = 0;
    for (int s : servers_per_rack) e += (s + half - 1) / half;
    return e;
  };
  if (k == 0) {
    k = std::max(4, fat_tree_k_for(servers));
    while (edges_needed(k / 2) > static_cast<long long>(k) * (k / 2)) k += 2;
  }
  const int half = k / 2;
  const long long edges = edges_needed(half);
  if (edges > static_cast<long long>(k) * half)
    fail(std::to_string(servers) + " servers in " + std::to_string(racks) + " racks need " + std::to_string(edges) +
         " edge switches, more than the " + std::to_string(static_cast<long long>(k) * half) + " of a k=" +
         std::to_string(k) + " fat-tree");
  const int pods = static_cast<int>((edges + half - 1) / half);

  TopologyPlan plan;
  plan.kind = TopologyKind::FatTree;
  plan.fat_tree_k = k;
  plan.pods = pods;
  plan.leaves = static_cast<int>(edges);
  plan.spines = pods * half;
  plan.super_spines = half * half;
  plan.rack_pod.resize(racks);
  plan.rack_uplinks.resize(racks);
  plan.rack_uplink_Bps.resize(racks);
  plan.pod_uplink_Bps.assign(pods, static_cast<double>(half) * half * port_Bps);
  plan.pod_spines.assign(pods, half);
  long long edge = 0;
  std::map<int, int> edge_kinds;  // ports used -> count
  for (int r = 0; r < racks; ++r) {
    const int e = (servers_per_rack[r] + half - 1) / half;
    plan.rack_pod[r] = static_cast<int>(edge / half);  // a rack straddling two pods counts in the first
    plan.rack_uplinks[r] = e * half;
    plan.rack_uplink_Bps[r] = static_cast<double>(e) * half * port_Bps;
    edge += e;
    for (int i = 0; i < e; ++i) {
      const int hosts = std::min(half, servers_per_rack[r] - i * half);
      ++edge_kinds[hosts + half];
    }
  }
  for (const auto& [ports, count] : edge_kinds) plan.inventory.push_back({SwitchTier::Leaf, count, {{port_Bps, ports}}});
  plan.inventory.push_back({SwitchTier::Spine, pods * half, {{port_Bps, k}}});
  plan.inventory.push_back({SwitchTier::SuperSpine, half * half, {{port_Bps, pods}}});
  if (pods < k)
    plan.notes.push_back("fat-tree k=" + std::to_string(k) + " with " + std::to_string(pods) + " of " +
                         std::to_string(k) + " pods deployed");
  return plan;
}

}  // namespace dcsim::network
