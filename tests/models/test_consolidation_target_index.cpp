#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/rng.hpp"
#include "models/consolidation/target_index.hpp"
#include "models/power/server_power.hpp"

using namespace dcsim;
using namespace dcsim::consolidation;

namespace {
const std::vector<double> kG4 = power::hp_proliant_ml110_g4().points();  // 86 .. 117 W, 11 points
const std::vector<double> kG5 = power::hp_proliant_ml110_g5().points();  // 93.7 .. 135 W
using V = TargetIndex::Verdict;
auto accept_all = [](int) { return V::Accept; };
}  // namespace

// Reference: the curve's own linear interpolation (PowerCurve::power_W), to 1e-12 W.
TEST(TargetIndex, PowerMatchesCurve) {
  TargetIndex idx;
  const int c = idx.add_class(3720, kG4);
  const power::PowerCurve curve = power::hp_proliant_ml110_g4();
  for (int k = 0; k <= 1000; ++k) {
    const double u = k / 1000.0;
    EXPECT_NEAR(idx.power_W(c, u), curve.power_W(u), 1e-12) << u;
  }
  EXPECT_DOUBLE_EQ(idx.power_W(c, 1.5), 117.0);
}

// Hand-computed: G4 hosts (3720 MIPS). A at 65% sits in the 60-70% segment, slope (108-106) x 10 = 20 W per
// unit of utilization; B at 25% in the 20-30% segment, slope 34 W. A demand of 111.6 MIPS (d = 0.03):
// A +0.60 W, B +1.02 W. With B's baseline 0.5 W above P(a) (offset -0.5 W), B costs 0.52 W and wins.
TEST(TargetIndex, HandComputedIncrease) {
  TargetIndex idx;
  const int c = idx.add_class(3720, kG4);
  idx.resize(2);
  idx.set(0, c, 0.65, 0.0);
  idx.set(1, c, 0.25, 0.0);
  EXPECT_NEAR(idx.increase_W(0, 111.6), 0.60, 1e-9);
  EXPECT_NEAR(idx.increase_W(1, 111.6), 1.02, 1e-9);
  EXPECT_EQ(idx.best(111.6, true, 1.0, accept_all), 0);
  idx.set(1, c, 0.25, -0.5);
  double inc = 0;
  EXPECT_EQ(idx.best(111.6, true, 1.0, accept_all, &inc), 1);
  EXPECT_NEAR(inc, 0.52, 1e-9);
  // Crossing a segment boundary: A at 68% + 3% = 71%: 2% at 20 W + 1% at 40 W = 0.8 W.
  idx.set(0, c, 0.68, 0.0);
  EXPECT_NEAR(idx.increase_W(0, 111.6), 0.80, 1e-9);
  // Beyond capacity: a host at 98% cannot take 3%.
  idx.set(0, c, 0.98, 0.0);
  idx.set(1, c, 0.98, 0.0);
  EXPECT_EQ(idx.best(111.6, true, 1.0, accept_all), -1);
}

// Hosts whose increase is mathematically equal (same segment, no offset) tie exactly: the lowest id wins
// whatever their utilization, and idle hosts are visited only on request.
TEST(TargetIndex, ExactTiesGoToLowestId) {
  TargetIndex idx;
  const int c = idx.add_class(3720, kG4);
  idx.resize(8);
  const double a[] = {0.6137, 0.6021, 0.6555, 0.6311, 0.0, 0.0, 0.6049, 0.6402};
  for (int h = 7; h >= 0; --h) idx.set(h, c, a[h], 0.0);
  EXPECT_EQ(idx.best(37.2, true, 1.0, accept_all), 0);  // d = 0.01, all of 0..3, 6, 7 stay within 60-70%
  EXPECT_EQ(idx.increase_W(0, 37.2), idx.increase_W(7, 37.2));
  auto not0 = [](int h) { return h == 0 ? V::Skip : V::Accept; };
  EXPECT_EQ(idx.best(37.2, true, 1.0, not0), 1);
  EXPECT_TRUE(idx.contains(0));  // skipped, still indexed
  auto drop01 = [](int h) { return h <= 1 ? V::Drop : V::Accept; };
  EXPECT_EQ(idx.best(37.2, true, 1.0, drop01), 2);
  EXPECT_FALSE(idx.contains(0));
  EXPECT_FALSE(idx.contains(1));
  // Only idle hosts left: include_idle decides.
  for (int h : {2, 3, 6, 7}) idx.erase(h);
  EXPECT_EQ(idx.best(37.2, true, 1.0, accept_all), 4);
  EXPECT_EQ(idx.best(37.2, false, 1.0, accept_all), -1);
}

// Reference: brute force over the present hosts with the same increase_W, lowest (increase, id) among those
// that fit (a <= 1 - d), accepted, and non-idle unless requested. Random loads (some shared, some idle, some
// with offsets), two classes, random rejections, and hosts moved between queries.
TEST(TargetIndex, MatchesBruteForce) {
  Rng rng = make_rng(5, "test.target_index");
  for (int trial = 0; trial < 60; ++trial) {
    TargetIndex idx;
    const double cap[2] = {3720, 5320};
    const int c4 = idx.add_class(cap[0], kG4), c5 = idx.add_class(cap[1], kG5);
    const int n = 20 + 37 * (trial % 7);
    idx.resize(n);
    std::vector<int> cls(n);
    auto place = [&](int h) {
      cls[h] = h % 2 ? c5 : c4;
      const double r = uniform01(rng);
      const double a = r < 0.15 ? 0.0 : r < 0.3 ? 0.05 * std::floor(uniform01(rng) * 20) : uniform01(rng);
      const double o = uniform01(rng) < 0.3 ? 5 * uniform01(rng) - 1 : 0.0;
      idx.set(h, cls[h], a, o, static_cast<int>(mix64(static_cast<std::uint64_t>(h) * 7919) % 5));
    };
    for (int h = 0; h < n; ++h) place(h);
    for (int q = 0; q < 200; ++q) {
      if (q % 10 == 0) place(static_cast<int>(uniform01(rng) * n));
      if (q % 17 == 0) idx.erase(static_cast<int>(uniform01(rng) * n));
      const double demand = uniform01(rng) < 0.1 ? 0.0 : uniform01(rng) * 2500;
      const bool idle = q % 3 != 0;
      const double max_after = q % 4 == 0 ? 0.8 : 1.0;
      const std::uint64_t salt = rng();
      auto rejected = [&](int h) { return mix64(salt + static_cast<std::uint64_t>(h)) % 4 == 0; };
      int want = -1;
      double want_f = 0;
      for (int h = 0; h < n; ++h) {
        if (!idx.contains(h) || rejected(h)) continue;
        const double a = idx.planned_utilization(h);
        if ((a > max_after - demand / cap[cls[h]] + 1e-9 && a > 0) || (!idle && a == 0)) continue;
        const double f = idx.increase_W(h, demand);
        if (want < 0 || f < want_f) {
          want = h;
          want_f = f;
        }
      }
      // The index's increase is the plain curve difference up to rounding.
      if (want >= 0) {
        const std::vector<double>& pts = cls[want] == c4 ? kG4 : kG5;
        const power::PowerCurve curve = power::PowerCurve::table(pts);
        const double a = idx.planned_utilization(want);
        const double plain = curve.power_W(std::min(1.0, a + demand / cap[cls[want]])) - (curve.power_W(a) - idx.offset_W(want));
        EXPECT_NEAR(want_f, plain, 1e-9);
      }
      const int got = idx.best(demand, idle, max_after, [&](int h) { return rejected(h) ? V::Skip : V::Accept; });
      ASSERT_EQ(got, want) << "trial " << trial << " query " << q;
      // Free units: hosts with fewer than the query asks for are refused by accept() (as a caller does);
      // the answer is the same whether the index prunes by units or not.
      const int units = static_cast<int>(uniform01(rng) * 5);
      auto fits_units = [&](int h) { return mix64(static_cast<std::uint64_t>(h) * 7919) % 5 >= static_cast<std::uint64_t>(units); };
      int want_u = -1;
      double want_uf = 0;
      for (int h = 0; h < n; ++h) {
        if (!idx.contains(h) || rejected(h) || !fits_units(h)) continue;
        const double a = idx.planned_utilization(h);
        if ((a > max_after - demand / cap[cls[h]] + 1e-9 && a > 0) || (!idle && a == 0)) continue;
        const double f = idx.increase_W(h, demand);
        if (want_u < 0 || f < want_uf) {
          want_u = h;
          want_uf = f;
        }
      }
      const int got_u = idx.best(demand, idle, max_after,
                                 [&](int h) { return rejected(h) || !fits_units(h) ? V::Skip : V::Accept; }, nullptr, units);
      ASSERT_EQ(got_u, want_u) << "units, trial " << trial << " query " << q;
    }
  }
}

// Gates: a caller whose accept() refuses every host with g_h > L_c gets the same answer with the limits
// given to the index, and accept() is then never called on a gated host.
TEST(TargetIndex, GatedHostsArePassedOverUntested) {
  Rng rng = make_rng(11, "test.target_index.gates");
  for (int trial = 0; trial < 30; ++trial) {
    TargetIndex idx;
    idx.add_class(3720, kG4);
    idx.add_class(5320, kG5);
    const int n = 50 + 61 * (trial % 5);
    idx.resize(n);
    std::vector<double> gate(static_cast<std::size_t>(n));
    auto place = [&](int h) {
      const double r = uniform01(rng);
      const double a = r < 0.15 ? 0.0 : r < 0.3 ? 0.05 * std::floor(uniform01(rng) * 20) : uniform01(rng);
      // Gates correlated with load (as a detector's are), with noise and some hosts without one.
      gate[static_cast<std::size_t>(h)] = uniform01(rng) < 0.1 ? -std::numeric_limits<double>::infinity()
                                                                  : a + 0.3 * uniform01(rng);
      if (a == 0) gate[static_cast<std::size_t>(h)] = -std::numeric_limits<double>::infinity();  // idle: never gated
      if (trial % 2 == 0) idx.begin_bulk();
      idx.set(h, h % 2, a, uniform01(rng) < 0.3 ? uniform01(rng) : 0.0, 4, gate[static_cast<std::size_t>(h)]);
      if (trial % 2 == 0) idx.end_bulk();
    };
    for (int h = 0; h < n; ++h) place(h);
    for (int q = 0; q < 150; ++q) {
      if (q % 5 == 0) place(static_cast<int>(uniform01(rng) * n));
      const double demand = uniform01(rng) * 2500;
      const std::vector<double> limit = {uniform01(rng) * 1.2, q % 7 == 0 ? std::numeric_limits<double>::infinity()
                                                                         : uniform01(rng) * 1.2};
      const std::uint64_t salt = rng();
      auto refused = [&](int h) {
        return gate[static_cast<std::size_t>(h)] > limit[static_cast<std::size_t>(h % 2)] ||
               mix64(salt + static_cast<std::uint64_t>(h)) % 5 == 0;
      };
      int calls_on_gated = 0;
      const int plain = idx.best(demand, q % 3 != 0, 1.0, [&](int h) { return refused(h) ? V::Skip : V::Accept; });
      const int gated = idx.best(
          demand, q % 3 != 0, 1.0,
          [&](int h) {
            if (gate[static_cast<std::size_t>(h)] > limit[static_cast<std::size_t>(h % 2)]) ++calls_on_gated;
            return refused(h) ? V::Skip : V::Accept;
          },
          nullptr, 0, limit);
      ASSERT_EQ(gated, plain) << "trial " << trial << " query " << q;
      ASSERT_EQ(calls_on_gated, 0) << "trial " << trial << " query " << q;
    }
  }
}

// Reference: the same index updated host by host. A bulk update (every host moved, some idle, some removed)
// must answer every query identically.
TEST(TargetIndex, BulkRebuildEqualsSingleUpdates) {
  Rng rng = make_rng(9, "test.target_index.bulk");
  TargetIndex single, bulk;
  for (TargetIndex* idx : {&single, &bulk}) {
    idx->add_class(3720, kG4);
    idx->add_class(5320, kG5);
    idx->resize(300);
  }
  for (int round = 0; round < 5; ++round) {
    bulk.begin_bulk();
    for (int h = 0; h < 300; ++h) {
      const double r = uniform01(rng);
      const double a = r < 0.3 ? 0.0 : uniform01(rng);
      const double o = uniform01(rng) < 0.2 ? uniform01(rng) : 0.0;
      if (r > 0.95) {
        single.erase(h);
        bulk.erase(h);
        continue;
      }
      single.set(h, h % 2, a, o);
      bulk.set(h, h % 2, a, o);
    }
    bulk.end_bulk();
    for (int q = 0; q < 200; ++q) {
      const double demand = uniform01(rng) * 2500;
      const std::uint64_t salt = rng();
      auto accept = [&](int h) { return mix64(salt + static_cast<std::uint64_t>(h)) % 3 == 0 ? V::Skip : V::Accept; };
      ASSERT_EQ(single.best(demand, q % 2 == 0, 1.0, accept), bulk.best(demand, q % 2 == 0, 1.0, accept))
          << "round " << round << " query " << q;
    }
  }
}
