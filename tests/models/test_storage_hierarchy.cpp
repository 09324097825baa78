// Failure-domain tree: weights are sums of disk weights (CRUSH bucket weights, Weil et al. 2006), expansion
// keeps ids, out marks and domain lookup. References: hand computation on small trees.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/storage/hierarchy.hpp"

using namespace dcsim::storage;

TEST(StorageHierarchy, UniformTreeWeightsAreSums) {
  // 3 racks x 4 nodes x 5 disks of 2.0: node 10, rack 40, root 120 (hand computation). Exact in binary.
  const Hierarchy h = Hierarchy::uniform(3, 4, 5, 2.0);
  EXPECT_EQ(h.num_disks(), 60);
  EXPECT_EQ(h.size(), 1 + 3 + 12 + 60);
  EXPECT_DOUBLE_EQ(h.weight(h.root()), 120.0);
  for (ItemId r : h.items_at(Level::Rack)) EXPECT_DOUBLE_EQ(h.weight(r), 40.0);
  for (ItemId n : h.items_at(Level::Node)) {
    EXPECT_DOUBLE_EQ(h.weight(n), 10.0);
    EXPECT_EQ(h.num_children(n), 5);
    EXPECT_EQ(h.level(h.parent(n)), Level::Rack);
  }
}

TEST(StorageHierarchy, ExpansionReweightAndOut) {
  Hierarchy h;
  const ItemId rack = h.add_bucket(Level::Rack, h.root());
  const ItemId node = h.add_bucket(Level::Node, rack);
  const ItemId d0 = h.add_disk(node, 4.0);
  const ItemId d1 = h.add_disk(node, 8.0);
  EXPECT_DOUBLE_EQ(h.weight(rack), 12.0);  // 4 + 8
  // Online expansion: a new node; existing ids unchanged.
  const ItemId node2 = h.add_bucket(Level::Node, rack);
  const ItemId d2 = h.add_disk(node2, 16.0);
  EXPECT_EQ(d0, 3);
  EXPECT_EQ(d1, 4);
  EXPECT_DOUBLE_EQ(h.weight(h.root()), 28.0);  // 4 + 8 + 16
  h.set_weight(d1, 2.0);
  EXPECT_DOUBLE_EQ(h.weight(node), 6.0);        // 4 + 2
  EXPECT_DOUBLE_EQ(h.weight(h.root()), 22.0);   // 6 + 16
  EXPECT_EQ((std::vector<ItemId>{node, node2}), h.children(rack));
  // Out keeps the weight (CRUSH semantics) and covers descendants.
  h.set_out(node2);
  EXPECT_TRUE(h.is_out(node2));
  EXPECT_TRUE(h.is_effectively_out(d2));
  EXPECT_FALSE(h.is_effectively_out(d0));
  EXPECT_DOUBLE_EQ(h.weight(node2), 16.0);
  h.set_out(node2, false);
  EXPECT_FALSE(h.is_effectively_out(d2));
}

TEST(StorageHierarchy, DomainOf) {
  Hierarchy h;
  const ItemId pdu = h.add_bucket(Level::Pdu, h.root());
  const ItemId rack = h.add_bucket(Level::Rack, pdu);
  const ItemId node = h.add_bucket(Level::Node, rack);
  const ItemId disk = h.add_disk(node, 1.0);
  EXPECT_EQ(h.domain_of(disk, Level::Node), node);
  EXPECT_EQ(h.domain_of(disk, Level::Rack), rack);
  EXPECT_EQ(h.domain_of(disk, Level::Pdu), pdu);
  EXPECT_EQ(h.domain_of(disk, Level::Disk), disk);
  // A node directly under the root (no rack level): the node is its own rack-level domain, matching where a
  // descent from the root stops.
  const ItemId lone = h.add_bucket(Level::Node, h.root());
  const ItemId lone_disk = h.add_disk(lone, 1.0);
  EXPECT_EQ(h.domain_of(lone_disk, Level::Rack), lone);
}

TEST(StorageHierarchy, RejectsBadInput) {
  Hierarchy h;
  const ItemId rack = h.add_bucket(Level::Rack, h.root());
  EXPECT_THROW(h.add_bucket(Level::Pdu, rack), std::invalid_argument);   // PDU under a rack
  EXPECT_THROW(h.add_bucket(Level::Disk, rack), std::invalid_argument);  // disks via add_disk
  EXPECT_THROW(h.add_disk(rack, -1.0), std::invalid_argument);
  const ItemId disk = h.add_disk(rack, 1.0);
  EXPECT_THROW(h.add_disk(disk, 1.0), std::invalid_argument);
  EXPECT_THROW(h.set_weight(rack, 2.0), std::invalid_argument);
  EXPECT_THROW(h.set_out(99), std::out_of_range);
  EXPECT_THROW(Hierarchy::uniform(1, 0, 1, 1.0), std::invalid_argument);
}
