#include "models/cooling/pumps.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/cooling/fluid_properties.hpp"

namespace dcsim::cooling {

double pump_power_W(double flow_m3_s, double head_Pa, double total_efficiency) {
  if (!(flow_m3_s > 0.0) || !(head_Pa > 0.0) || !(total_efficiency > 0.0)) return 0.0;
  return flow_m3_s * head_Pa / total_efficiency;
}

double water_flow_for_heat_m3_s(double heat_W, double delta_T_K) {
  if (!(heat_W > 0.0) || !(delta_T_K > 0.0)) return 0.0;
  return heat_W / (kWaterRhoCp_J_m3K * delta_T_K);
}

Pump::Pump(const PumpParams& params) : p_(params) {
  if (!(p_.design_flow_m3_s > 0.0) || !(p_.design_head_Pa > 0.0))
    throw std::invalid_argument("Pump: design flow and head must be > 0");
  if (!(p_.motor_efficiency > 0.0 && p_.motor_efficiency <= 1.0 && p_.impeller_efficiency > 0.0 &&
        p_.impeller_efficiency <= 1.0))
    throw std::invalid_argument("Pump: efficiencies must be in (0, 1]");
  if (!(p_.min_flow_fraction >= 0.0 && p_.min_flow_fraction <= 1.0))
    throw std::invalid_argument("Pump: min flow fraction must be in [0, 1]");
  design_power_W_ =
      pump_power_W(p_.design_flow_m3_s, p_.design_head_Pa, p_.motor_efficiency * p_.impeller_efficiency);
}

double Pump::power_W(double flow_m3_s) const {
  if (!(flow_m3_s > 0.0)) return 0.0;
  if (!p_.variable_speed) return design_power_W_;
  const double x = std::max(flow_m3_s / p_.design_flow_m3_s, p_.min_flow_fraction);
  return design_power_W_ * std::max(0.0, p_.part_load(x));
}

}  // namespace dcsim::cooling
