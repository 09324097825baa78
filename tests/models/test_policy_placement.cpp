// Placement policy names and dispatch. References: the policy definitions in models/policy/placement.hpp
// and hand-computed host choices.
#include <gtest/gtest.h>

#include "models/policy/placement.hpp"

using namespace dcsim::policy;

TEST(PolicyPlacement, NamesRoundTrip) {
  const std::vector<std::string> names = placement_policy_names();
  ASSERT_EQ(names, (std::vector<std::string>{"first-fit", "best-fit", "worst-fit", "round-robin"}));
  for (const auto& n : names) {
    const auto p = placement_policy_from_name(n);
    ASSERT_TRUE(p.has_value()) << n;
    EXPECT_EQ(placement_policy_name(*p), n);
  }
  EXPECT_EQ(placement_policy_from_name("best-fit"), PlacementPolicy::BestFit);
  EXPECT_FALSE(placement_policy_from_name("Best-Fit").has_value());  // names are exact
  EXPECT_FALSE(placement_policy_from_name("").has_value());
  EXPECT_FALSE(placement_policy_from_name("first_fit").has_value());
}

// Hand example: free cores 8, 2, 4 (memory ample). Request 2 cores:
// first-fit 0, best-fit 1 (2 free), worst-fit 0 (8 free), round-robin 0 then 1 then 2.
TEST(PolicyPlacement, DispatchHand) {
  const double GiB = 1073741824.0;
  auto make = [&] {
    HostIndex idx(3, 8, 64 * GiB);
    idx.allocate(1, 6, 0);
    idx.allocate(2, 4, 0);
    return idx;
  };
  HostIndex a = make();
  EXPECT_EQ(choose_host(a, PlacementPolicy::FirstFit, 2, GiB), 0);
  EXPECT_EQ(choose_host(a, PlacementPolicy::BestFit, 2, GiB), 1);
  EXPECT_EQ(choose_host(a, PlacementPolicy::WorstFit, 2, GiB), 0);
  EXPECT_EQ(a.free_cores(1), 2);  // choose_host does not allocate
  // place allocates: best-fit fills host 1 (2 -> 0 free), then the next best is host 2 (4 free).
  EXPECT_EQ(place(a, PlacementPolicy::BestFit, 2, GiB), 1);
  EXPECT_EQ(a.free_cores(1), 0);
  EXPECT_DOUBLE_EQ(a.free_memory(1), 63 * GiB);
  EXPECT_EQ(place(a, PlacementPolicy::BestFit, 2, GiB), 2);
  HostIndex b = make();
  EXPECT_EQ(place(b, PlacementPolicy::RoundRobin, 2, GiB), 0);
  EXPECT_EQ(place(b, PlacementPolicy::RoundRobin, 2, GiB), 1);
  EXPECT_EQ(place(b, PlacementPolicy::RoundRobin, 2, GiB), 2);
  EXPECT_EQ(place(b, PlacementPolicy::RoundRobin, 2, GiB), 0);
  // No host has 9 cores: -1 and nothing changes.
  EXPECT_EQ(place(b, PlacementPolicy::WorstFit, 9, GiB), -1);
  EXPECT_EQ(b.free_cores(0), 4);
}
