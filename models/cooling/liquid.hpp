// Direct liquid cooling and immersion, bottom-up (not a fixed pPUE).
// Cold plates (EnergyPlus NFP draft for data-center liquid cooling, json "liquid_cooling_energyplus_nfp_draft"):
//   per server  Q_liq = min(capture * P_server, Q_max),  Q_max = (T_chip_max - T_fluid_in) / R_th
//   Q_air = P_server - Q_liq goes to the room air (the air plant must take it).
//   Defaults: capture 0.8 (json), T_chip_max 85 C, R_th 0.05 K/W chip-to-coolant per server (illustrative; a
//   1 kW server at 32 C coolant can reject up to 1060 W through its plates).
// Immersion: capture 1 and the server fans are removed: IT power falls by the fan power given.
// Technology cooling loop: CDU pump, variable speed, V = Q_liq / (rho cp dT_loop), P = design * (V/V_d)^3.
// Facility water loop: pump likewise; the CDU heat exchanger needs facility water at
//   T_facility = T_fluid_in - CDU approach.
// Heat rejection of the liquid loop (Q_rej = Q_liq + pump heat):
//   dry cooler: leaving - T_db = approach_d * (Q / Q_d) / a^0.8 (air-side UA ~ airflow^0.8), fan = P_d * a^3.
//               It holds the setpoint alone when T_db + approach_d * Q/Q_d <= T_facility (a <= 1); else at full
//               fan it rejects Q_d (T_facility - T_db) / approach_d and the rest is "trim" heat.
//   tower:      cooling_tower.hpp to the same setpoint; if unmet, trim = rho cp V (T_leaving - T_facility).
// Trim heat is returned for the chilled-water plant (a series trim chiller). Energy balance:
//   P_IT,eff = Q_liq + Q_air;   Q_liq + pump heat = Q_rejected + Q_trim.
// Water: tower make-up only (dry cooler: none). Coolant properties: water (glycol would lower cp ~10%).
#pragma once
#include <optional>
#include <span>

#include "models/cooling/cooling_tower.hpp"
#include "models/cooling/pumps.hpp"

namespace dcsim::cooling {

struct ColdPlateParams {
  double capture_fraction = 0.8;
  double chip_max_C = 85.0;
  double thermal_resistance_K_per_W = 0.05;  // chip-to-coolant, per server
};

// Heat to liquid for one server (W).
double cold_plate_capture_W(const ColdPlateParams& p, double server_power_W, double fluid_in_C);
// For many servers: writes each server's liquid heat to liquid_W (same size as server_power_W, or empty to
// skip) and returns the total. O(N), no allocation.
double cold_plate_capture_W(const ColdPlateParams& p, std::span<const double> server_power_W, double fluid_in_C,
                            std::span<double> liquid_W = {});

struct DryCoolerParams {
  double design_heat_W = 0.0;      // 0: the liquid system's design heat
  double design_approach_K = 6.0;  // fluid leaving minus dry-bulb at design heat and full fan
  double fan_W_per_W = 0.015;      // design fan power per W of design heat
  double ua_airflow_exponent = 0.8;
  double min_airflow_ratio = 0.1;
};

enum class LiquidRejection { DryCooler, CoolingTower };

struct LiquidCoolingParams {
  bool immersion = false;
  ColdPlateParams cold_plate;
  double fluid_supply_C = 32.0;  // coolant to the cold plates / tank
  double loop_delta_T_K = 10.0;  // coolant and facility water temperature rise
  double cdu_approach_K = 3.0;
  double design_liquid_heat_W = 1.0e6;
  double cdu_pump_head_Pa = 150000.0;
  double facility_pump_head_Pa = 100000.0;
  double pump_motor_efficiency = 0.9;
  LiquidRejection rejection = LiquidRejection::DryCooler;
  DryCoolerParams dry_cooler;
  double tower_fan_W_per_W = 0.0105;  // as the chilled-water plant's tower
};

struct LiquidSplit {
  double it_power_W = 0.0;     // after removing fans (immersion)
  double fan_removed_W = 0.0;  // immersion only
  double liquid_W = 0.0;
  double air_W = 0.0;
};

struct LiquidCoolingResult {
  LiquidSplit split;
  double cdu_pump_W = 0.0;
  double facility_pump_W = 0.0;
  double dry_cooler_fan_W = 0.0;
  double tower_fan_W = 0.0;
  double total_W = 0.0;  // pumps + fans of the liquid path
  double rejected_W = 0.0;
  double trim_W = 0.0;   // heat left for the chilled-water plant
  double facility_supply_C = 0.0;
  double water_m3_s = 0.0;
};

class LiquidCooling {
 public:
  // Throws std::invalid_argument on non-positive design heat, temperature differences, or bad fractions.
  explicit LiquidCooling(const LiquidCoolingParams& params);

  // Uniform servers: it_power_W over server_count servers; server_fan_W is their total fan power (removed only
  // for immersion).
  LiquidSplit split(double it_power_W, double server_fan_W, double server_count) const;
  // Heterogeneous servers (cold plates per server).
  LiquidSplit split(std::span<const double> server_power_W, double server_fan_W) const;

  LiquidCoolingResult reject(const LiquidSplit& split, double dry_bulb_C, double wet_bulb_C) const;

  const LiquidCoolingParams& params() const { return p_; }

 private:
  LiquidCoolingParams p_;
  Pump cdu_pump_;
  Pump facility_pump_;
  std::optional<CoolingTower> tower_;  // only with LiquidRejection::CoolingTower
  double dry_design_heat_W_;
};

}  // namespace dcsim::cooling
