// Capacity balancer (HDFS balancer semantics: every node within +-10 points of the mean utilization).
// References: a hand-computed 4-node case, the band itself on a straw2 placement, conservation of bytes and
// failure-domain separation, and the ideal moved fraction dW / (W + dW) (MODELS.md).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "models/storage/rebalance.hpp"

using namespace dcsim::storage;

TEST(StorageRebalance, HandComputedFourNodes) {
  // 4 single-disk nodes of capacity 100; PGs of one 10-byte slot: A holds 8 (80 %), B 2 (20 %), C and D 5
  // each. Mean = 200 / 400 = 50 %, band 10 points: A is over, B under. Two moves A -> B give A 60 %, B 40 %,
  // both at the band edge: done (hand computation).
  const Hierarchy h = Hierarchy::uniform(0, 4, 1, 100.0);
  const auto disks = h.items_at(Level::Disk);
  PgMap map{20, 1, false, {}};
  const int held[4] = {8, 2, 5, 5};
  for (int n = 0; n < 4; ++n)
    for (int k = 0; k < held[n]; ++k) map.disks.push_back(disks[n]);
  const BalanceResult r = balance(h, map, PoolRule::replicated(1, Level::Node), 10.0);
  EXPECT_DOUBLE_EQ(r.mean_utilization, 0.5);
  EXPECT_DOUBLE_EQ(r.max_deviation_before, 0.3);
  ASSERT_EQ(r.moves.size(), 2u);
  for (const PgMove& m : r.moves) {
    EXPECT_EQ(m.src_disk, disks[0]);
    EXPECT_EQ(m.dst_disk, disks[1]);
    EXPECT_DOUBLE_EQ(m.bytes, 10.0);
  }
  EXPECT_DOUBLE_EQ(r.bytes_moved, 20.0);
  EXPECT_NEAR(r.max_deviation_after, 0.1, 1e-12);
  EXPECT_TRUE(r.within_band);
  const std::vector<double> bytes(20, 10.0);
  const NodeUsage u = node_usage(h, map, bytes);
  EXPECT_DOUBLE_EQ(u.used_bytes[0], 60.0);
  EXPECT_DOUBLE_EQ(u.used_bytes[1], 40.0);
}

TEST(StorageRebalance, BringsStraw2PlacementIntoBand) {
  // 12 racks x 5 nodes x 4 disks; 600 PGs x 3 replicas = 30 slots per node: straw2's spread (~1/sqrt(30) =
  // 18 %) leaves nodes outside +-10 points. After balancing: all within the band, bytes conserved, racks
  // still distinct, moves replay onto the original map, and the bytes moved do not exceed half the total
  // absolute deviation from the mean (what equalizing every node exactly would move).
  const Hierarchy h = Hierarchy::uniform(12, 5, 4, 1.0e12);
  const PoolRule rule = PoolRule::replicated(3, Level::Rack);
  const int pgs = 600;
  const PgMap original = map_pgs(h, pgs, rule);
  PgMap map = original;
  // Slot sizes 40-80 GB (varied), about 50 % mean fullness of 4 TB nodes.
  std::vector<double> bytes(pgs);
  for (int pg = 0; pg < pgs; ++pg) bytes[pg] = (40.0 + 40.0 * ((pg * 37) % 100) / 100.0) * 1e9;
  const NodeUsage before = node_usage(h, map, bytes);
  ASSERT_GT(before.max_deviation, 0.10);
  double abs_dev = 0.0, total_before = 0.0;
  for (std::size_t k = 0; k < before.nodes.size(); ++k) {
    abs_dev += std::abs(before.used_bytes[k] - before.mean_utilization * before.capacity_bytes[k]);
    total_before += before.used_bytes[k];
  }
  const BalanceResult r = balance(h, map, rule, bytes);
  EXPECT_TRUE(r.within_band);
  EXPECT_LE(r.max_deviation_after, 0.10 + 1e-12);
  const NodeUsage after = node_usage(h, map, bytes);
  double total_after = 0.0;
  for (double u : after.used_bytes) total_after += u;
  EXPECT_NEAR(total_after, total_before, 1e-9 * total_before);
  EXPECT_NEAR(after.mean_utilization, before.mean_utilization, 1e-12);
  EXPECT_LE(r.bytes_moved, 0.5 * abs_dev);
  for (int pg = 0; pg < pgs; ++pg) {
    std::set<ItemId> racks;
    for (ItemId d : map.pg(pg)) racks.insert(h.domain_of(d, Level::Rack));
    EXPECT_EQ(racks.size(), 3u) << "pg " << pg;
  }
  PgMap replay = original;
  for (const PgMove& m : r.moves) {
    ASSERT_EQ(replay.at(m.pg, m.slot), m.src_disk);
    replay.disks[static_cast<std::size_t>(m.pg) * replay.width + m.slot] = m.dst_disk;
  }
  EXPECT_EQ(replay.disks, map.disks);
}

TEST(StorageRebalance, InfeasibleWhenEveryNodeHoldsEveryPg) {
  // 3 nodes, 3 node-distinct replicas: each node holds one replica of every PG, so nothing can move. Node 0
  // has twice the capacity, so utilizations are 1/4 vs 1/2 (mean 3/8, deviation 1/8 > band): the balancer
  // must stop with no move and report it is out of band.
  Hierarchy h = Hierarchy::uniform(0, 3, 1, 100.0);
  h.set_weight(h.items_at(Level::Disk)[0], 200.0);
  const PoolRule rule = PoolRule::replicated(3, Level::Node);
  PgMap map = map_pgs(h, 50, rule);
  const BalanceResult r = balance(h, map, rule, 1.0);
  EXPECT_TRUE(r.moves.empty());
  EXPECT_FALSE(r.within_band);
  EXPECT_NEAR(r.max_deviation_after, 0.125, 1e-12);  // |50/200 - 150/400| = 1/8
}

TEST(StorageRebalance, OutNodesTakeNoPartAndBadInputThrows) {
  // Node 3 is out: it is neither source nor destination; everything else as in the hand case (4 nodes).
  Hierarchy h = Hierarchy::uniform(0, 4, 1, 100.0);
  const auto disks = h.items_at(Level::Disk);
  h.set_out(h.items_at(Level::Node)[3]);
  PgMap map{12, 1, false, {}};
  const int held[3] = {8, 2, 2};  // mean over the 3 in nodes: 120 / 300 = 40 %
  for (int n = 0; n < 3; ++n)
    for (int k = 0; k < held[n]; ++k) map.disks.push_back(disks[n]);
  const BalanceResult r = balance(h, map, PoolRule::replicated(1, Level::Node), 10.0);
  EXPECT_DOUBLE_EQ(r.mean_utilization, 0.4);
  for (const PgMove& m : r.moves) EXPECT_NE(m.dst_disk, disks[3]);
  EXPECT_TRUE(r.within_band);
  // Wrong-sized byte list and mismatched rule width.
  const std::vector<double> short_bytes(3, 1.0);
  EXPECT_THROW(balance(h, map, PoolRule::replicated(1, Level::Node), short_bytes), std::invalid_argument);
  EXPECT_THROW(balance(h, map, PoolRule::replicated(2, Level::Node), 1.0), std::invalid_argument);
}

TEST(StorageRebalance, IdealMovedFraction) {
  // MODELS.md: 200 -> 202 equal nodes: 2/202 = 0.990 %. Removing 2 of 202: also 2/202.
  EXPECT_NEAR(ideal_moved_fraction(200.0, 2.0), 0.0099009901, 1e-10);
  EXPECT_NEAR(ideal_moved_fraction(202.0, -2.0), 0.0099009901, 1e-10);
  EXPECT_THROW(ideal_moved_fraction(0.0, 1.0), std::invalid_argument);
}
