#include "sim/platform.hpp"

#include <simgrid/s4u.hpp>
#include <string>

namespace dcsim {
namespace sg4 = simgrid::s4u;

Platform build_platform(const SiteLayout& L, const PlatformOptions& opt) {
  Platform P;
  P.hosts.resize(L.servers(), nullptr);
  P.rack_uplinks.resize(L.racks(), nullptr);
  const auto& plan = L.topology;
  const int pods = std::max(1, plan.pods);

  auto* root = sg4::create_star_zone("site");
  std::vector<std::vector<long>> pod_racks(pods);
  for (long r = 0; r < L.racks(); ++r) {
    const int pod = plan.rack_pod.empty() ? 0 : plan.rack_pod[r];
    pod_racks[pod].push_back(r);
  }
  // Per server type: the speed of each P-state (SimGrid takes the per-core speed).
  std::vector<std::vector<double>> speeds(L.server_models.size());
  for (size_t t = 0; t < L.server_models.size(); ++t)
    for (int p = 0; p < L.server_models[t].pstate_count(); ++p)
      speeds[t].push_back(L.server_models[t].pstate_at(p).core_speed_flops);

  for (int pod = 0; pod < pods; ++pod) {
    auto* zone = sg4::create_star_zone("pod-" + std::to_string(pod));
    zone->set_parent(root);
    auto* gateway = zone->create_router("pod-" + std::to_string(pod) + "-gw");
    zone->add_route(gateway, nullptr, nullptr, nullptr, {}, true);
    for (long r : pod_racks[pod]) {
      const double uplink_Bps = plan.rack_uplink_Bps.empty() ? opt.server_link_Bps : plan.rack_uplink_Bps[r];
      auto* rack_link = zone->create_split_duplex_link("rack-" + std::to_string(r) + "-up", uplink_Bps);
      rack_link->set_latency(opt.hop_latency_s)->seal();
      P.rack_uplinks[r] = rack_link->get_link_up();
      ++P.links;
      const long first = L.rack_first_server[r];
      for (long s = first; s < first + static_cast<long>(L.rack_server_count[r]); ++s) {
        const int type = L.server_type[s];
        auto* host = zone->create_host("s" + std::to_string(s), speeds[type]);
        host->set_core_count(L.type_cores[type]);
        if (opt.energy_properties) {
          host->set_property("wattage_per_state", power::to_simgrid_wattage_per_state(L.server_models[type]));
          host->set_property("wattage_off", std::to_string(L.server_models[type].off_W()));
        }
        host->seal();
        auto* nic = zone->create_split_duplex_link("nic-" + std::to_string(s), opt.server_link_Bps)
                        ->set_latency(opt.hop_latency_s)
                        ->seal();
        ++P.links;
        zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                        {sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::UP),
                         sg4::LinkInRoute(rack_link, sg4::LinkInRoute::Direction::UP)},
                        true);
        P.hosts[s] = host;
      }
    }
    zone->seal();
    std::vector<sg4::LinkInRoute> up;
    if (pods > 1) {
      auto* pod_link = root->create_split_duplex_link("pod-" + std::to_string(pod) + "-up", plan.pod_uplink_Bps[pod]);
      pod_link->set_latency(opt.hop_latency_s)->seal();
      P.pod_uplinks.push_back(pod_link->get_link_up());
      ++P.links;
      up.emplace_back(pod_link, sg4::LinkInRoute::Direction::UP);
    }
    root->add_route(zone->get_netpoint(), nullptr, gateway, nullptr, up, true);
  }
  root->seal();
  return P;
}

}  // namespace dcsim
