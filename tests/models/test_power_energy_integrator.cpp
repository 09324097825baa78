#include <gtest/gtest.h>

#include <stdexcept>

#include "models/power/energy_integrator.hpp"

using namespace dcsim::power;

// Reference (hand computation): 100 W for 10 s, 200 W for 15 s = 1000 + 3000 = 4000 J; then 50 W running:
// +250 J at t = 30 s.
TEST(PiecewiseConstantEnergy, HandComputed) {
  PiecewiseConstantEnergy e(0.0, 100.0);
  e.set(10.0, 200.0);
  e.set(25.0, 50.0);
  EXPECT_NEAR(e.energy_J(), 4000.0, 1e-9);
  EXPECT_NEAR(e.energy_J(25.0), 4000.0, 1e-9);
  EXPECT_NEAR(e.energy_J(30.0), 4250.0, 1e-9);
  EXPECT_NEAR(e.power_W(), 50.0, 0.0);
  e.set(25.0, 70.0);  // two changes at the same instant: a zero-length segment adds nothing
  EXPECT_NEAR(e.energy_J(30.0), 4350.0, 1e-9);
}

// Reference: times must not go backwards (documented contract).
TEST(PiecewiseConstantEnergy, RejectsTimeGoingBack) {
  PiecewiseConstantEnergy e(5.0, 1.0);
  EXPECT_THROW(e.set(4.0, 2.0), std::invalid_argument);
  EXPECT_THROW((void)e.energy_J(4.9), std::invalid_argument);
  EXPECT_THROW(e.set(std::nan(""), 2.0), std::invalid_argument);
}

// Reference (analytic): 1e6 segments of 0.1 s alternating 100.1 W and 99.9 W give exactly 100 W x 1e5 s =
// 1e7 J; compensated summation keeps the relative error below 1e-12.
TEST(PiecewiseConstantEnergy, ManySegmentsStayExact) {
  PiecewiseConstantEnergy e(0.0, 100.1);
  for (int k = 1; k <= 1000000; ++k) e.set(k * 0.1, (k % 2) ? 99.9 : 100.1);
  EXPECT_NEAR(e.energy_J(), 1e7, 1e7 * 1e-12);
}

// Reference (trapezoid by hand): samples (0, 100), (10, 200), (20, 100): 1500 + 1500 = 3000 J; the last
// value (100 W) is held afterwards: 3500 J at t = 25 s.
TEST(PiecewiseLinearEnergy, HandComputed) {
  PiecewiseLinearEnergy e(0.0, 100.0);
  e.set(10.0, 200.0);
  e.set(20.0, 100.0);
  EXPECT_NEAR(e.energy_J(), 3000.0, 1e-9);
  EXPECT_NEAR(e.energy_J(25.0), 3500.0, 1e-9);
  EXPECT_THROW(e.set(19.0, 1.0), std::invalid_argument);
}

// Reference (hand computation): three servers from t = 0.
//   s0: 100 W from 0, 300 W from 10 -> at t=20: 1000 + 3000 = 4000 J
//   s1: 50 W from 5 -> at t=20: 750 J;  s2: never set -> 0 J.  Total 4750 J; total power 350 W.
TEST(PiecewiseConstantEnergyArray, HandComputedAndTotals) {
  PiecewiseConstantEnergyArray a(3, 0.0);
  a.set(0, 0.0, 100.0);
  a.set(1, 5.0, 50.0);
  a.set(0, 10.0, 300.0);
  EXPECT_NEAR(a.energy_J(0, 20.0), 4000.0, 1e-9);
  EXPECT_NEAR(a.energy_J(1, 20.0), 750.0, 1e-9);
  EXPECT_NEAR(a.energy_J(2, 20.0), 0.0, 0.0);
  EXPECT_NEAR(a.total_power_W(), 350.0, 1e-9);
  EXPECT_NEAR(a.total_energy_J(20.0), 4750.0, 1e-9);
  EXPECT_THROW(a.set(2, 9.0, 1.0), std::invalid_argument);  // global clock is at 10 s
}
