// Curves and chillers (Chiller:Electric:EIR DOE-2 centrifugal 5.50, Chiller:Electric 2-zone example).
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/cooling/chiller_eir.hpp"
#include "models/cooling/chiller_electric.hpp"
#include "models/cooling/curves.hpp"

using namespace dcsim::cooling;

TEST(CoolingCurves, FormsAndClamping) {
  // Hand computation of the json "_note" forms.
  const Quadratic q{{1.0, 2.0, 3.0}};
  EXPECT_NEAR(q(2.0), 1 + 4 + 12, 1e-12);
  const Cubic c{{1.0, -1.0, 0.5, 0.25}};
  EXPECT_NEAR(c(2.0), 1 - 2 + 2 + 2, 1e-12);
  const Biquadratic b{{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}};
  EXPECT_NEAR(b(1.0, 2.0), 1 + 2 + 3 + 8 + 20 + 12, 1e-12);
  // Inputs clamped to the validity range, as EnergyPlus does: (5, 2) evaluates as (1, 2).
  const Biquadratic bc{{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}, 0.0, 1.0, 0.0, 3.0};
  EXPECT_NEAR(bc(5.0, 2.0), b(1.0, 2.0), 1e-12);
  const Quadratic qc{{1.0, 2.0, 3.0}, 0.0, 1.0};
  EXPECT_NEAR(qc(-4.0), 1.0, 1e-12);
}

TEST(ChillerEir, Doe2CheckValues) {
  const ChillerEir chiller(doe2_centrifugal_5_50(1.0e6));
  // MODELS.md / json check: COP 5.51 at 6.67 C chilled water, 29.4 C condenser water, Q = Q_ref (PLR ~ 1),
  // tolerance 0.01.
  const ChillerResult r = chiller.operate(1.0e6, 6.67, 29.4);
  EXPECT_NEAR(r.cop, 5.51, 0.01);
  EXPECT_NEAR(r.plr, 1.0 / 1.0033419, 1e-6);  // CAPFT(6.67, 29.4) = 1.0033419 by hand
  EXPECT_NEAR(r.unmet_W, 0.0, 1e-9);
  // Same load with 24 C condenser water: COP 6.23 (json check value), tolerance 0.01.
  EXPECT_NEAR(chiller.operate(1.0e6, 6.67, 24.0).cop, 6.23, 0.01);
  // Energy balance: condenser heat = load + compressor power.
  EXPECT_NEAR(r.condenser_W, r.evaporator_W + r.power_W, 1e-6);
}

TEST(ChillerEir, PartLoadCyclingAndFalseLoading) {
  const ChillerEir chiller(doe2_centrifugal_5_50(1.0e6));
  // Hand computation (EnergyPlus sequence) at 6.67 / 29.4 C:
  // 500 kW: PLR 0.4983, P = 1.0033419e6/5.5 * 0.999088 * EIRFPLR(0.4983) = 90078.3 W.
  EXPECT_NEAR(chiller.operate(5.0e5, 6.67, 29.4).power_W, 90078.27, 0.5);
  // 150 kW: PLR 0.1495 (>= PLR_min 0.1, < unload 0.2): false loading, energy at PLR 0.2: P = 55430.3 W,
  // false load = Q_avail*0.2 - Q = 50668.4 W.
  const ChillerResult fl = chiller.operate(1.5e5, 6.67, 29.4);
  EXPECT_NEAR(fl.power_W, 55430.34, 0.5);
  EXPECT_NEAR(fl.false_load_W, 50668.38, 0.5);
  EXPECT_NEAR(fl.cycling_ratio, 1.0, 1e-12);
  // 50 kW: PLR 0.0498 < 0.1: cycles with FRAC = 0.4983 at PLR_e 0.2: P = 27622.9 W, false load = Q.
  const ChillerResult cy = chiller.operate(5.0e4, 6.67, 29.4);
  EXPECT_NEAR(cy.power_W, 27622.86, 0.5);
  EXPECT_NEAR(cy.cycling_ratio, 0.049833 / 0.1, 1e-4);
  EXPECT_NEAR(cy.false_load_W, 5.0e4, 1.0);
  // Off and overload.
  EXPECT_EQ(chiller.operate(0.0, 6.67, 29.4).power_W, 0.0);
  const ChillerResult over = chiller.operate(2.0e6, 6.67, 29.4);
  EXPECT_NEAR(over.unmet_W, 2.0e6 - 1.0033419e6, 1.0);  // capped at PLR_max * Q_avail
}

TEST(ChillerEir, CurvesNotExtrapolated) {
  const ChillerEir chiller(doe2_centrifugal_5_50(1.0e6));
  // Beyond the 5-10 C fit the curves are held at the boundary: 18 C performs as 10 C (hand: COP 5.8096 at 500 kW,
  // 29.4 C condenser water).
  EXPECT_NEAR(chiller.operate(5.0e5, 18.0, 29.4).cop, chiller.operate(5.0e5, 10.0, 29.4).cop, 1e-12);
  EXPECT_NEAR(chiller.operate(5.0e5, 10.0, 29.4).cop, 5.8096, 1e-3);
}

TEST(ChillerEir, RejectsBadParameters) {
  ChillerEirParams p = doe2_centrifugal_5_50(1.0e6);
  p.ref_cop = 0.0;
  EXPECT_THROW(ChillerEir{p}, std::invalid_argument);
  p = doe2_centrifugal_5_50(1.0e6);
  p.plr_min = 0.3;  // above the unloading limit 0.2
  EXPECT_THROW(ChillerEir{p}, std::invalid_argument);
  EXPECT_THROW(ChillerEir{doe2_centrifugal_5_50(-1.0)}, std::invalid_argument);
}

TEST(ChillerElectric, TwoZoneExample) {
  const ChillerElectric chiller(energyplus_2zone_chiller(1.0e6));
  // Hand computation at design temperatures (dT = 0): capratio 0.944836, powrat 1.004528, fullfrac(1) 0.99983:
  // COP = 5 / (1.004528 * 0.99983) = 4.9773 at full available capacity.
  const ChillerResult r = chiller.operate(0.944836e6, 6.667, 29.44);
  EXPECT_NEAR(r.available_capacity_W, 944836.0, 1e-3);
  EXPECT_NEAR(r.cop, 4.9773, 1e-3);
  // Half load: P = FullLoad(0.5292) * 1.004528 * 944836 / 5 = 90080.2 W (hand).
  EXPECT_NEAR(chiller.operate(5.0e5, 6.667, 29.44).power_W, 90080.24, 0.5);
  // Below PLR_min 0.15: 50 kW cycles, P = FullLoad(0.15) * powrat * Q_avail / 5 * (0.05292/0.15) = 9519.6 W.
  EXPECT_NEAR(chiller.operate(5.0e4, 6.667, 29.44).power_W, 9519.61, 0.5);
  // Colder condenser water (24 C) and 7 C chilled water: Q_avail 1069082.8 W, P(500 kW) = 81726.3 W (hand).
  const ChillerResult cold = chiller.operate(5.0e5, 7.0, 24.0);
  EXPECT_NEAR(cold.available_capacity_W, 1069082.77, 0.5);
  EXPECT_NEAR(cold.power_W, 81726.28, 0.5);
  EXPECT_NEAR(cold.condenser_W, 5.0e5 + cold.power_W, 1e-6);
}
