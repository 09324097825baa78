// Water pumps. Hydraulic power over total (wire-to-water) efficiency:
//   P = V * dp / eta_total,   eta_total = eta_motor * eta_impeller
// EnergyPlus sizes pumps with a design shaft power of 1.282051 W per (m3/s * Pa), i.e. an impeller efficiency of
// 0.78; with the 2-zone example's motor efficiencies (json "pumps_2Zone_example": chilled water 160 kPa, motor
// 0.87; condenser 140 kPa, motor 0.9) eta_total = 0.679 and 0.702.
// Variable speed: affinity laws (flow ~ speed, head ~ speed^2 on a pure friction system) give
//   P = P_design * PLC(V / V_design), PLC(x) = x^3 by default (Cubic, EnergyPlus Pump:VariableSpeed form),
// with V / V_design floored at the minimum flow fraction. Constant speed: P = P_design while any flow runs.
// Flow for a heat load: V = Q / (rho cp dT).
// Heat to the fluid: the shaft power (P * eta_motor) ends up in the water (EnergyPlus, motor losses to air).
#pragma once
#include "models/cooling/curves.hpp"

namespace dcsim::cooling {

// EnergyPlus's impeller efficiency assumption (1 / 1.282051).
inline constexpr double kImpellerEfficiency = 0.78;

double pump_power_W(double flow_m3_s, double head_Pa, double total_efficiency);
double water_flow_for_heat_m3_s(double heat_W, double delta_T_K);

struct PumpParams {
  double design_flow_m3_s = 0.05;
  double design_head_Pa = 160000.0;
  double motor_efficiency = 0.87;
  double impeller_efficiency = kImpellerEfficiency;
  bool variable_speed = true;
  double min_flow_fraction = 0.0;
  Cubic part_load{{0.0, 0.0, 0.0, 1.0}};  // power fraction of flow fraction (cube law)
};

class Pump {
 public:
  // Throws std::invalid_argument unless flow, head and efficiencies are > 0 (efficiencies <= 1).
  explicit Pump(const PumpParams& params);
  double design_power_W() const { return design_power_W_; }
  // Electric power at a flow (m3/s); 0 when flow <= 0. Flows above design follow the same law (not capped).
  double power_W(double flow_m3_s) const;
  // Share of the electric power that heats the pumped water.
  double heat_to_fluid_W(double power_W) const { return power_W * p_.motor_efficiency; }
  const PumpParams& params() const { return p_; }

 private:
  PumpParams p_;
  double design_power_W_;
};

}  // namespace dcsim::cooling
