// Replication / erasure-coding arithmetic and rebuild time (MODELS.md: rebuild time = capacity x fullness /
// (recovery rate x sources)). References: hand computation.
#include <gtest/gtest.h>

#include "models/storage/redundancy.hpp"

using namespace dcsim::storage;

TEST(StorageRedundancy, Replication) {
  const Redundancy r = Redundancy::replication(3);
  EXPECT_TRUE(r.is_replication());
  EXPECT_DOUBLE_EQ(r.raw_overhead(), 3.0);
  EXPECT_DOUBLE_EQ(r.usable_bytes(300e12), 100e12);  // 300 TB raw -> 100 TB usable
  EXPECT_DOUBLE_EQ(r.raw_bytes(1e12), 3e12);
  EXPECT_EQ(r.fault_tolerance(), 2);
  EXPECT_DOUBLE_EQ(r.rebuild_read_amplification(), 1.0);  // copy the surviving replica
}

TEST(StorageRedundancy, ErasureCoding) {
  // RS(10,4): overhead 14/10 = 1.4, usable 10/14 of raw, survives 4 losses, rebuild reads 10 chunks.
  const Redundancy ec = Redundancy::erasure(10, 4);
  EXPECT_FALSE(ec.is_replication());
  EXPECT_DOUBLE_EQ(ec.raw_overhead(), 1.4);
  EXPECT_NEAR(ec.usable_bytes(1400e12), 1000e12, 1e-3);
  EXPECT_EQ(ec.fault_tolerance(), 4);
  EXPECT_DOUBLE_EQ(ec.rebuild_read_amplification(), 10.0);
  EXPECT_DOUBLE_EQ(ec.rebuild_read_bytes(16e12), 160e12);  // 16 TB lost -> 160 TB read
  EXPECT_DOUBLE_EQ(ec.unit_bytes(40e6), 4e6);               // 40 MB object -> 4 MB chunks
  EXPECT_DOUBLE_EQ(Redundancy::erasure(8, 3).raw_overhead(), 1.375);
  EXPECT_THROW(Redundancy::erasure(0, 2), std::invalid_argument);
  EXPECT_THROW(Redundancy::replication(0), std::invalid_argument);
}

TEST(StorageRedundancy, RebuildTime) {
  // 16 TB disk, 70 % full, 100 MB/s: one source 16e12 x 0.7 / 1e8 = 112,000 s (31.1 h); 50 sources
  // (declustered placement) 2,240 s (hand computation).
  EXPECT_DOUBLE_EQ(rebuild_time_s(16e12, 0.7, 100e6, 1), 112000.0);
  EXPECT_DOUBLE_EQ(rebuild_time_s(16e12, 0.7, 100e6, 50), 2240.0);
  EXPECT_DOUBLE_EQ(rebuild_time_s(16e12, 0.0, 100e6, 1), 0.0);
  EXPECT_THROW(rebuild_time_s(16e12, 1.5, 100e6, 1), std::invalid_argument);
  EXPECT_THROW(rebuild_time_s(16e12, 0.5, 0.0, 1), std::invalid_argument);
  EXPECT_THROW(rebuild_time_s(16e12, 0.5, 100e6, 0), std::invalid_argument);
}
