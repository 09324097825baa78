// Pure sizing of data-center networks: how many switches of which kind, and the aggregate capacities that a
// SimGrid platform needs (a rack's uplink, a pod's uplink). No SimGrid here; sim/ builds zones and links.
//
// Leaf-spine (folded Clos):
//   oversubscription = downlink capacity / uplink capacity (48x10G down, 6x100G up: 480/600 = 0.8:1).
//   One leaf (ToR) per rack; leaf uplinks u_r = ceil(servers_r * server_link / (leaf_oversub * leaf_uplink)).
//   Leaf r connects one link to each of spines 0..u_r-1 of its pod, so a pod has max_r u_r spines.
//   A spine port of speed S carries b = floor(S / leaf_uplink) leaf links (breakout; b = 1 when equal).
//   Single pod when all racks fit on one spine's ports (racks <= radix*b): spines use every port downward,
//   no super-spine, pod uplink 0. Otherwise the spine radix is split half down / half up, a pod holds
//   (radix/2)*b racks (or racks_per_pod if smaller), racks fill pods in order, and each spine gets
//   ceil(down capacity / (spine_oversub * S)) up ports to a super-spine tier of radix-port switches
//   (count = ceil(total spine up ports / radix)). Past ~3,000 hosts (64-port spines, 48 servers per rack)
//   a third tier is needed (design/MODELS.md).
//   Capacities reported are those built: rack uplink = u_r * leaf_uplink; pod uplink = sum of its spines'
//   up ports * S (>= pod down capacity / spine_oversub).
//
// Fat-tree (Al-Fares, Loukissas, Vahdat, SIGCOMM 2008), k even: k pods of k/2 edge + k/2 aggregation
// switches, (k/2)^2 core switches: k^3/4 hosts, 5k^2/4 switches, all with k ports of one speed
// (k=48: 27,648 hosts, 2,880 switches; k=74: 101,306 hosts, 6,845 switches). Rack r sits on edge switch r
// (servers per rack <= k/2); rack uplink = k/2 ports; pod uplink = (k/2)^2 ports (full bisection).
// The full tree is counted even when racks use only part of it.
//
// Tiers: Leaf = ToR / fat-tree edge, Spine = fat-tree aggregation, SuperSpine = fat-tree core.
// Invalid inputs throw std::invalid_argument.
#pragma once
#include <string>
#include <vector>

#include "models/network/switch_power.hpp"

namespace dcsim::network {

enum class TopologyKind { LeafSpine, FatTree };
enum class SwitchTier { Leaf, Spine, SuperSpine };
const char* tier_name(SwitchTier tier);

// `count` switches of one tier with the same ports in use (per switch, grouped by speed, fastest last).
struct SwitchInventoryEntry {
  SwitchTier tier = SwitchTier::Leaf;
  int count = 0;
  std::vector<PortCount> ports;
};

struct TopologyPlan {
  TopologyKind kind = TopologyKind::LeafSpine;
  int pods = 0;
  int leaves = 0;
  int spines = 0;
  int super_spines = 0;
  int fat_tree_k = 0;                  // fat-tree only
  std::vector<int> rack_pod;           // per rack
  std::vector<int> rack_uplinks;       // per rack: leaf uplink ports
  std::vector<double> rack_uplink_Bps; // per rack: aggregate leaf uplink capacity
  std::vector<double> pod_uplink_Bps;  // per pod: aggregate capacity to the super-spine/core (0 with one pod)
  std::vector<int> pod_spines;         // per pod: spine (aggregation) switches
  std::vector<SwitchInventoryEntry> inventory;
  std::vector<std::string> notes;      // design caveats worth reporting (e.g. a super-spine tier past radix)

  int switch_count() const { return leaves + spines + super_spines; }
};

struct LeafSpineSpec {
  std::vector<int> servers_per_rack;
  double server_link_Bps = 25 * kGbps;
  double leaf_uplink_Bps = 100 * kGbps;
  double leaf_oversubscription = 3.0;    // down / up at the leaf; 3 means 3:1
  int spine_radix = 64;                  // ports per spine (and per super-spine)
  double spine_port_Bps = 100 * kGbps;
  double spine_oversubscription = 1.0;   // spine down / up when a super-spine tier exists
  int racks_per_pod = 0;                 // 0: as many as the spine ports allow
};

TopologyPlan plan_leaf_spine(const LeafSpineSpec& spec);

struct FatTreeCounts {
  long long hosts = 0, edge = 0, aggregation = 0, core = 0;
  long long switches() const { return edge + aggregation + core; }
};
FatTreeCounts fat_tree_counts(int k);  // k even >= 2
// Smallest even k >= 2 with k^3/4 >= hosts.
int fat_tree_k_for(long long hosts);

// Racks on edge switches of a k-ary fat-tree with all links at port_Bps (servers included). k = 0 picks the
// smallest even k with servers per rack <= k/2 and racks <= k^2/2.
TopologyPlan plan_fat_tree(const std::vector<int>& servers_per_rack, double port_Bps, int k = 0);

// down / up capacity; the overload takes port counts and speeds (48 x 10G over 6 x 100G = 0.8).
double oversubscription(double downlink_Bps, double uplink_Bps);
double oversubscription(int down_ports, double down_port_Bps, int up_ports, double up_port_Bps);

}  // namespace dcsim::network
