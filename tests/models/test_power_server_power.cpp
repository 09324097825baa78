#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/power/server_power.hpp"

using namespace dcsim::power;

// Reference: design/MODELS.md, HP ProLiant ML110 G4 SPECpower table (86 ... 117 W at 0%..100%).
// 55% is interpolated by hand halfway between 50% (102 W) and 60% (106 W): 104 W.
TEST(PowerCurve, Ml110G4Table) {
  const PowerCurve c = hp_proliant_ml110_g4();
  EXPECT_NEAR(c.power_W(0.0), 86.0, 1e-9);
  EXPECT_NEAR(c.power_W(0.1), 89.4, 1e-9);
  EXPECT_NEAR(c.power_W(0.55), 104.0, 1e-9);
  EXPECT_NEAR(c.power_W(1.0), 117.0, 1e-9);
  EXPECT_NEAR(c.idle_W(), 86.0, 1e-12);
  EXPECT_NEAR(c.peak_W(), 117.0, 1e-12);
}

// Reference: design/MODELS.md, HP ProLiant ML110 G5 (93.7 ... 135 W); 55% halfway between 116 and 121 W.
TEST(PowerCurve, Ml110G5Table) {
  const PowerCurve c = hp_proliant_ml110_g5();
  EXPECT_NEAR(c.power_W(0.0), 93.7, 1e-9);
  EXPECT_NEAR(c.power_W(0.1), 97.0, 1e-9);
  EXPECT_NEAR(c.power_W(0.55), 118.5, 1e-9);
  EXPECT_NEAR(c.power_W(1.0), 135.0, 1e-9);
  // 0.97 between 90% (133) and 100% (135): 133 + 0.7 * 2 = 134.4 W (hand computation).
  EXPECT_NEAR(c.power_W(0.97), 134.4, 1e-9);
}

// Reference: analytic linear model P = idle + (peak - idle) u; 100 + 0.3 * 150 = 145 W.
TEST(PowerCurve, LinearIdlePeak) {
  const PowerCurve c = PowerCurve::linear(100.0, 250.0);
  EXPECT_NEAR(c.power_W(0.0), 100.0, 1e-12);
  EXPECT_NEAR(c.power_W(0.3), 145.0, 1e-9);
  EXPECT_NEAR(c.power_W(1.0), 250.0, 1e-12);
  EXPECT_TRUE(c.is_linear());
}

// Reference: SimGrid host-energy plugin documentation (design/MODELS.md): 4 cores, "100:120:200" gives
// 100 W idle, then 140, 160, 180, 200 W at 1..4 busy cores; half a busy core: 120 + 80 * 0.125 = 130 W.
TEST(PowerCurve, SimGridFourCores) {
  const PowerCurve c = PowerCurve::from_simgrid_cores(100.0, 120.0, 200.0, 4);
  EXPECT_NEAR(c.power_W(0.0), 100.0, 1e-12);
  EXPECT_NEAR(c.power_W(1.0 / 4), 140.0, 1e-9);
  EXPECT_NEAR(c.power_W(2.0 / 4), 160.0, 1e-9);
  EXPECT_NEAR(c.power_W(3.0 / 4), 180.0, 1e-9);
  EXPECT_NEAR(c.power_W(4.0 / 4), 200.0, 1e-9);
  EXPECT_NEAR(c.power_W(0.5 / 4), 130.0, 1e-9);
  EXPECT_NEAR(c.power_W(1e-12), 120.0, 1e-6);  // epsilon: something runs, almost no load
  EXPECT_EQ(to_simgrid_wattage(c), "100:120:200");
}

// Reference: the curve definition clamps u to [0,1]; NaN is treated as "nothing runs" (the idle value).
TEST(PowerCurve, ClampsUtilization) {
  const PowerCurve c = hp_proliant_ml110_g4();
  EXPECT_NEAR(c.power_W(-0.5), 86.0, 1e-12);
  EXPECT_NEAR(c.power_W(1.5), 117.0, 1e-12);
  EXPECT_NEAR(c.power_W(std::numeric_limits<double>::infinity()), 117.0, 1e-12);
  EXPECT_NEAR(c.power_W(std::numeric_limits<double>::quiet_NaN()), 86.0, 1e-12);
}

// Reference: validation rules in server_power.hpp (N >= 2, finite, >= 0, peak >= idle, cores >= 1).
TEST(PowerCurve, RejectsInvalidInput) {
  EXPECT_THROW(PowerCurve::table({100.0}), std::invalid_argument);
  EXPECT_THROW(PowerCurve::table({}), std::invalid_argument);
  EXPECT_THROW(PowerCurve::table({100.0, -1.0, 120.0}), std::invalid_argument);
  EXPECT_THROW(PowerCurve::table({100.0, std::nan(""), 120.0}), std::invalid_argument);
  EXPECT_THROW(PowerCurve::linear(200.0, 100.0), std::invalid_argument);
  EXPECT_THROW(PowerCurve::linear(-1.0, 100.0), std::invalid_argument);
  EXPECT_THROW(PowerCurve::from_simgrid_cores(100.0, 120.0, 200.0, 0), std::invalid_argument);
}

// Reference: SimGrid's own DVFS example (host_energy.cpp docs): speeds 100, 50, 20 Mf with
// "95.0:120.0:200.0, 93.0:115.0:170.0, 90.0:110.0:150.0"; P-state 1 at half load: 115 + 55 * 0.5 = 142.5 W.
TEST(ServerPowerModel, PStatesAndSimGridString) {
  const ServerPowerModel m({{100e6, PowerCurve::from_simgrid_cores(95, 120, 200, 4)},
                            {50e6, PowerCurve::from_simgrid_cores(93, 115, 170, 4)},
                            {20e6, PowerCurve::from_simgrid_cores(90, 110, 150, 4)}},
                           ServerPowerStates{10.0, 5.0, 120.0, 150.0, 30.0, 110.0});
  EXPECT_EQ(m.pstate_count(), 3);
  EXPECT_NEAR(m.power_W(0.5, 1), 142.5, 1e-9);
  EXPECT_NEAR(m.power_W(0.0, 2), 90.0, 1e-12);
  EXPECT_EQ(to_simgrid_wattage_per_state(m), "95:120:200,93:115:170,90:110:150");
  // Power states: off 10 W, sleep 5 W, boot 150 W for 120 s (18 kJ), shutdown 110 W for 30 s (3.3 kJ).
  EXPECT_NEAR(m.power_W(HostPowerState::Off, 0.9, 0), 10.0, 1e-12);
  EXPECT_NEAR(m.power_W(HostPowerState::Sleep, 0.9, 0), 5.0, 1e-12);
  EXPECT_NEAR(m.power_W(HostPowerState::Booting, 0.0, 0), 150.0, 1e-12);
  EXPECT_NEAR(m.power_W(HostPowerState::ShuttingDown, 0.0, 0), 110.0, 1e-12);
  EXPECT_NEAR(m.power_W(HostPowerState::On, 1.0, 0), 200.0, 1e-12);
  EXPECT_NEAR(m.boot_energy_J(), 18000.0, 1e-9);
  EXPECT_NEAR(m.shutdown_energy_J(), 3300.0, 1e-9);
  EXPECT_THROW(m.power_W(0.5, 3), std::out_of_range);
  EXPECT_THROW(m.power_W(0.5, -1), std::out_of_range);
}

// Reference: a linear idle/peak curve has epsilon = idle in SimGrid's form; a SPECpower table is not linear
// (ML110 G4: 89.4 W at 10% vs 89.1 W on the 86-117 line) and cannot be expressed.
TEST(ServerPowerModel, SimGridStringForms) {
  EXPECT_EQ(to_simgrid_wattage(PowerCurve::linear(93.7, 135.0)), "93.7:93.7:135");
  EXPECT_EQ(to_simgrid_wattage(PowerCurve::table({100, 125, 150})), "100:100:150");
  EXPECT_THROW(to_simgrid_wattage(hp_proliant_ml110_g4()), std::invalid_argument);
  EXPECT_FALSE(hp_proliant_ml110_g4().is_linear());
}

// Reference: validation rules (P-states non-empty, speeds > 0 and non-increasing, state values >= 0).
TEST(ServerPowerModel, RejectsInvalidInput) {
  EXPECT_THROW(ServerPowerModel({}), std::invalid_argument);
  EXPECT_THROW(ServerPowerModel({{0.0, PowerCurve::linear(1, 2)}}), std::invalid_argument);
  EXPECT_THROW(ServerPowerModel({{1e9, PowerCurve::linear(1, 2)}, {2e9, PowerCurve::linear(1, 2)}}),
               std::invalid_argument);
  ServerPowerStates bad;
  bad.off_W = -1.0;
  EXPECT_THROW(ServerPowerModel::single(PowerCurve::linear(1, 2), 1e9, bad), std::invalid_argument);
  ServerPowerStates bad_time;
  bad_time.boot_time_s = std::nan("");
  EXPECT_THROW(ServerPowerModel::single(PowerCurve::linear(1, 2), 1e9, bad_time), std::invalid_argument);
}
