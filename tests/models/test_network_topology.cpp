#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/network/topology.hpp"

using namespace dcsim::network;

// Reference: Al-Fares et al. 2008 / design/MODELS.md: k^3/4 hosts, 5k^2/4 switches; k=48: 27,648 hosts and
// 2,880 switches; k=74: 101,306 hosts and 6,845 switches.
TEST(FatTree, Counts) {
  const FatTreeCounts a = fat_tree_counts(48);
  EXPECT_EQ(a.hosts, 27648);
  EXPECT_EQ(a.switches(), 2880);
  EXPECT_EQ(a.core, 576);
  const FatTreeCounts b = fat_tree_counts(74);
  EXPECT_EQ(b.hosts, 101306);
  EXPECT_EQ(b.switches(), 6845);
  EXPECT_THROW(fat_tree_counts(5), std::invalid_argument);
  EXPECT_THROW(fat_tree_counts(0), std::invalid_argument);
}

// Reference: smallest even k with k^3/4 >= hosts (72^3/4 = 93,312 < 100,000 <= 101,306 = 74^3/4).
TEST(FatTree, KForHosts) {
  EXPECT_EQ(fat_tree_k_for(27648), 48);
  EXPECT_EQ(fat_tree_k_for(27649), 50);
  EXPECT_EQ(fat_tree_k_for(100000), 74);
  EXPECT_EQ(fat_tree_k_for(0), 2);
  EXPECT_THROW(fat_tree_k_for(-1), std::invalid_argument);
}

// Reference (hand computation, k = 4, 10G ports, racks of 2, 2, 1 servers): racks on edges 0, 1 (pod 0) and
// 2 (pod 1); rack uplink 2 x 10G = 2.5e9 B/s; pod uplink (k/2)^2 = 4 ports = 5e9 B/s; 8 edge, 8 aggregation,
// 4 core switches; 5 edge switches carry no rack (2 uplinks in use).
// Hand computation, k = 4 (2 host ports per edge): racks of 2, 2, 1 servers use 1 edge each -> 3 edges;
// 2 edges per pod -> 2 pods deployed, 2 x 2 aggregation switches, (k/2)^2 = 4 core switches: 11 switches.
TEST(FatTree, SmallPlanHandComputed) {
  const TopologyPlan p = plan_fat_tree({2, 2, 1}, 10 * kGbps, 4);
  EXPECT_EQ(p.fat_tree_k, 4);
  EXPECT_EQ(p.pods, 2);
  EXPECT_EQ(p.leaves, 3);
  EXPECT_EQ(p.spines, 4);
  EXPECT_EQ(p.super_spines, 4);
  EXPECT_EQ(p.switch_count(), 11);
  EXPECT_EQ(p.rack_pod, (std::vector<int>{0, 0, 1}));
  EXPECT_NEAR(p.rack_uplink_Bps[2], 2.5e9, 1e-3);  // 1 edge x k/2 uplinks x 10 Gbps
  ASSERT_EQ(p.pod_uplink_Bps.size(), 2u);
  EXPECT_NEAR(p.pod_uplink_Bps[0], 5e9, 1e-3);     // (k/2)^2 x 10 Gbps
  int edge_total = 0;
  for (const auto& e : p.inventory)
    if (e.tier == SwitchTier::Leaf) edge_total += e.count;
  EXPECT_EQ(edge_total, 3);
  EXPECT_EQ(p.inventory.front().ports.front().count, 3);  // the 1-server rack: 1 + k/2 ports in use
}

// A rack larger than k/2 servers uses several edge switches: 40 servers with k = 12 (6 host ports) -> 7 edges,
// uplink capacity 7 x 6 ports.
TEST(FatTree, RackWiderThanAnEdgeSwitch) {
  const TopologyPlan p = plan_fat_tree({40}, 10 * kGbps, 12);
  EXPECT_EQ(p.leaves, 7);
  EXPECT_EQ(p.pods, 2);  // 7 edges, 6 per pod
  EXPECT_NEAR(p.rack_uplink_Bps[0], 42 * 1.25e9, 1e-3);
}

// Reference: automatic k fits the hosts (k^3/4) and the edges (k^2/2): 1,152 racks of 24 -> k = 48 exactly
// (27,648 hosts, 2,880 switches); 5 racks of 4 need 10 edges > 8 at k = 4.
TEST(FatTree, AutoKAndErrors) {
  const TopologyPlan p = plan_fat_tree(std::vector<int>(1152, 24), 10 * kGbps);
  EXPECT_EQ(p.fat_tree_k, 48);
  EXPECT_EQ(p.switch_count(), 2880);
  EXPECT_THROW(plan_fat_tree(std::vector<int>(5, 4), 10 * kGbps, 4), std::invalid_argument);
  EXPECT_THROW(plan_fat_tree(std::vector<int>(9, 1), 10 * kGbps, 4), std::invalid_argument);  // 9 > 8 edges
  EXPECT_THROW(plan_fat_tree({}, 10 * kGbps), std::invalid_argument);
  EXPECT_THROW(plan_fat_tree({2, 0}, 10 * kGbps), std::invalid_argument);
}

// Reference: design/MODELS.md: 48x10G down, 6x100G up is 0.8:1.
TEST(LeafSpine, Oversubscription) {
  EXPECT_NEAR(oversubscription(48, 10 * kGbps, 6, 100 * kGbps), 0.8, 1e-12);
  EXPECT_NEAR(oversubscription(480e9 / 8, 600e9 / 8), 0.8, 1e-12);
  EXPECT_THROW(oversubscription(1.0, 0.0), std::invalid_argument);
  // The same leaf sized from 0.8: ceil(480 / (0.8 x 100)) = 6 uplinks exactly (not 7 from rounding).
  LeafSpineSpec s;
  s.servers_per_rack = {48};
  s.server_link_Bps = 10 * kGbps;
  s.leaf_uplink_Bps = 100 * kGbps;
  s.leaf_oversubscription = 0.8;
  const TopologyPlan p = plan_leaf_spine(s);
  EXPECT_EQ(p.rack_uplinks[0], 6);
  EXPECT_NEAR(oversubscription(48 * 10 * kGbps, p.rack_uplink_Bps[0]), 0.8, 1e-12);
}

// Reference (hand computation): 10 racks x 48 servers at 10G, 100G uplinks, 3:1 -> ceil(480/300) = 2 uplinks;
// single pod (10 <= 64), 2 spines with 10 down ports each, no super-spine, pod uplink 0.
TEST(LeafSpine, SinglePodHandComputed) {
  LeafSpineSpec s;
  s.servers_per_rack = std::vector<int>(10, 48);
  s.server_link_Bps = 10 * kGbps;
  s.leaf_uplink_Bps = 100 * kGbps;
  s.leaf_oversubscription = 3.0;
  s.spine_radix = 64;
  const TopologyPlan p = plan_leaf_spine(s);
  EXPECT_EQ(p.pods, 1);
  EXPECT_EQ(p.leaves, 10);
  EXPECT_EQ(p.spines, 2);
  EXPECT_EQ(p.super_spines, 0);
  EXPECT_NEAR(p.rack_uplink_Bps[3], 25e9, 1e-3);
  ASSERT_EQ(p.pod_uplink_Bps.size(), 1u);
  EXPECT_EQ(p.pod_uplink_Bps[0], 0.0);
  ASSERT_EQ(p.inventory.size(), 2u);
  EXPECT_EQ(p.inventory[0].tier, SwitchTier::Leaf);
  EXPECT_EQ(p.inventory[0].count, 10);
  ASSERT_EQ(p.inventory[0].ports.size(), 2u);
  EXPECT_EQ(p.inventory[0].ports[0].count, 48);  // 10G
  EXPECT_EQ(p.inventory[0].ports[1].count, 2);   // 100G
  EXPECT_EQ(p.inventory[1].tier, SwitchTier::Spine);
  EXPECT_EQ(p.inventory[1].count, 2);
  EXPECT_EQ(p.inventory[1].ports[0].count, 10);
}

// Reference (hand computation): 12 racks (10 x 40 servers, then 2 x 20) at 25G, 100G leaf uplinks at 3:1,
// 32-port 100G spines at 2:1, 6 racks per pod.
//   40-server rack: ceil(1000/300) = 4 uplinks = 400G = 5e10 B/s; 20-server rack: ceil(500/300) = 2 = 2.5e10.
//   Pod 0 (racks 0-5): 4 spines x 6 down links; up = ceil(600/200) = 3 each -> 12 ports = 1200G = 1.5e11 B/s.
//   Pod 1 (racks 6-11): spines 0,1 have 6 links (3 up), spines 2,3 have 4 (2 up) -> 10 ports = 1.25e11 B/s.
//   8 spines, 22 spine up ports -> 1 super-spine (22 of 32 ports); 12 + 8 + 1 = 21 switches.
TEST(LeafSpine, TwoPodsHandComputed) {
  LeafSpineSpec s;
  s.servers_per_rack = {40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 20, 20};
  s.server_link_Bps = 25 * kGbps;
  s.leaf_uplink_Bps = 100 * kGbps;
  s.leaf_oversubscription = 3.0;
  s.spine_radix = 32;
  s.spine_port_Bps = 100 * kGbps;
  s.spine_oversubscription = 2.0;
  s.racks_per_pod = 6;
  const TopologyPlan p = plan_leaf_spine(s);
  EXPECT_EQ(p.pods, 2);
  EXPECT_EQ(p.rack_pod, (std::vector<int>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(p.rack_uplinks[0], 4);
  EXPECT_EQ(p.rack_uplinks[11], 2);
  EXPECT_NEAR(p.rack_uplink_Bps[0], 5e10, 1e-3);
  EXPECT_NEAR(p.rack_uplink_Bps[11], 2.5e10, 1e-3);
  ASSERT_EQ(p.pod_uplink_Bps.size(), 2u);
  EXPECT_NEAR(p.pod_uplink_Bps[0], 1.5e11, 1e-3);
  EXPECT_NEAR(p.pod_uplink_Bps[1], 1.25e11, 1e-3);
  EXPECT_EQ(p.pod_spines, (std::vector<int>{4, 4}));
  EXPECT_EQ(p.leaves, 12);
  EXPECT_EQ(p.spines, 8);
  EXPECT_EQ(p.super_spines, 1);
  EXPECT_EQ(p.switch_count(), 21);
  // Inventory: leaves {20x25G + 2x100G} x2, {40x25G + 4x100G} x10; spines {6 ports} x2, {9 ports} x6;
  // super-spine {22 ports} x1.
  ASSERT_EQ(p.inventory.size(), 5u);
  EXPECT_EQ(p.inventory[0].count, 2);
  EXPECT_EQ(p.inventory[1].count, 10);
  EXPECT_EQ(p.inventory[2].tier, SwitchTier::Spine);
  EXPECT_EQ(p.inventory[2].count, 2);
  EXPECT_EQ(p.inventory[2].ports[0].count, 6);
  EXPECT_EQ(p.inventory[3].count, 6);
  EXPECT_EQ(p.inventory[3].ports[0].count, 9);
  EXPECT_EQ(p.inventory[4].tier, SwitchTier::SuperSpine);
  EXPECT_EQ(p.inventory[4].ports[0].count, 22);
  EXPECT_TRUE(p.notes.empty());
}

// Reference: design/MODELS.md, "past ~3,000 hosts a third (super-spine) tier is needed": 64-port spines and
// 48 servers per rack hold 64 racks (3,072 hosts) in one pod; 65 racks split into pods of 32 (3 pods).
TEST(LeafSpine, ThirdTierPastThreeThousandHosts) {
  LeafSpineSpec s;
  s.server_link_Bps = 25 * kGbps;
  s.servers_per_rack = std::vector<int>(64, 48);
  EXPECT_EQ(plan_leaf_spine(s).super_spines, 0);
  s.servers_per_rack = std::vector<int>(65, 48);
  const TopologyPlan p = plan_leaf_spine(s);
  EXPECT_EQ(p.pods, 3);
  EXPECT_GT(p.super_spines, 0);
}

// Reference: a 400G spine port breaks out into 4 x 100G leaf links, so 32 ports take 128 racks in one pod.
TEST(LeafSpine, Breakout) {
  LeafSpineSpec s;
  s.servers_per_rack = std::vector<int>(128, 32);
  s.leaf_uplink_Bps = 100 * kGbps;
  s.spine_port_Bps = 400 * kGbps;
  s.spine_radix = 32;
  const TopologyPlan p = plan_leaf_spine(s);
  EXPECT_EQ(p.pods, 1);
  // 32 x 25G / 3 = 266.7G -> 3 uplinks; each spine has 128 links = 32 ports of 400G.
  EXPECT_EQ(p.spines, 3);
  EXPECT_EQ(p.inventory.back().ports[0].count, 32);
}

// Reference: validation rules in topology.hpp.
TEST(LeafSpine, RejectsInvalidInput) {
  LeafSpineSpec s;
  s.servers_per_rack = {};
  EXPECT_THROW(plan_leaf_spine(s), std::invalid_argument);
  s.servers_per_rack = {40, 0};
  EXPECT_THROW(plan_leaf_spine(s), std::invalid_argument);
  s.servers_per_rack = std::vector<int>(100, 40);
  s.spine_radix = 32;
  s.racks_per_pod = 20;  // more than radix/2 = 16 leaf links
  EXPECT_THROW(plan_leaf_spine(s), std::invalid_argument);
  s.racks_per_pod = 0;
  s.spine_port_Bps = 40 * kGbps;  // slower than the 100G leaf uplinks
  EXPECT_THROW(plan_leaf_spine(s), std::invalid_argument);
  s.spine_port_Bps = 100 * kGbps;
  s.leaf_oversubscription = 0.0;
  EXPECT_THROW(plan_leaf_spine(s), std::invalid_argument);
}
