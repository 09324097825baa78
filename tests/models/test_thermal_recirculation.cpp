// Heat-recirculation matrix (Tang, Gupta, Varsamopoulos 2008) and containment presets.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/rng.hpp"
#include "models/thermal/recirculation.hpp"

using namespace dcsim::thermal;

namespace {
constexpr double kK = 1.19 * 1006.0;  // W/K for 1 m3/s at the default air properties
}

TEST(Recirculation, NoRecirculationGivesZeroD) {
  // A = 0: every inlet is supply air, D = K^-1 - K^-1 = 0.
  const Recirculation r(Eigen::MatrixXd::Zero(3, 3), Eigen::VectorXd::Constant(3, 2.0));
  EXPECT_LT(r.D().cwiseAbs().maxCoeff(), 1e-15);
  const Eigen::VectorXd t = r.inlet_temperatures(18.0, Eigen::Vector3d(1000.0, 2000.0, 3000.0));
  EXPECT_NEAR(t.maxCoeff(), 18.0, 1e-12);
  EXPECT_NEAR(t.minCoeff(), 18.0, 1e-12);
  // Outlet = inlet + P / K: 18 + 3000 / (2 * 1197.14) = 19.25298 C for node 3 (hand).
  EXPECT_NEAR(r.outlet_temperatures(18.0, Eigen::Vector3d(1000.0, 2000.0, 3000.0))(2), 19.25298, 1e-5);
}

TEST(Recirculation, TwoNodesByHand) {
  const Eigen::VectorXd flow = Eigen::Vector2d(1.0, 1.0);
  // One way: 20 % of node 1's exhaust reaches node 2's inlet. By hand T_in2 = 0.2 T_out1 + 0.8 T_sup
  // = T_sup + 0.2 P1 / k, so D = [[0, 0], [0.2/k, 0]].
  Eigen::Matrix2d A;
  A << 0.0, 0.2, 0.0, 0.0;
  const Recirculation one(A, flow);
  EXPECT_NEAR(one.D()(1, 0), 0.2 / kK, 1e-15);
  EXPECT_NEAR(one.D()(0, 0), 0.0, 1e-15);
  EXPECT_NEAR(one.D()(0, 1), 0.0, 1e-15);
  EXPECT_NEAR(one.D()(1, 1), 0.0, 1e-15);
  // Both ways (a12 = 0.2, a21 = 0.1): solving x1 = 0.1 (x2 + P2/k), x2 = 0.2 (x1 + P1/k) by hand gives
  // D = [[0.02, 0.1], [0.2, 0.02]] / (0.98 k).
  A << 0.0, 0.2, 0.1, 0.0;
  const Recirculation two(A, flow);
  Eigen::Matrix2d expected;
  expected << 0.02, 0.1, 0.2, 0.02;
  expected /= 0.98 * kK;
  EXPECT_LT((two.D() - expected).cwiseAbs().maxCoeff(), 1e-15);
  // 1 kW in node 1 only: node 2 inlet rises 0.2 * 1000 / (0.98 * 1197.14) = 0.170474 K.
  EXPECT_NEAR(two.inlet_temperatures(18.0, Eigen::Vector2d(1000.0, 0.0))(1), 18.170474, 1e-6);
  // Highest supply keeping inlets <= 27 C at P = (1000, 1000): 27 - 0.22 * 1000 / (0.98 k) = 26.812478 C.
  EXPECT_NEAR(two.max_supply_C(27.0, Eigen::Vector2d(1000.0, 1000.0)), 26.812478, 1e-6);
}

TEST(Recirculation, SatisfiesMixingEquation) {
  // Analytic identity (the model's definition): K T_in = A^T K T_out + (K - A^T K) 1 T_sup for any valid A.
  const int n = 6;
  auto rng = dcsim::make_rng(7, "test.recirculation");
  Eigen::MatrixXd A(n, n);
  Eigen::VectorXd flow(n), power(n);
  for (int i = 0; i < n; ++i) {
    flow(i) = 0.5 + dcsim::uniform01(rng);
    power(i) = 2000.0 * dcsim::uniform01(rng);
    for (int j = 0; j < n; ++j) A(i, j) = i == j ? 0.0 : 0.05 * dcsim::uniform01(rng);
  }
  const Recirculation r(A, flow);
  const Eigen::VectorXd tin = r.inlet_temperatures(20.0, power);
  const Eigen::VectorXd tout = r.outlet_temperatures(20.0, power);
  const Eigen::VectorXd k = r.K();
  const Eigen::VectorXd lhs = k.asDiagonal() * tin;
  const Eigen::VectorXd supply_share = k - A.transpose() * k;
  const Eigen::VectorXd rhs = A.transpose() * (k.asDiagonal() * tout) + supply_share * 20.0;
  EXPECT_LT((lhs - rhs).cwiseAbs().maxCoeff(), 1e-8 * lhs.cwiseAbs().maxCoeff());
  // Recirculation only warms: every inlet >= supply.
  EXPECT_GE(tin.minCoeff(), 20.0 - 1e-12);
}

TEST(Recirculation, RejectsInvalidMatrices) {
  Eigen::Matrix2d A;
  A << 0.0, 0.7, 0.6, 0.0;
  A(0, 0) = 0.5;  // row 0 sums to 1.2
  EXPECT_THROW(Recirculation(A, Eigen::Vector2d(1.0, 1.0)), std::invalid_argument);
  EXPECT_THROW(Recirculation(Eigen::Matrix2d::Zero(), Eigen::Vector3d(1.0, 1.0, 1.0)), std::invalid_argument);
  EXPECT_THROW(Recirculation(Eigen::Matrix2d::Zero(), Eigen::Vector2d(1.0, -1.0)), std::invalid_argument);
  // Node 2 (flow 1) would draw 0.9 * 5 = 4.5 units of node 1's exhaust: more than its own airflow.
  A << 0.0, 0.9, 0.0, 0.0;
  EXPECT_THROW(Recirculation(A, Eigen::Vector2d(5.0, 1.0)), std::invalid_argument);
  A << -0.1, 0.0, 0.0, 0.0;
  EXPECT_THROW(Recirculation(A, Eigen::Vector2d(1.0, 1.0)), std::invalid_argument);
}

TEST(Containment, ApproachPresets) {
  // EnergyPlus 1-zone example: supply +2 K, return -1 K (json); open hall +9.67 K (openstudio-standards).
  EXPECT_NEAR(rack_inlet_C(18.0, kEnergyPlus1Zone), 20.0, 1e-12);
  EXPECT_NEAR(return_air_C(35.0, kEnergyPlus1Zone), 34.0, 1e-12);
  EXPECT_NEAR(rack_inlet_C(18.0, kOpenHall), 27.67, 1e-12);
  EXPECT_NEAR(return_air_C(35.0, kOpenHall), 27.64, 1e-12);
  EXPECT_NEAR(rack_inlet_C(18.0, kSustainDC), 23.0, 1e-12);
}
