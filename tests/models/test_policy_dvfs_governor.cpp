// DVFS governors, checked by hand against the rules in models/policy/dvfs_governor.hpp (Linux ondemand:
// jump to the fastest state above up_threshold, else the slowest state keeping d / s <= threshold).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/policy/dvfs_governor.hpp"

using namespace dcsim::policy;

namespace {
// SimGrid order: P0 fastest. GHz in Hz.
const std::vector<double> kSpeeds{3.0e9, 2.4e9, 1.8e9, 1.2e9};
}  // namespace

TEST(PolicyDvfsGovernor, PerformanceAndPowersave) {
  DvfsGovernor perf(GovernorKind::Performance, kSpeeds);
  DvfsGovernor save(GovernorKind::Powersave, kSpeeds);
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(perf.select(p, 0.0), 0);
    EXPECT_EQ(perf.select(p, 1.0), 0);
    EXPECT_EQ(save.select(p, 0.0), 3);
    EXPECT_EQ(save.select(p, 1.0), 3);
  }
}

TEST(PolicyDvfsGovernor, OndemandHand) {
  DvfsGovernor g(GovernorKind::Ondemand, kSpeeds, 0.8);
  EXPECT_EQ(g.select(0, 0.9), 0);   // 0.9 > 0.8 at the fastest: stay
  EXPECT_EQ(g.select(3, 0.85), 0);  // 0.85 > 0.8 at 1.2 GHz: jump to the fastest, not one step up
  // At 3.0 GHz, u = 0.5: d = 1.5 GHz. 1.2: 1.25, 1.8: 0.833 (> 0.8), 2.4: 0.625 -> P1.
  EXPECT_EQ(g.select(0, 0.5), 1);
  // u = 0.3: d = 0.9 GHz; 0.9 / 1.2 = 0.75 <= 0.8 -> slowest P3.
  EXPECT_EQ(g.select(0, 0.3), 3);
  // u = 0.8 is not above the threshold: d = 2.4 GHz needs d / s <= 0.8, i.e. s >= 3.0 -> P0.
  EXPECT_EQ(g.select(0, 0.8), 0);
  // At 1.8 GHz, u = 0.6: d = 1.08 GHz; 1.08 / 1.2 = 0.9 > 0.8 -> 1.8 GHz itself (P2).
  EXPECT_EQ(g.select(2, 0.6), 2);
  EXPECT_EQ(g.select(1, 0.0), 3);   // idle -> slowest
  EXPECT_EQ(g.select(1, 1.7), 0);   // clamped to 1 -> fastest
}

// Exact boundary with binary-exact numbers: speeds 4,3,2,1, threshold 0.75. At P0, u = 0.375: d = 1.5,
// 1.5 / 2 = 0.75 <= 0.75 -> P2 (speed 2); 1.5 / 1 = 1.5 fails for P3.
TEST(PolicyDvfsGovernor, OndemandBoundaryAndOrder) {
  DvfsGovernor g(GovernorKind::Ondemand, {4.0, 3.0, 2.0, 1.0}, 0.75);
  EXPECT_EQ(g.select(0, 0.375), 2);
  // Unordered P-states: speeds {1, 3, 2, 3}: fastest = index 1 (lowest index among the 3s), slowest 0.
  DvfsGovernor u(GovernorKind::Ondemand, {1.0, 3.0, 2.0, 3.0}, 0.8);
  EXPECT_EQ(u.fastest(), 1);
  EXPECT_EQ(u.slowest(), 0);
  EXPECT_EQ(u.select(3, 0.9), 1);
  EXPECT_EQ(u.select(3, 0.5), 2);  // d = 1.5: 1.5 / 1 > 0.8, 1.5 / 2 = 0.75 -> index 2
}

TEST(PolicyDvfsGovernor, NamesAndInvalidInput) {
  EXPECT_EQ(governor_from_name("ondemand"), GovernorKind::Ondemand);
  EXPECT_EQ(governor_from_name("performance"), GovernorKind::Performance);
  EXPECT_EQ(governor_from_name("powersave"), GovernorKind::Powersave);
  EXPECT_FALSE(governor_from_name("conservative").has_value());
  EXPECT_EQ(governor_names().size(), 3u);
  EXPECT_THROW(DvfsGovernor(GovernorKind::Ondemand, {}), std::invalid_argument);
  EXPECT_THROW(DvfsGovernor(GovernorKind::Ondemand, {1.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(DvfsGovernor(GovernorKind::Ondemand, {1.0}, 0.0), std::invalid_argument);
  EXPECT_THROW(DvfsGovernor(GovernorKind::Ondemand, {1.0}, 1.5), std::invalid_argument);
  DvfsGovernor g(GovernorKind::Ondemand, kSpeeds);
  EXPECT_THROW(g.select(4, 0.5), std::invalid_argument);
  EXPECT_THROW(g.select(0, std::nan("")), std::invalid_argument);
}
