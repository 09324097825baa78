#include "sim/site_layout.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/input_error.hpp"

namespace dcsim {
namespace {

[[noreturn]] void fail(const Scenario& sc, const std::string& key, const std::string& message) {
  throw InputErrors(InputError{sc.file, 0, 0, key, message});
}

network::SwitchModel to_model(const SwitchModelSpec& s) {
  network::SwitchModel m;
  m.name = s.name;
  m.chassis_W = s.chassis_W;
  for (const auto& p : s.ports) m.port_groups.push_back({p.speed_Bps, p.count, p.port_W, 0.0});
  m.port_idle_fraction = s.idle_fraction;
  return m;
}

}  // namespace

SiteLayout build_site_layout(const Scenario& sc) {
  SiteLayout L;
  const long n = sc.server_count();
  L.server_type.reserve(n);
  L.server_hall.reserve(n);
  L.server_rack.reserve(n);

  for (const auto& t : sc.server_types) {
    power::ServerPowerStates states;
    states.off_W = t.off_W;
    states.sleep_W = t.sleep_W;
    states.boot_time_s = t.boot_time_s;
    states.boot_W = t.boot_W;
    states.shutdown_time_s = t.shutdown_time_s;
    states.shutdown_W = t.shutdown_W;
    std::vector<power::PState> pstates;
    for (const auto& p : t.pstates) {
      try {
        pstates.push_back({p.core_speed_flops, power::PowerCurve::table(p.power_curve_W)});
      } catch (const std::invalid_argument& e) {
        fail(sc, "server_types." + t.name, e.what());
      }
    }
    L.server_models.emplace_back(std::move(pstates), states);
    L.type_cores.push_back(t.cores);
    L.type_memory_B.push_back(t.memory_B);
  }

  for (size_t h = 0; h < sc.halls.size(); ++h) {
    const auto& hall = sc.halls[h];
    L.hall_names.push_back(hall.name);
    long hall_cores = 0, hall_servers = 0;
    int rack_in_hall = 0;
    for (const auto& group : hall.racks) {
      const auto& rt = sc.rack_types[group.rack_type];
      for (int r = 0; r < group.count; ++r, ++rack_in_hall) {
        char name[96];
        std::snprintf(name, sizeof name, "%s/r%02d-%02d", hall.name.c_str(), rack_in_hall / hall.racks_per_row,
                      rack_in_hall % hall.racks_per_row);
        const auto rack_id = static_cast<std::uint32_t>(L.rack_hall.size());
        L.rack_names.emplace_back(name);
        L.rack_hall.push_back(static_cast<std::uint16_t>(h));
        L.rack_first_server.push_back(static_cast<std::uint32_t>(L.server_type.size()));
        L.rack_server_count.push_back(static_cast<std::uint32_t>(rt.server_count()));
        for (const auto& sg : rt.servers) {
          for (int s = 0; s < sg.count; ++s) {
            L.server_type.push_back(static_cast<std::uint16_t>(sg.server_type));
            L.server_hall.push_back(static_cast<std::uint16_t>(h));
            L.server_rack.push_back(rack_id);
            hall_cores += L.type_cores[sg.server_type];
            ++hall_servers;
          }
        }
      }
    }
    L.hall_cores.push_back(hall_cores);
    L.hall_servers.push_back(hall_servers);
  }

  // Network plan.
  std::vector<int> servers_per_rack(L.rack_server_count.begin(), L.rack_server_count.end());
  const auto& net = sc.network;
  try {
    if (net.topology == "fat-tree") {
      L.topology = network::plan_fat_tree(servers_per_rack, net.fat_tree_port_Bps, net.fat_tree_k);
    } else {
      network::LeafSpineSpec ls;
      ls.servers_per_rack = servers_per_rack;
      ls.server_link_Bps = net.server_link_Bps;
      ls.leaf_uplink_Bps = net.leaf_uplink_Bps;
      ls.leaf_oversubscription = net.leaf_oversubscription;
      ls.spine_radix = net.spine_radix;
      ls.spine_port_Bps = net.spine_port_Bps;
      ls.spine_oversubscription = net.spine_oversubscription;
      L.topology = network::plan_leaf_spine(ls);
    }
  } catch (const std::exception& e) {
    fail(sc, "network", e.what());
  }

  // Switch power: the scenario's model for each tier, or a model built from the ports the plan uses.
  auto model_for = [&](const std::string& name, const network::SwitchInventoryEntry& entry) {
    for (const auto& s : net.switch_models)
      if (s.name == name) return to_model(s);
    return network::switch_from_ports(std::string("auto-") + network::tier_name(entry.tier), 150.0, entry.ports);
  };
  for (const auto& entry : L.topology.inventory) {
    std::string name;
    if (net.topology == "fat-tree") name = net.leaf_model;
    else if (entry.tier == network::SwitchTier::Leaf) name = net.leaf_model;
    else if (entry.tier == network::SwitchTier::Spine) name = net.spine_model;
    else name = net.super_spine_model;
    network::SwitchModel m = model_for(name, entry);
    try {
      m.validate();
    } catch (const std::exception& e) {
      fail(sc, "network.switch_models", e.what());
    }
    L.network_static_W += entry.count * m.idle_W();
    L.network_peak_W += entry.count * m.peak_W();
    L.switch_models.push_back(std::move(m));
  }

  // Design IT load: every server at its fastest P-state's peak, every switch at peak.
  double servers_peak = 0;
  for (long s = 0; s < n; ++s) servers_peak += L.server_models[L.server_type[s]].pstate_at(0).curve.peak_W();
  L.design_it_W = servers_peak + L.network_peak_W;

  // Power chain.
  const auto& p = sc.power;
  power::PowerChainConfig cfg;
  cfg.transformer.load_fraction = p.transformer_loss_fraction;
  cfg.transformer.no_load_W = p.transformer_no_load_W;
  cfg.transformer.heat_to_room_fraction = 0.0;  // outdoors: its losses are not a load on the room's cooling
  cfg.pdu.load_fraction = p.pdu_loss_fraction;
  cfg.pdu.no_load_W = p.pdu_no_load_W;
  cfg.pdu.heat_to_room_fraction = 1.0;
  power::UpsLossCoefficients loss = power::kUpsModernTransformerless;
  if (p.ups_preset == "legacy") loss = power::kUpsLegacyDoubleConversion;
  else if (p.ups_preset == "eco") loss = power::kUpsEcoMode;
  else if (p.ups_preset == "custom") loss = {p.ups_a, p.ups_b, p.ups_c};
  const auto redundancy = p.ups_redundancy == "2N"   ? power::UpsRedundancy::TwoN
                          : p.ups_redundancy == "N+1" ? power::UpsRedundancy::NPlus1
                                                      : power::UpsRedundancy::N;
  // The UPS carries the IT load after PDU losses.
  const double ups_design_W = L.design_it_W * (1 + p.pdu_loss_fraction) + p.pdu_no_load_W;
  cfg.ups = power::UpsConfig::sized_for(ups_design_W, p.ups_unit_rating_W, redundancy, loss);
  if (p.ups_units > 0) {
    if (p.ups_units < cfg.ups.units_needed) {
      char msg[200];
      std::snprintf(msg, sizeof msg,
                    "%d UPS units of %.0f kW cannot carry the design IT load of %.0f kW; expected at least %d",
                    p.ups_units, p.ups_unit_rating_W / 1e3, ups_design_W / 1e3, cfg.ups.units_needed);
      fail(sc, "power.ups.units", msg);
    }
    cfg.ups.units_needed = p.ups_units;
  }
  try {
    L.power_chain = std::make_unique<power::PowerChain>(cfg);
  } catch (const std::exception& e) {
    fail(sc, "power", e.what());
  }

  // Cooling: the design of sim/cooling_plant.hpp, sized for the design IT heat plus in-room chain losses.
  try {
    const double design_heat_W = L.design_it_W + L.power_chain->evaluate(L.design_it_W, 0.0).heat_to_room_W;
    L.cooling = build_cooling(sc.cooling, design_heat_W, std::max(1L, n));
  } catch (const std::exception& e) {
    fail(sc, "cooling", e.what());
  }
  return L;
}

}  // namespace dcsim
