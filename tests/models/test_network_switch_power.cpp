#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/network/switch_power.hpp"

using namespace dcsim::network;

// Reference: design/MODELS.md typical figures (32x100G 187 W; 48x10G + 4x40G 140 W; 48x10G + 6x100G 263 W),
// under our stated assumption that "typical" means all listed ports active at 50% utilization, no optics.
TEST(SwitchPower, PresetsReproduceTypicalFigures) {
  EXPECT_NEAR(preset_32x100g().power_W(kTypicalUtilization), 187.0, 1e-9);
  EXPECT_NEAR(preset_48x10g_4x40g().power_W(kTypicalUtilization), 140.0, 1e-9);
  EXPECT_NEAR(preset_48x10gt_6x100g().power_W(kTypicalUtilization), 263.0, 1e-9);
  EXPECT_NEAR(switch_preset("48x10GT+6x100G").power_W(0.5), 263.0, 1e-9);
  EXPECT_THROW(switch_preset("64x400G"), std::invalid_argument);
}

// Reference (hand computation from the documented defaults: 0.75 W per lane, 10GBASE-T 3 W, f_idle 0.9):
//   32x100G: ports 32 x 3 = 96 W, x 0.95 at 50% = 91.2 W -> chassis 95.8 W; idle 95.8 + 86.4 = 182.2 W,
//            peak 95.8 + 96 = 191.8 W.
//   48x10G+4x40G: ports 36 + 12 = 48 W -> chassis 140 - 45.6 = 94.4 W.
//   48x10GT+6x100G: ports 144 + 18 = 162 W -> chassis 263 - 153.9 = 109.1 W; peak 271.1 W, below the
//   datasheet max of 381 W (MODELS.md), which also covers worst-case fans, PSU and optics.
TEST(SwitchPower, PresetComponentsHandComputed) {
  const SwitchModel a = preset_32x100g();
  EXPECT_NEAR(a.chassis_W, 95.8, 1e-9);
  EXPECT_NEAR(a.idle_W(), 182.2, 1e-9);
  EXPECT_NEAR(a.peak_W(), 191.8, 1e-9);
  EXPECT_EQ(a.port_count(), 32);
  EXPECT_NEAR(preset_48x10g_4x40g().chassis_W, 94.4, 1e-9);
  const SwitchModel c = preset_48x10gt_6x100g();
  EXPECT_NEAR(c.chassis_W, 109.1, 1e-9);
  EXPECT_NEAR(c.peak_W(), 271.1, 1e-9);
  EXPECT_LT(c.peak_W(), 381.0);
  // Near non-proportional (MODELS.md): idle within 5% of typical for every preset.
  for (const auto& m : {preset_32x100g(), preset_48x10g_4x40g(), preset_48x10gt_6x100g()})
    EXPECT_GT(m.idle_W() / m.power_W(0.5), 0.95) << m.name;
}

// Reference (hand computation): per-group utilization on 48x10G+4x40G, 10G ports at 100% and 40G idle:
// 94.4 + 36 x 1.0 + 12 x 0.9 = 141.2 W. Adding 1.5 W SFP+ optics (MODELS.md: 1-2 W) to the 48 ports at
// full load adds 72 W.
TEST(SwitchPower, PerGroupUtilizationAndOptics) {
  SwitchModel m = preset_48x10g_4x40g();
  const std::vector<double> util{1.0, 0.0};
  EXPECT_NEAR(m.power_W(util), 141.2, 1e-9);
  const std::vector<double> wrong{1.0};
  EXPECT_THROW(m.power_W(wrong), std::invalid_argument);
  const double before = m.power_W(1.0);
  m.port_groups[0].optics_W = 1.5;
  EXPECT_NEAR(m.power_W(1.0) - before, 72.0, 1e-9);
  // Utilization is clamped to [0,1].
  EXPECT_NEAR(m.power_W(2.0), m.power_W(1.0), 1e-12);
  EXPECT_NEAR(m.power_W(-1.0), m.power_W(0.0), 1e-12);
}

// Reference: documented lane rule (0.75 W per 25G-class lane) and copper PHY values.
TEST(SwitchPower, DefaultPortPowerAndFromPorts) {
  EXPECT_NEAR(default_port_W(10 * kGbps), 0.75, 1e-12);
  EXPECT_NEAR(default_port_W(25 * kGbps), 0.75, 1e-12);
  EXPECT_NEAR(default_port_W(40 * kGbps), 3.0, 1e-12);
  EXPECT_NEAR(default_port_W(50 * kGbps), 1.5, 1e-12);
  EXPECT_NEAR(default_port_W(100 * kGbps), 3.0, 1e-12);
  EXPECT_NEAR(default_port_W(400 * kGbps), 6.0, 1e-12);
  EXPECT_NEAR(default_port_W(10 * kGbps, true), 3.0, 1e-12);
  // 40 x 25G + 4 x 100G on a 100 W chassis at 50%: 100 + (30 + 12) x 0.95 = 139.9 W.
  const SwitchModel m = switch_from_ports("leaf", 100.0, {{25 * kGbps, 40}, {100 * kGbps, 4}});
  EXPECT_NEAR(m.power_W(0.5), 139.9, 1e-9);
  EXPECT_THROW(switch_from_ports("bad", -1.0, {{25 * kGbps, 40}}), std::invalid_argument);
  EXPECT_THROW(switch_from_ports("bad", 100.0, {{0.0, 40}}), std::invalid_argument);
  EXPECT_THROW(switch_from_ports("bad", 100.0, {{25 * kGbps, -1}}), std::invalid_argument);
}
