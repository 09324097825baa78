// Builds the SimGrid platform for a site: every server a host (its P-state speeds, its cores) and the
// network as a root star zone of pod star zones. A server's route to its pod centre crosses its NIC link
// and its rack's aggregate uplink; a pod's route to the site centre crosses the pod's aggregate uplink. So
// flows between racks contend on the rack uplinks (oversubscription), flows between pods on the pod
// uplinks, and the whole platform seals in seconds at 100,000 servers (SIMGRID.md: nested per-rack zones
// take minutes). Caveat: traffic between two servers of one rack also crosses that rack's uplink bundle.
#pragma once
#include <vector>

#include "sim/site_layout.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace dcsim {

struct Platform {
  std::vector<simgrid::s4u::Host*> hosts;       // per server id
  std::vector<simgrid::s4u::Link*> rack_uplinks;  // per rack (split-duplex, "UP" side)
  std::vector<simgrid::s4u::Link*> pod_uplinks;   // per pod (empty with one pod)
  long links = 0;
};

struct PlatformOptions {
  double hop_latency_s = 1e-6;
  double server_link_Bps = 25e9 / 8;
  bool energy_properties = false;  // set wattage_per_state/wattage_off for SimGrid's host-energy plugin
};

// Needs a live simgrid::s4u::Engine. Builds and seals everything.
Platform build_platform(const SiteLayout& layout, const PlatformOptions& options);

}  // namespace dcsim
