// The platform's network against hand calculations with SimGrid's LV08 model (bandwidth x 0.97, latency x
// 13.01; MODELS.md): one flow's time, and contention on an oversubscribed rack uplink. One test per
// process (one SimGrid engine each).
#include <gtest/gtest.h>
#include <simgrid/s4u.hpp>

#include "sim/platform.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/site_layout.hpp"

namespace sg4 = simgrid::s4u;

struct Net {
  dcsim::Scenario sc;
  dcsim::SiteLayout layout;
  dcsim::Platform platform;
};

static Net build(sg4::Engine&) {
  // small_site: 2 racks x 4 servers, 10 Gbps NICs, leaf uplinks 10 Gbps at 4:1 -> 1 uplink of 10 Gbps per
  // rack; a single pod, so no pod uplink. Hop latency 10 us.
  Net n{dcsim::load_scenario(DCSIM_SOURCE_DIR "/tests/data/small_site.yaml"), {}, {}};
  n.layout = dcsim::build_site_layout(n.sc);
  dcsim::PlatformOptions opt;
  opt.hop_latency_s = n.sc.network.hop_latency_s;
  opt.server_link_Bps = n.sc.network.server_link_Bps;
  n.platform = dcsim::build_platform(n.layout, opt);
  return n;
}


TEST(Network, OneFlowAcrossRacksTakesHandComputedTime) {
  int argc = 2;
  char a0[] = "test", a1[] = "--log=root.thres:critical";
  char* argv[] = {a0, a1, nullptr};
  sg4::Engine engine(&argc, argv);
  auto n = build(engine);
  ASSERT_EQ(n.layout.topology.rack_uplink_Bps[0], 10e9 / 8);
  const double bytes = 1e9;
  double done = -1;
  sg4::Actor::create("send", n.platform.hosts[0], [&] {
    sg4::Comm::sendto_async(n.platform.hosts[0], n.platform.hosts[4], bytes)->wait();
    done = sg4::Engine::get_clock();
  });
  engine.run();
  // Route: NIC0 up, rack0 up, rack1 down, NIC4 down = 4 hops of 10 us; every link 10 Gbps.
  const double latency = 4 * 10e-6 * 13.01;
  const double expected = latency + bytes / (10e9 / 8 * 0.97);
  EXPECT_NEAR(done, expected, 1e-6 * expected);
}

TEST(Network, TwoFlowsShareTheOversubscribedRackUplink) {
  int argc = 2;
  char a0[] = "test", a1[] = "--log=root.thres:critical";
  char* argv[] = {a0, a1, nullptr};
  sg4::Engine engine(&argc, argv);
  auto n = build(engine);
  const double bytes = 1e9;
  std::vector<double> done(2, -1);
  for (int i = 0; i < 2; ++i) {
    sg4::Actor::create("send" + std::to_string(i), n.platform.hosts[i], [&, i] {
      sg4::Comm::sendto_async(n.platform.hosts[i], n.platform.hosts[4 + i], bytes)->wait();
      done[i] = sg4::Engine::get_clock();
    });
  }
  engine.run();
  // Both flows cross rack 0's single 10 Gbps uplink: each gets half of it (max-min fairness).
  const double expected = 4 * 10e-6 * 13.01 + bytes / (10e9 / 8 * 0.97 / 2);
  EXPECT_NEAR(done[0], expected, 1e-6 * expected);
  EXPECT_NEAR(done[1], expected, 1e-6 * expected);
}
