// Threshold autoscaler, checked against hand-worked sample sequences (rules in models/policy/autoscaler.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/policy/autoscaler.hpp"

using namespace dcsim::policy;

namespace {
AutoscalerConfig hand_config() {
  AutoscalerConfig c;
  c.upper = 0.8;
  c.lower = 0.3;
  c.step_out = 2;
  c.step_in = 1;
  c.min_size = 1;
  c.max_size = 6;
  c.out_breach_s = 120;
  c.in_breach_s = 0;
  c.cooldown_s = 300;
  return c;
}
}  // namespace

TEST(PolicyAutoscaler, HandSequence) {
  Autoscaler a(hand_config(), 2);
  EXPECT_EQ(a.decide(0, 0.9), 0);     // breach starts at 0
  EXPECT_EQ(a.decide(60, 0.9), 0);    // 60 s < 120 s
  EXPECT_EQ(a.decide(120, 0.9), 2);   // 120 s >= 120 s: +2 -> 4, cooldown until 420
  EXPECT_EQ(a.size(), 4);
  EXPECT_EQ(a.decide(180, 0.9), 0);   // cooling down
  EXPECT_EQ(a.decide(419, 0.9), 0);
  EXPECT_EQ(a.decide(420, 0.9), 2);   // breach persists since 0, cooldown over: +2 -> 6 (max)
  EXPECT_EQ(a.decide(780, 0.95), 0);  // at max_size
  EXPECT_EQ(a.size(), 6);
  EXPECT_EQ(a.decide(840, 0.5), 0);   // in band
  EXPECT_EQ(a.decide(900, 0.2), -1);  // below lower, in_breach 0 s: -1 -> 5, cooldown until 1200
  EXPECT_EQ(a.decide(960, 0.2), 0);
  EXPECT_EQ(a.decide(1200, 0.2), -1); // -> 4
  EXPECT_EQ(a.size(), 4);
}

// A breach interrupted by one in-band sample restarts: 0.9 at 0, 0.7 at 60, then 0.9 from 120 on ->
// the earliest scale-out is at 120 + 120 = 240 s.
TEST(PolicyAutoscaler, InterruptedBreachRestarts) {
  Autoscaler a(hand_config(), 2);
  EXPECT_EQ(a.decide(0, 0.9), 0);
  EXPECT_EQ(a.decide(60, 0.7), 0);
  EXPECT_EQ(a.decide(120, 0.9), 0);
  EXPECT_EQ(a.decide(180, 0.9), 0);
  EXPECT_EQ(a.decide(240, 0.9), 2);
}

// Bounds: a step is cut at max (5 + 2 -> 6 is +1) and nothing happens at min.
TEST(PolicyAutoscaler, BoundsAndSetSize) {
  AutoscalerConfig c = hand_config();
  c.out_breach_s = 0;
  c.cooldown_s = 0;
  Autoscaler a(c, 5);
  EXPECT_EQ(a.decide(0, 0.9), 1);
  EXPECT_EQ(a.size(), 6);
  a.set_size(1);
  EXPECT_EQ(a.decide(10, 0.1), 0);  // at min_size
  a.set_size(99);                   // clamped to max
  EXPECT_EQ(a.size(), 6);
  EXPECT_EQ(a.decide(20, 0.1), -1);
}

TEST(PolicyAutoscaler, InvalidInputThrows) {
  AutoscalerConfig bad = hand_config();
  bad.lower = 0.9;  // lower >= upper
  EXPECT_THROW(Autoscaler(bad, 2), std::invalid_argument);
  EXPECT_THROW(Autoscaler(hand_config(), 7), std::invalid_argument);  // above max
  bad = hand_config();
  bad.step_in = 0;
  EXPECT_THROW(Autoscaler(bad, 2), std::invalid_argument);
  Autoscaler a(hand_config(), 2);
  EXPECT_EQ(a.decide(100, 0.5), 0);
  EXPECT_THROW(a.decide(50, 0.5), std::invalid_argument);   // time went backwards
  EXPECT_THROW(a.decide(150, std::nan("")), std::invalid_argument);
}
