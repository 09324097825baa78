// Server power as a function of inlet air temperature.
// Default (realistic) model:
//   P_server(u, T_in) = P_nofan(u) * L(T_in) + P_fan(u, T_in)
//   Leakage L(T) = 1 + alpha * max(0, T - T_ref), alpha = 0.2 %/K, T_ref = 16 C: +2.4 % at 28 C, inside the 1-3 %
//   rise across 16-28 C inlet reported by measurements (MODELS.md; SustainDC's CPU power ratio at full load goes
//   1.00 -> 1.02 over 16-28 C, json "sustaindc_server_defaults").
//   Fans: airflow ratio r = clamp(r0 + r_u u + r_T (T - T_ref), r_min, 1) (linear in load and inlet temperature,
//   SustainDC's IT-fan form: r = 0.01 at 16 C idle, +0.215 from idle to full load, +0.215 over 16-28 C);
//   P_fan = P_fan,max * r^3 (fan affinity law).
// EnergyPlus ElectricEquipment:ITE:AirCooled option (placeholder curves of its example, flagged: +6.67 %/K CPU
// power and +10 %/K airflow, questioned by users, IBM/rl-testbed-for-energyplus #80):
//   P_cpu  = P_design (1 - f_fan) * CPU(u, T)        CPU(u, T) = -1 + u + 0.06667 T
//   V      = V_design * AIR(u, T),  V_design = 1e-4 m3/s per W * P_design,  AIR(u, T) = -1.4 + 0.9 u + 0.1 T
//   P_fan  = P_design f_fan * FAN(V / V_design), FAN(x) = x, f_fan = 0.4; design point u = 1, T = 15 C.
// json "ite_aircooled_energyplus_example"; equations from the EnergyPlus Engineering Reference (zone internal
// gains, ITE).
#pragma once
#include <span>

#include "models/cooling/curves.hpp"
#include "models/thermal/ashrae_classes.hpp"

namespace dcsim::thermal {

struct LeakageParams {
  double per_K = 0.002;
  double reference_C = 16.0;
};

struct ServerFanParams {
  double max_power_W = 20.0;  // all fans at full speed (illustrative 1U/2U figure)
  double base_ratio = 0.01;   // at idle and reference temperature
  double load_slope = 0.215;  // per unit load
  double temp_slope_per_K = 0.215 / 12.0;
  double reference_C = 16.0;
  double min_ratio = 0.01;
};

struct ServerThermalParams {
  LeakageParams leakage;
  ServerFanParams fan;
};

double leakage_factor(const LeakageParams& p, double inlet_C);
double fan_airflow_ratio(const ServerFanParams& p, double load, double inlet_C);
double fan_power_W(const ServerFanParams& p, double load, double inlet_C);

// base_power_W: the server's power without fans at the reference temperature (from its power curve at load).
double server_power_W(const ServerThermalParams& p, double base_power_W, double load, double inlet_C);
// Many servers at once (struct-of-arrays): out_W[i] = server_power_W(p, base_W[i], load[i], inlet_C[i]).
// All spans must have the same size (else std::invalid_argument). No allocation.
void server_power_W(const ServerThermalParams& p, std::span<const double> base_W, std::span<const double> load,
                    std::span<const double> inlet_C, std::span<double> out_W);

struct EnergyPlusIteParams {
  double design_power_W = 500.0;
  double design_fan_fraction = 0.4;
  double design_flow_per_W_m3_s = 1.0e-4;
  cooling::Biquadratic cpu_power{{-1.0, 1.0, 0.0, 0.06667, 0.0, 0.0}};  // x = load, y = inlet C
  cooling::Biquadratic airflow{{-1.4, 0.9, 0.0, 0.1, 0.0, 0.0}};
  cooling::Quadratic fan_power{{0.0, 1.0, 0.0}};  // of flow ratio
};

struct IteResult {
  double cpu_W = 0.0;
  double fan_W = 0.0;
  double airflow_m3_s = 0.0;
  double total_W = 0.0;
};

IteResult energyplus_ite(const EnergyPlusIteParams& p, double load, double inlet_C);

}  // namespace dcsim::thermal
