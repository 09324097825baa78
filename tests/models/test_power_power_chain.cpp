#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/power/power_chain.hpp"

using namespace dcsim::power;

namespace {
UpsModel one_module(UpsLossCoefficients k) {
  UpsConfig c;
  c.loss = k;
  c.unit_rating_W = 1e6;
  c.units_needed = 1;
  return UpsModel(c);
}
}  // namespace

// Reference: design/MODELS.md preset efficiencies (Schneider WP113 form), within 0.01:
// legacy 0.77 / 0.93, modern transformerless 0.92 / 0.963, eco 0.97 / 0.988 at 10% / 75% load.
TEST(Ups, PresetEfficiencies) {
  EXPECT_NEAR(one_module(kUpsLegacyDoubleConversion).efficiency(0.10e6), 0.77, 0.01);
  EXPECT_NEAR(one_module(kUpsLegacyDoubleConversion).efficiency(0.75e6), 0.93, 0.01);
  EXPECT_NEAR(one_module(kUpsModernTransformerless).efficiency(0.10e6), 0.92, 0.01);
  EXPECT_NEAR(one_module(kUpsModernTransformerless).efficiency(0.75e6), 0.963, 0.01);
  EXPECT_NEAR(one_module(kUpsEcoMode).efficiency(0.10e6), 0.97, 0.01);
  EXPECT_NEAR(one_module(kUpsEcoMode).efficiency(0.75e6), 0.988, 0.01);
}

// Reference (hand computation): legacy at x = 0.1 on 1 MW: 0.029 + 0.00115 + 0.000347 = 0.030497 -> 30,497 W;
// at zero load only the constant term remains: 29,000 W.
TEST(Ups, LossHandComputed) {
  EXPECT_NEAR(one_module(kUpsLegacyDoubleConversion).loss_W(0.1e6), 30497.0, 1e-6);
  EXPECT_NEAR(one_module(kUpsLegacyDoubleConversion).loss_W(0.0), 29000.0, 1e-6);
  EXPECT_NEAR(one_module(kUpsLegacyDoubleConversion).efficiency(0.0), 0.0, 0.0);
}

// Reference (hand computation, modern transformerless, N = 2 modules of 500 kW, load 600 kW):
//   N:   2 modules, x = 0.6:  0.0055 + 0.0183 + 0.000072 = 0.023872 x 1.0 MW = 23,872 W
//   N+1: 3 modules, x = 0.4:  0.0055 + 0.0122 + 0.000032 = 0.017732 x 1.5 MW = 26,598 W
//   2N:  4 modules, x = 0.3:  0.0055 + 0.00915 + 0.000018 = 0.014668 x 2.0 MW = 29,336 W
TEST(Ups, RedundancyRaisesLosses) {
  UpsConfig c;
  c.loss = kUpsModernTransformerless;
  c.unit_rating_W = 500e3;
  c.units_needed = 2;
  c.redundancy = UpsRedundancy::N;
  const UpsModel n(c);
  c.redundancy = UpsRedundancy::NPlus1;
  const UpsModel n1(c);
  c.redundancy = UpsRedundancy::TwoN;
  const UpsModel n2(c);
  EXPECT_EQ(n.active_modules(), 2);
  EXPECT_EQ(n1.active_modules(), 3);
  EXPECT_EQ(n2.active_modules(), 4);
  EXPECT_NEAR(n.loss_W(600e3), 23872.0, 1e-6);
  EXPECT_NEAR(n1.loss_W(600e3), 26598.0, 1e-6);
  EXPECT_NEAR(n2.loss_W(600e3), 29336.0, 1e-6);
  EXPECT_NEAR(n2.module_load_fraction(600e3), 0.3, 1e-12);
  // Capacity is N x rating whatever the redundancy: 1 MW.
  EXPECT_FALSE(n2.overloaded(1.0e6));
  EXPECT_TRUE(n2.overloaded(1.0e6 + 1.0));
}

// Reference: N = ceil(design / rating): 1 MW / 250 kW = 4; 1.1 MW / 250 kW = 5; 0 W -> 1.
TEST(Ups, SizedFor) {
  EXPECT_EQ(UpsConfig::sized_for(1e6, 250e3, UpsRedundancy::N).units_needed, 4);
  EXPECT_EQ(UpsConfig::sized_for(1.1e6, 250e3, UpsRedundancy::N).units_needed, 5);
  EXPECT_EQ(UpsConfig::sized_for(0.0, 250e3, UpsRedundancy::N).units_needed, 1);
}

// Reference (hand computation): IT 1 MW, cooling 300 kW, PDU 2%, UPS modern N = 3 x 500 kW, transformer 1.5%.
//   PDU loss 20,000 W; UPS load 1,020,000 W, x = 0.68:
//   UPS loss = (0.0055 + 0.0305*0.68 + 0.0002*0.4624) x 1.5 MW = 0.02633248 x 1.5e6 = 39,498.72 W
//   transformer load = 1,020,000 + 39,498.72 + 300,000 = 1,359,498.72 W; loss 1.5% = 20,392.4808 W
//   facility = 1,379,891.2008 W; heat to room = PDU + UPS losses = 59,498.72 W.
TEST(PowerChain, HandComputedChain) {
  PowerChainConfig cfg;
  cfg.ups.units_needed = 3;
  cfg.ups.unit_rating_W = 500e3;
  const PowerChain chain(cfg);
  const PowerChainResult r = chain.evaluate(1e6, 3e5);
  EXPECT_NEAR(r.pdu_loss_W, 20000.0, 1e-6);
  EXPECT_NEAR(r.ups_load_W, 1020000.0, 1e-6);
  EXPECT_NEAR(r.ups_module_load_fraction, 0.68, 1e-12);
  EXPECT_NEAR(r.ups_loss_W, 39498.72, 1e-6);
  EXPECT_NEAR(r.transformer_loss_W, 20392.4808, 1e-6);
  EXPECT_NEAR(r.facility_W, 1379891.2008, 1e-6);
  EXPECT_NEAR(r.heat_to_room_W, 59498.72, 1e-6);
  EXPECT_FALSE(r.ups_overloaded);
  // Invariant: facility = IT + cooling + losses, to 1e-9 relative.
  EXPECT_NEAR(r.facility_W, r.it_W + r.cooling_W + r.losses_W(), 1e-9 * r.facility_W);
}

// Reference: with cooling on the UPS, the UPS carries IT + PDU loss + cooling (1,320,000 W, x = 0.88) and the
// invariant still holds; heat fractions scale the room heat (0.5 x PDU + 0 x UPS + 1 x transformer).
TEST(PowerChain, CoolingOnUpsAndHeatFractions) {
  PowerChainConfig cfg;
  cfg.ups.units_needed = 3;
  cfg.ups.unit_rating_W = 500e3;
  cfg.cooling_on_ups = true;
  cfg.pdu.heat_to_room_fraction = 0.5;
  cfg.ups.heat_to_room_fraction = 0.0;
  cfg.transformer.heat_to_room_fraction = 1.0;
  const PowerChain chain(cfg);
  const PowerChainResult r = chain.evaluate(1e6, 3e5);
  EXPECT_NEAR(r.ups_load_W, 1320000.0, 1e-6);
  EXPECT_NEAR(r.ups_module_load_fraction, 0.88, 1e-12);
  EXPECT_NEAR(r.facility_W, r.it_W + r.cooling_W + r.losses_W(), 1e-9 * r.facility_W);
  EXPECT_NEAR(r.heat_to_room_W, 0.5 * r.pdu_loss_W + r.transformer_loss_W, 1e-9);
  // Overload: UPS load above 1.5 MW (3 x 500 kW).
  EXPECT_FALSE(chain.overloaded(1e6, 3e5));
  EXPECT_TRUE(chain.overloaded(1.2e6, 3e5));  // 1.2e6 * 1.02 + 3e5 = 1.524 MW
  EXPECT_TRUE(chain.evaluate(1.2e6, 3e5).ups_overloaded);
}

// Reference: transformer_for_rating gives 0.2% no-load + 1.3% of load: 1.5% (15 kW) at a rated 1 MW.
TEST(PowerChain, TransformerForRating) {
  const LinearLoss t = LinearLoss::transformer_for_rating(1e6);
  EXPECT_NEAR(t.loss_W(1e6), 15000.0, 1e-6);
  EXPECT_NEAR(t.loss_W(0.0), 2000.0, 1e-9);
  EXPECT_NEAR(t.heat_to_room_fraction, 0.0, 0.0);
}

// Reference: validation rules in power_chain.hpp.
TEST(PowerChain, RejectsInvalidConfig) {
  PowerChainConfig unsized;  // units_needed defaults to 0: must be sized
  EXPECT_THROW(PowerChain{unsized}, std::invalid_argument);
  PowerChainConfig cfg;
  cfg.ups.units_needed = 1;
  cfg.pdu.load_fraction = -0.01;
  EXPECT_THROW(PowerChain{cfg}, std::invalid_argument);
  cfg.pdu.load_fraction = 0.02;
  cfg.transformer.heat_to_room_fraction = 1.5;
  EXPECT_THROW(PowerChain{cfg}, std::invalid_argument);
  cfg.transformer.heat_to_room_fraction = 0.0;
  cfg.ups.unit_rating_W = 0.0;
  EXPECT_THROW(PowerChain{cfg}, std::invalid_argument);
  cfg.ups.unit_rating_W = 1e5;
  cfg.ups.loss = UpsLossCoefficients{0.0, 0.0, -0.1};
  EXPECT_THROW(PowerChain{cfg}, std::invalid_argument);
  EXPECT_THROW(UpsConfig::sized_for(-1.0, 1e5, UpsRedundancy::N), std::invalid_argument);
}
