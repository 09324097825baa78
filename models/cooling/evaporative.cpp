#include "models/cooling/evaporative.hpp"

#include <algorithm>
#include <stdexcept>

namespace dcsim::cooling {

namespace {

void check(double eff, double ratio) {
  if (!(eff >= 0.0 && eff <= 1.0)) throw std::invalid_argument("evaporative cooler: effectiveness must be in [0, 1]");
  if (!(ratio > 1.0)) throw std::invalid_argument("evaporative cooler: concentration ratio must be > 1");
}

// Part load against a setpoint; returns false (off) when no cooling is wanted or possible.
bool modulate(double inlet_C, double full_outlet_C, double setpoint_C, double& plr, double& outlet_C) {
  if (!(full_outlet_C < inlet_C) || !(inlet_C > setpoint_C)) return false;
  plr = full_outlet_C < setpoint_C ? (inlet_C - setpoint_C) / (inlet_C - full_outlet_C) : 1.0;
  outlet_C = inlet_C - plr * (inlet_C - full_outlet_C);
  return true;
}

void add_water(EvapResult& r, bool wet, double drift_fraction, double ratio, double latent_heat_J_kg) {
  if (!wet) return;
  r.evaporation_m3_s = r.cooling_W / (latent_heat_J_kg * kWaterDensity_kg_m3);
  r.drift_m3_s = drift_fraction * r.evaporation_m3_s;
  r.blowdown_m3_s = std::max(0.0, r.evaporation_m3_s / (ratio - 1.0) - r.drift_m3_s);
  r.water_m3_s = r.evaporation_m3_s + r.drift_m3_s + r.blowdown_m3_s;
}

}  // namespace

EvapResult direct_evaporative(const DirectEvapParams& p, double airflow_m3_s, double inlet_db_C, double inlet_wb_C,
                              double setpoint_C) {
  check(p.effectiveness, p.blowdown_concentration_ratio);
  EvapResult r;
  r.outlet_C = inlet_db_C;
  if (!(airflow_m3_s > 0.0)) return r;
  if (inlet_db_C < p.min_inlet_db_C || inlet_db_C > p.max_inlet_db_C || inlet_wb_C > p.max_inlet_wb_C) return r;
  const double full = inlet_db_C - p.effectiveness * (inlet_db_C - inlet_wb_C);
  if (!modulate(inlet_db_C, full, setpoint_C, r.part_load, r.outlet_C)) return r;
  r.mode = EvapMode::Wet;
  r.cooling_W = kAirRhoCp_J_m3K * airflow_m3_s * (inlet_db_C - r.outlet_C);
  r.pump_W = p.pump_W_per_m3s * airflow_m3_s * r.part_load;
  r.fan_W = p.media_fan_W_per_m3s * airflow_m3_s * r.part_load;
  add_water(r, true, p.drift_fraction, p.blowdown_concentration_ratio, p.latent_heat_J_kg);
  return r;
}

EvapResult indirect_evaporative(const IndirectEvapParams& p, double primary_airflow_m3_s, double primary_in_C,
                                double secondary_db_C, double secondary_wb_C, double setpoint_C) {
  check(p.wetbulb_effectiveness, p.blowdown_concentration_ratio);
  check(p.drybulb_effectiveness, p.blowdown_concentration_ratio);
  EvapResult r;
  r.outlet_C = primary_in_C;
  if (!(primary_airflow_m3_s > 0.0)) return r;

  double full = primary_in_C;
  EvapMode mode = EvapMode::Off;
  if (secondary_db_C >= p.wet_min_secondary_db_C) {
    if (secondary_wb_C <= p.wet_max_secondary_wb_C) {
      mode = EvapMode::Wet;
      full = primary_in_C - p.wetbulb_effectiveness * (primary_in_C - secondary_wb_C);
    }
  } else if (secondary_db_C <= p.dry_max_secondary_db_C) {
    mode = EvapMode::Dry;
    full = primary_in_C - p.drybulb_effectiveness * (primary_in_C - secondary_db_C);
  }
  if (mode == EvapMode::Off || !modulate(primary_in_C, full, setpoint_C, r.part_load, r.outlet_C)) return r;
  r.mode = mode;
  r.cooling_W = kAirRhoCp_J_m3K * primary_airflow_m3_s * (primary_in_C - r.outlet_C);
  r.fan_W = p.secondary_fan_W_per_m3s * p.secondary_air_scaling * primary_airflow_m3_s * r.part_load;
  if (mode == EvapMode::Wet) r.pump_W = p.pump_W_per_m3s * primary_airflow_m3_s * r.part_load;
  add_water(r, mode == EvapMode::Wet, p.drift_fraction, p.blowdown_concentration_ratio, p.latent_heat_J_kg);
  return r;
}

}  // namespace dcsim::cooling
