#include <gtest/gtest.h>

#include <vector>

#include "core/rng.hpp"
#include "models/consolidation/pabfd.hpp"
#include "models/power/server_power.hpp"

using namespace dcsim;
using namespace dcsim::consolidation;

namespace {
struct Fixture {
  power::PowerCurve g4 = power::hp_proliant_ml110_g4();
  SimpleConsolidation make(int hosts) {
    return SimpleConsolidation(std::vector<double>(hosts, 100.0), std::vector<const power::PowerCurve*>(hosts, &g4), 0.8);
  }
};
bool same(const Migration& m, int vm, int from, int to) { return m.vm == vm && m.from == from && m.to == to; }
}  // namespace

// Reference: hand computation with the ML110 G4 table (86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, ...),
// capacity 100, THR 0.8. Host 0 {50, 40} is overloaded and sheds 50 (40 remains). Targets for 50: host 1 (35
// -> 85 > 80: rejected), host 2 (10 -> 60: 106 - 89.4 = 16.6 W), host 3 (empty: 102 - 86 = 16 W) -> host 3.
// Underload: host 2 (0.10) is the least utilized (host 3 was off); its VM 10 goes to host 1 (the only target
// left: 97.75 -> 100.75 W). Host 1 is then a target, nothing remains.
TEST(Pabfd, SimpleConsolidationRound) {
  Fixture f;
  SimpleConsolidation c = f.make(4);
  const int a = c.add_vm(50, 0), b = c.add_vm(40, 0), x = c.add_vm(35, 1), d = c.add_vm(10, 2);
  (void)b;
  (void)x;
  const std::vector<Migration> plan = c.plan();
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_TRUE(same(plan[0], a, 0, 3));
  EXPECT_TRUE(same(plan[1], d, 2, 1));
  EXPECT_DOUBLE_EQ(c.load(0), 90.0);  // planning leaves the state unchanged
  c.move_vm(a, 3);
  EXPECT_DOUBLE_EQ(c.load(0), 40.0);
  EXPECT_DOUBLE_EQ(c.load(3), 50.0);
}

// Reference: all-or-nothing (Alg. 2): host 1 {45} cannot move (host 0 would reach 105 > 100); host 0 {30, 30}
// could move one VM to host 1 (75) but not both (105): nothing is planned.
TEST(Pabfd, UnderloadAllOrNothing) {
  Fixture f;
  SimpleConsolidation c = f.make(2);
  c.add_vm(30, 0);
  c.add_vm(30, 0);
  c.add_vm(45, 1);
  EXPECT_TRUE(c.plan().empty());
}

// Reference: hand trace of CloudSim 3.0.3's exclusion bug. Host 0 {50, 35} sheds 50 -> host 1 (5 -> 55:
// 104 - 87.7 = 16.3 W) rather than host 2 (10 -> 60: 16.6 W). CloudSim then still lets host 1 (0.05, the
// least utilized at the round start) be emptied, moving the just-placed VM again (planned twice); with the
// targets excluded, host 2 is emptied into host 1 instead.
TEST(Pabfd, OverloadTargetsExclusion) {
  Fixture f;
  SimpleConsolidation c = f.make(3);
  const int a = c.add_vm(50, 0);
  c.add_vm(35, 0);
  const int e = c.add_vm(5, 1), d = c.add_vm(10, 2);
  const std::vector<Migration> fixed = c.plan();
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_TRUE(same(fixed[0], a, 0, 1));
  EXPECT_TRUE(same(fixed[1], d, 2, 1));
  UnderloadOptions cloudsim;
  cloudsim.exclude_overload_targets = false;
  const std::vector<Migration> quirk = c.plan(cloudsim);
  ASSERT_EQ(quirk.size(), 3u);
  EXPECT_TRUE(same(quirk[0], a, 0, 1));
  EXPECT_TRUE(same(quirk[1], a, 1, 2));
  EXPECT_TRUE(same(quirk[2], e, 1, 2));
}
