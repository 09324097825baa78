// Constant-COP and Moore et al. 2005 CRAC COP(T) plants.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/cooling/cop_models.hpp"

using namespace dcsim::cooling;

TEST(CopModels, MooreCopMatchesPublishedValues) {
  // Reference: /work/shared/design/MODELS.md (Moore et al., USENIX ATC 2005): COP(15) = 2.00 (0.01);
  // COP(20) = 3.194 and COP(25) = 4.728 are exact evaluations of 0.0068 T^2 + 0.0008 T + 0.458 (1e-12).
  const MooreCracCop m;
  EXPECT_NEAR(m.cop(15.0), 2.0, 0.01);
  EXPECT_NEAR(m.cop(20.0), 3.194, 1e-12);
  EXPECT_NEAR(m.cop(25.0), 4.728, 1e-12);
}

TEST(CopModels, CoolingPowerIsHeatOverCop) {
  // Reference: hand computation P = Q / COP: 10 kW at 20 C supply -> 10000 / 3.194 = 3130.870 W;
  // constant COP 4 -> 2500 W; no negative power for a negative heat input.
  const MooreCracCop moore;
  const ConstantCop constant(4.0);
  ConditionsIn c;
  c.supply_air_C = 20.0;
  const CoolingModel& a = moore;  // through the common interface
  const CoolingModel& b = constant;
  EXPECT_NEAR(a.cooling_power_W(10000.0, c), 3130.870, 1e-3);
  EXPECT_NEAR(b.cooling_power_W(10000.0, c), 2500.0, 1e-12);
  EXPECT_EQ(a.cooling_power_W(-5.0, c), 0.0);
  EXPECT_EQ(b.cooling_power_W(-5.0, c), 0.0);
}

TEST(CopModels, RejectsInvalidParameters) {
  // Reference: COP must be positive; 0.0068 T^2 + 0.0008 T - 0.1 has a real root, so COP would reach 0.
  EXPECT_THROW(ConstantCop(0.0), std::invalid_argument);
  EXPECT_THROW(ConstantCop(-3.0), std::invalid_argument);
  EXPECT_THROW(MooreCracCop(-0.1, 0.0008, 0.0068), std::invalid_argument);
  EXPECT_NO_THROW(MooreCracCop(0.458, 0.0008, 0.0068));
}
