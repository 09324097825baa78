#include "models/thermal/server_thermal.hpp"

#include <algorithm>
#include <stdexcept>

namespace dcsim::thermal {

double leakage_factor(const LeakageParams& p, double inlet_C) {
  return 1.0 + p.per_K * std::max(0.0, inlet_C - p.reference_C);
}

double fan_airflow_ratio(const ServerFanParams& p, double load, double inlet_C) {
  const double u = std::clamp(load, 0.0, 1.0);
  const double r = p.base_ratio + p.load_slope * u + p.temp_slope_per_K * (inlet_C - p.reference_C);
  return std::clamp(r, p.min_ratio, 1.0);
}

double fan_power_W(const ServerFanParams& p, double load, double inlet_C) {
  const double r = fan_airflow_ratio(p, load, inlet_C);
  return p.max_power_W * r * r * r;
}

double server_power_W(const ServerThermalParams& p, double base_power_W, double load, double inlet_C) {
  return base_power_W * leakage_factor(p.leakage, inlet_C) + fan_power_W(p.fan, load, inlet_C);
}

void server_power_W(const ServerThermalParams& p, std::span<const double> base_W, std::span<const double> load,
                    std::span<const double> inlet_C, std::span<double> out_W) {
  const std::size_t n = base_W.size();
  if (load.size() != n || inlet_C.size() != n || out_W.size() != n)
    throw std::invalid_argument("server_power_W: spans of different sizes");
  for (std::size_t i = 0; i < n; ++i) out_W[i] = server_power_W(p, base_W[i], load[i], inlet_C[i]);
}

IteResult energyplus_ite(const EnergyPlusIteParams& p, double load, double inlet_C) {
  IteResult r;
  const double design_flow = p.design_flow_per_W_m3_s * p.design_power_W;
  r.cpu_W = std::max(0.0, p.design_power_W * (1.0 - p.design_fan_fraction) * p.cpu_power(load, inlet_C));
  const double flow_ratio = std::max(0.0, p.airflow(load, inlet_C));
  r.airflow_m3_s = design_flow * flow_ratio;
  r.fan_W = std::max(0.0, p.design_power_W * p.design_fan_fraction * p.fan_power(flow_ratio));
  r.total_W = r.cpu_W + r.fan_W;
  return r;
}

}  // namespace dcsim::thermal
