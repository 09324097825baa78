// Capacity balancer: moves PG slots until every node's utilization u = used / capacity lies within
// mean +- band, where mean = total used / total capacity over the nodes taking part (in, capacity > 0).
// The band defaults to 10 percentage points, the HDFS balancer's default threshold (Apache Hadoop, HDFS
// Balancer, "-threshold 10"). Pseudo-random placement (straw2) leaves a spread of about 1/sqrt(slots per
// node), so large clusters with few PGs per node need it (Ceph's upmap balancer does the same job).
//
// Greedy, as the HDFS balancer pairs over- with under-utilized nodes: take the most utilized node s; if it
// is above the band, move one of its slots to the least utilized node d that accepts it; otherwise, if the
// least utilized node is below the band, fill it from the most utilized nodes. A move of b bytes is made only
// if it lowers sum_i used_i^2 / cap_i, i.e. 2 (u_s - u_d) > b (1/cap_s + 1/cap_d), which guarantees
// termination; a destination must keep the PG's slots in distinct failure domains (the pool rule's), and
// the destination disk is the least utilized in disk of d. Nodes that can make no move leave the queue.
// Cost: O(moves x log(nodes)) plus the slot scans.
//
// Ideal movement when weight dW is added to W: dW / (W + dW); when weight w is removed: w / W.
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "models/storage/hierarchy.hpp"
#include "models/storage/straw2.hpp"

namespace dcsim::storage {

struct BalancerConfig {
  double band = 0.10;  // allowed |u_node - mean|, as a fraction (0.10 = 10 percentage points)
  std::int64_t max_moves = std::numeric_limits<std::int64_t>::max();
  int candidates = 16;  // destinations (or sources) tried per step before a node leaves the queue
};

struct PgMove {
  std::int32_t pg = 0;
  std::int32_t slot = 0;
  ItemId src_disk = kNoItem;
  ItemId dst_disk = kNoItem;
  double bytes = 0.0;
};

// Per-node usage; entry i describes nodes[i]. A disk's node is Hierarchy::domain_of(disk, Level::Node): the
// node above it, or the disk itself where a tree has no node level. Out nodes and nodes without capacity
// are listed but take no part in the mean or the balancing.
struct NodeUsage {
  std::vector<ItemId> nodes;
  std::vector<double> used_bytes;
  std::vector<double> capacity_bytes;  // node weight (disk weights are capacities in bytes)
  double mean_utilization = 0.0;       // over in nodes with capacity > 0
  double max_deviation = 0.0;          // max |u - mean| over the same nodes
};

struct BalanceResult {
  std::vector<PgMove> moves;
  double bytes_moved = 0.0;
  double mean_utilization = 0.0;
  double max_deviation_before = 0.0;
  double max_deviation_after = 0.0;
  bool within_band = false;
};

// slot_bytes[pg]: bytes one slot of the PG holds (replica: the PG size; EC chunk: PG size / k).
NodeUsage node_usage(const Hierarchy& h, const PgMap& map, std::span<const double> slot_bytes);

// Balances `map` in place (the moves are also returned, in the order to perform them).
BalanceResult balance(const Hierarchy& h, PgMap& map, const PoolRule& rule, std::span<const double> slot_bytes,
                      const BalancerConfig& config = {});
// Same, every slot holding slot_bytes.
BalanceResult balance(const Hierarchy& h, PgMap& map, const PoolRule& rule, double slot_bytes,
                      const BalancerConfig& config = {});

// Fraction of data that must move when weight dW is added to total weight W (dW > 0: dW / (W + dW)), or
// removed (dW < 0: -dW / W).
double ideal_moved_fraction(double total_weight, double delta_weight);

}  // namespace dcsim::storage
