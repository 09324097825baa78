// dcsim's power model and exact integration against SimGrid's host-energy plugin on a small case: the
// platform dcsim builds (with the plugin's wattage properties from dcsim's own power model) runs execs
// that give a known utilization schedule; the plugin's joules must equal dcsim's integral of the same
// schedule. One SimGrid engine per process: this file holds one test.
#include <gtest/gtest.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>

#include "models/power/energy_integrator.hpp"
#include "sim/platform.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/site_layout.hpp"

namespace sg4 = simgrid::s4u;

TEST(EnergyVsSimGrid, PiecewiseScheduleMatchesHostEnergyPlugin) {
  // 2 racks x 4 servers of 4 cores, 1 Gf per core, 100 W idle / 200 W peak (tests/data/small_site.yaml).
  const auto sc = dcsim::load_scenario(DCSIM_SOURCE_DIR "/tests/data/small_site.yaml");
  const auto layout = dcsim::build_site_layout(sc);
  int argc = 2;
  char a0[] = "test", a1[] = "--log=root.thres:critical";
  char* argv[] = {a0, a1, nullptr};
  sg4::Engine engine(&argc, argv);
  sg_host_energy_plugin_init();
  dcsim::PlatformOptions opt;
  opt.energy_properties = true;
  const auto platform = dcsim::build_platform(layout, opt);
  sg4::Host* h0 = platform.hosts[0];
  sg4::Host* h1 = platform.hosts[5];
  const double speed = 1e9;
  // Schedule: host 0 runs 2 cores for 100 s, then 4 cores for 50 s, then idles to t = 200 s.
  //           host 1 runs 1 core from t = 20 s for 80 s, then idles.
  sg4::Actor::create("load0", h0, [&] {
    std::vector<sg4::ExecPtr> e;
    for (int c = 0; c < 2; ++c) e.push_back(sg4::Exec::init()->set_flops_amount(100 * speed)->set_host(h0)->start());
    for (auto& x : e) x->wait();
    e.clear();
    for (int c = 0; c < 4; ++c) e.push_back(sg4::Exec::init()->set_flops_amount(50 * speed)->set_host(h0)->start());
    for (auto& x : e) x->wait();
    sg4::this_actor::sleep_until(200);
  });
  sg4::Actor::create("load1", h1, [&] {
    sg4::this_actor::sleep_until(20);
    sg4::Exec::init()->set_flops_amount(80 * speed)->set_host(h1)->start()->wait();
    sg4::this_actor::sleep_until(200);
  });
  engine.run();
  ASSERT_DOUBLE_EQ(sg4::Engine::get_clock(), 200);

  // dcsim: the same schedule through dcsim's power model and exact integrator.
  const auto& model = layout.server_models[0];
  dcsim::power::PiecewiseConstantEnergy e0, e1;
  e0.set(0, model.power_W(0.5, 0));
  e0.set(100, model.power_W(1.0, 0));
  e0.set(150, model.power_W(0.0, 0));
  e1.set(0, model.power_W(0.0, 0));
  e1.set(20, model.power_W(0.25, 0));
  e1.set(100, model.power_W(0.0, 0));
  // Hand values: host 0 = 150 W x 100 s + 200 W x 50 s + 100 W x 50 s = 30,000 J;
  //              host 1 = 100 W x 20 s + 125 W x 80 s + 100 W x 100 s = 22,000 J.
  EXPECT_NEAR(e0.energy_J(200), 30000.0, 1e-9);
  EXPECT_NEAR(e1.energy_J(200), 22000.0, 1e-9);
  EXPECT_NEAR(sg_host_get_consumed_energy(h0), e0.energy_J(200), 1e-6 * 30000);
  EXPECT_NEAR(sg_host_get_consumed_energy(h1), e1.energy_J(200), 1e-6 * 22000);
  // An untouched host: idle all along.
  EXPECT_NEAR(sg_host_get_consumed_energy(platform.hosts[7]), 100.0 * 200, 1e-6);
}
