// Evaporative air coolers (EnergyPlus EvaporativeCooler:Direct:ResearchSpecial and
// EvaporativeCooler:Indirect:ResearchSpecial; Engineering Reference "Evaporative Coolers").
// Direct:   T_out = T_db - eff (T_db - T_wb), eff = 0.7. Runs only inside the operating limits
//           (json "evaporative_2Zone_example": inlet dry-bulb 16-20 C, wet-bulb <= 18 C: the 2-zone example's
//           values, narrow for a data hall; widen them for other uses).
// Indirect: wet mode   T_out = T_in - eff_wb (T_in - T_wb,sec), eff_wb = 0.70, when the secondary (outdoor) air
//           is at least 20 C dry-bulb and at most 24 C wet-bulb; dry mode (sensible heat exchanger, pump off)
//           T_out = T_in - eff_db (T_in - T_db,sec), eff_db = 0.72, when the secondary air is below 20 C and
//           below 50 C; otherwise off. (The dew-point effectiveness factor 0.9 of the json is not modelled.)
// With a setpoint, a cooler that would overcool runs at part load PLR = (T_in - T_set) / (T_in - T_out,full)
// (EnergyPlus's modulation); pump, fan and water scale with PLR.
// Power: pump = W per m3/s of primary air (direct default 55, EnergyPlus example sizing factor; indirect 150);
//        indirect secondary fan = 200 W per m3/s of secondary air, secondary flow = 1.4 x primary flow.
//        The direct cooler's air is moved by the air handler; media_fan_W_per_m3s charges its pressure drop
//        (default 0).
// Water: evaporation = sensible heat removed from the primary air / (h_fg rho_w) (adiabatic saturation: the
//        sensible heat becomes latent); drift = fraction of evaporation; blowdown = evaporation / (ratio - 1)
//        - drift, concentration ratio 3 (EnergyPlus's water-use formulas).
#pragma once
#include <limits>

#include "models/cooling/fluid_properties.hpp"

namespace dcsim::cooling {

enum class EvapMode { Off, Wet, Dry };

struct EvapResult {
  EvapMode mode = EvapMode::Off;
  double outlet_C = 0.0;    // primary air leaving
  double part_load = 0.0;   // 0..1
  double cooling_W = 0.0;   // sensible heat removed from the primary air
  double pump_W = 0.0;
  double fan_W = 0.0;
  double evaporation_m3_s = 0.0;
  double drift_m3_s = 0.0;
  double blowdown_m3_s = 0.0;
  double water_m3_s = 0.0;  // evaporation + drift + blowdown
};

struct DirectEvapParams {
  double effectiveness = 0.7;
  double min_inlet_db_C = 16.0;
  double max_inlet_db_C = 20.0;
  double max_inlet_wb_C = 18.0;
  double pump_W_per_m3s = 55.0;
  double media_fan_W_per_m3s = 0.0;
  double drift_fraction = 0.0;  // of evaporation
  double blowdown_concentration_ratio = 3.0;
  double latent_heat_J_kg = 2.45e6;  // water near 20 C
};

struct IndirectEvapParams {
  double wetbulb_effectiveness = 0.70;
  double drybulb_effectiveness = 0.72;
  double pump_W_per_m3s = 150.0;           // per m3/s of primary air
  double secondary_fan_W_per_m3s = 200.0;  // per m3/s of secondary air
  double secondary_air_scaling = 1.4;      // secondary / primary flow
  double wet_min_secondary_db_C = 20.0;
  double wet_max_secondary_wb_C = 24.0;
  double dry_max_secondary_db_C = 50.0;
  double drift_fraction = 0.0;
  double blowdown_concentration_ratio = 3.0;
  double latent_heat_J_kg = 2.45e6;
};

inline constexpr double kNoSetpoint = -std::numeric_limits<double>::infinity();

// Primary air at airflow_m3_s entering at inlet_db_C / inlet_wb_C. setpoint_C: lowest outlet wanted.
// Throws std::invalid_argument on effectiveness outside [0, 1] or concentration ratio <= 1.
EvapResult direct_evaporative(const DirectEvapParams& p, double airflow_m3_s, double inlet_db_C, double inlet_wb_C,
                              double setpoint_C = kNoSetpoint);

// Primary air (e.g. hall return air) at primary_in_C, cooled through a heat exchanger by secondary (outdoor) air.
EvapResult indirect_evaporative(const IndirectEvapParams& p, double primary_airflow_m3_s, double primary_in_C,
                                double secondary_db_C, double secondary_wb_C, double setpoint_C = kNoSetpoint);

}  // namespace dcsim::cooling
