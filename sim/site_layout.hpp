// The site expanded from its scenario: every server, rack and hall as compact arrays (100,000 servers take
// a few MB), the network plan, and the model instances (power curves, switches, power chain, cooling)
// built from the scenario's parameters. No SimGrid here: platform.cpp builds the SimGrid side from this.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/cooling/cop_models.hpp"
#include "models/network/switch_power.hpp"
#include "models/network/topology.hpp"
#include "models/power/power_chain.hpp"
#include "models/power/server_power.hpp"
#include "sim/scenario.hpp"

namespace dcsim {

struct SiteLayout {
  // Per server (index = server id, in hall/rack/slot order).
  std::vector<std::uint16_t> server_type;
  std::vector<std::uint16_t> server_hall;
  std::vector<std::uint32_t> server_rack;
  // Per rack.
  std::vector<std::uint16_t> rack_hall;
  std::vector<std::uint32_t> rack_first_server;
  std::vector<std::uint32_t> rack_server_count;
  std::vector<std::string> rack_names;  // hall/row-rack, e.g. "hall-a/r02-05"
  // Per hall.
  std::vector<std::string> hall_names;
  std::vector<long> hall_cores;
  std::vector<long> hall_servers;

  std::vector<power::ServerPowerModel> server_models;  // per server type
  std::vector<int> type_cores;
  std::vector<double> type_memory_B;

  network::TopologyPlan topology;
  std::vector<network::SwitchModel> switch_models;  // by name from the scenario, or a default per tier
  double network_static_W = 0;                       // all switches at zero traffic
  double network_peak_W = 0;

  std::unique_ptr<power::PowerChain> power_chain;
  std::unique_ptr<cooling::CoolingModel> cooling;
  double design_it_W = 0;  // all servers at peak + switches at peak: sizes the UPS when units = auto

  long servers() const { return static_cast<long>(server_type.size()); }
  long racks() const { return static_cast<long>(rack_hall.size()); }
  int halls() const { return static_cast<int>(hall_names.size()); }
};

// Throws InputErrors (naming the scenario file) where the models reject the parameters.
SiteLayout build_site_layout(const Scenario& scenario);

}  // namespace dcsim
