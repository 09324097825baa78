// Switch power, following the structure of Mahadevan, Sharma, Banerjee, Ranganathan, "A Power Benchmarking
// Framework for Network Devices" (IFIP Networking 2009): a fixed chassis part plus per-port power that
// depends on the port's line rate and only weakly on traffic:
//
//   P = chassis_W + sum over port groups g: count_g * port_W_g * (f_idle + (1 - f_idle) * util_g)
//
//   chassis_W: fans, CPU, switching ASIC core, PSU losses; port_W: one active port at its line rate (SerDes/PHY,
//   plus the transceiver if the group includes optics); f_idle: share of port power drawn at zero traffic.
//
// Defaults (our assumptions, documented in docs/models/network.md):
//   f_idle = 0.9 (switches are nearly non-proportional, design/MODELS.md);
//   port_W without optics = 0.75 W per electrical lane: 0.75 W up to 25G (1 lane), 1.5 W at 50G, 3 W at
//   40G/100G/200G (4 lanes), 6 W at 400G/800G (8 lanes); 10GBASE-T copper 3 W (MODELS.md: 2-6 W).
//   Datasheet "typical" power = all listed ports active at 50% utilization, no pluggable optics (DAC);
//   chassis_W of each preset is the remainder, so the presets reproduce MODELS.md's typical figures:
//   32x100G 187 W; 48x10G + 4x40G 140 W; 48x10GBASE-T + 6x100G 263 W. Pluggable optics (1-2 W per SFP+,
//   8-9 W per 400G module) can be added per group with optics_W.
#pragma once
#include <span>
#include <string>
#include <vector>

namespace dcsim::network {

inline constexpr double kGbps = 1e9 / 8.0;  // bytes/s in one Gbit/s
inline constexpr double kDefaultPortIdleFraction = 0.9;
inline constexpr double kTypicalUtilization = 0.5;  // assumed load behind datasheet "typical" power

struct PortCount {
  double speed_Bps = 0.0;
  int count = 0;
};

struct SwitchPortGroup {
  double speed_Bps = 0.0;
  int count = 0;
  double port_W = 0.0;    // per active port, switch side
  double optics_W = 0.0;  // per port, pluggable transceiver (0 for DAC / copper)
};

struct SwitchModel {
  std::string name;
  double chassis_W = 0.0;
  std::vector<SwitchPortGroup> port_groups;
  double port_idle_fraction = kDefaultPortIdleFraction;

  // All groups at the same utilization (0..1, clamped).
  double power_W(double utilization) const;
  // One utilization per port group (size must match; std::invalid_argument otherwise).
  double power_W(std::span<const double> group_utilization) const;
  double idle_W() const { return power_W(0.0); }
  double peak_W() const { return power_W(1.0); }
  int port_count() const;
  // Throws std::invalid_argument on negative/non-finite values, counts < 0, f_idle outside [0,1].
  void validate() const;
};

// Switch-side power of one port at the given line rate (no optics); copper selects 10GBASE-T-style PHYs.
double default_port_W(double speed_Bps, bool copper = false);

// A switch with the given ports in use, default port power per speed.
SwitchModel switch_from_ports(std::string name, double chassis_W, const std::vector<PortCount>& ports,
                              double port_idle_fraction = kDefaultPortIdleFraction);

// Presets reproducing design/MODELS.md typical figures at kTypicalUtilization.
SwitchModel preset_32x100g();            // 187 W typical
SwitchModel preset_48x10g_4x40g();       // 140 W typical (SFP+ ports)
SwitchModel preset_48x10gt_6x100g();     // 263 W typical (10GBASE-T ports; datasheet max 381 W)
// By name: "32x100G", "48x10G+4x40G", "48x10GT+6x100G". Throws std::invalid_argument for others.
SwitchModel switch_preset(const std::string& name);

}  // namespace dcsim::network
