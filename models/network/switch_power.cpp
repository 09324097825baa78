#include "models/network/switch_power.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::network {
namespace {

double port_factor(double f_idle, double util) {
  const double u = std::clamp(std::isnan(util) ? 0.0 : util, 0.0, 1.0);
  return f_idle + (1.0 - f_idle) * u;
}

// Chassis power so that the switch draws typical_W at kTypicalUtilization.
SwitchModel fit_preset(std::string name, double typical_W, std::vector<SwitchPortGroup> groups) {
  SwitchModel m{std::move(name), 0.0, std::move(groups), kDefaultPortIdleFraction};
  m.chassis_W = typical_W - m.power_W(kTypicalUtilization);
  return m;
}

}  // namespace

double SwitchModel::power_W(double utilization) const {
  const double f = port_factor(port_idle_fraction, utilization);
  double ports = 0.0;
  for (const auto& g : port_groups) ports += g.count * (g.port_W + g.optics_W);
  return chassis_W + ports * f;
}

double SwitchModel::power_W(std::span<const double> group_utilization) const {
  if (group_utilization.size() != port_groups.size())
    throw std::invalid_argument("switch '" + name + "': " + std::to_string(group_utilization.size()) +
                                " utilizations given for " + std::to_string(port_groups.size()) + " port groups");
  double p = chassis_W;
  for (std::size_t i = 0; i < port_groups.size(); ++i) {
    const auto& g = port_groups[i];
    p += g.count * (g.port_W + g.optics_W) * port_factor(port_idle_fraction, group_utilization[i]);
  }
  return p;
}

int SwitchModel::port_count() const {
  int n = 0;
  for (const auto& g : port_groups) n += g.count;
  return n;
}

void SwitchModel::validate() const {
  auto bad = [&](const std::string& what) { throw std::invalid_argument("switch '" + name + "': " + what); };
  if (!std::isfinite(chassis_W) || chassis_W < 0.0) bad("chassis power must be finite and >= 0 W");
  if (!(port_idle_fraction >= 0.0 && port_idle_fraction <= 1.0)) bad("port idle fraction must be in [0, 1]");
  for (const auto& g : port_groups) {
    if (!std::isfinite(g.speed_Bps) || g.speed_Bps <= 0.0) bad("port speed must be > 0 bytes/s");
    if (g.count < 0) bad("port count must be >= 0");
    if (!std::isfinite(g.port_W) || g.port_W < 0.0) bad("port power must be finite and >= 0 W");
    if (!std::isfinite(g.optics_W) || g.optics_W < 0.0) bad("optics power must be finite and >= 0 W");
  }
}

double default_port_W(double speed_Bps, bool copper) {
  if (!std::isfinite(speed_Bps) || speed_Bps <= 0.0)
    throw std::invalid_argument("port speed must be > 0 bytes/s, got " + std::to_string(speed_Bps));
  const double gbps = speed_Bps / kGbps;
  constexpr double lane_W = 0.75;
  if (copper && gbps <= 10.0 + 1e-9) return gbps <= 1.0 + 1e-9 ? 0.5 : 3.0;  // 1000BASE-T / 10GBASE-T PHY
  if (gbps <= 25.0 + 1e-9) return lane_W;        // 1 lane (1G, 10G, 25G)
  if (gbps <= 50.0 + 1e-9 && std::abs(gbps - 40.0) > 1e-9) return 2 * lane_W;  // 50G: 2 x 25G (or 1 x 50G PAM4)
  if (gbps <= 200.0 + 1e-9) return 4 * lane_W;  // 40G (4x10G), 100G (4x25G), 200G (4x50G)
  return 8 * lane_W;                              // 400G (8x50G), 800G (8x100G)
}

SwitchModel switch_from_ports(std::string name, double chassis_W, const std::vector<PortCount>& ports,
                              double port_idle_fraction) {
  SwitchModel m{std::move(name), chassis_W, {}, port_idle_fraction};
  for (const auto& p : ports) m.port_groups.push_back({p.speed_Bps, p.count, default_port_W(p.speed_Bps), 0.0});
  m.validate();
  return m;
}

SwitchModel preset_32x100g() {
  return fit_preset("32x100G", 187.0, {{100 * kGbps, 32, default_port_W(100 * kGbps), 0.0}});
}

SwitchModel preset_48x10g_4x40g() {
  return fit_preset("48x10G+4x40G", 140.0,
                    {{10 * kGbps, 48, default_port_W(10 * kGbps), 0.0}, {40 * kGbps, 4, default_port_W(40 * kGbps), 0.0}});
}

SwitchModel preset_48x10gt_6x100g() {
  return fit_preset("48x10GT+6x100G", 263.0,
                    {{10 * kGbps, 48, default_port_W(10 * kGbps, true), 0.0},
                     {100 * kGbps, 6, default_port_W(100 * kGbps), 0.0}});
}

SwitchModel switch_preset(const std::string& name) {
  if (name == "32x100G") return preset_32x100g();
  if (name == "48x10G+4x40G") return preset_48x10g_4x40g();
  if (name == "48x10GT+6x100G") return preset_48x10gt_6x100g();
  throw std::invalid_argument("unknown switch preset '" + name +
                              "'; expected one of 32x100G, 48x10G+4x40G, 48x10GT+6x100G");
}

}  // namespace dcsim::network
