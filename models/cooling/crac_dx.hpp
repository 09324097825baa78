// DX computer-room air conditioner with pumped-refrigerant economizer and a variable-speed supply fan, after
// the EnergyPlus 1-zone data-center example (testfiles/1ZoneDataCenterCRAC_wApproachTemp.idf: Liebert DSE 125,
// Coil:Cooling:DX:SingleSpeed "Main Cooling Coil 1" + Fan:VariableVolume "EC Plug Fan 1"); coefficients in
// /work/shared/design/model_coefficients.json "crac_dx_liebert_dse_example". Per unit (EnergyPlus
// Engineering Reference, single-speed DX coil and variable-volume fan):
//   flow fraction ff = Q_IT / (rho cp (T_return - T_supply)) / V_rated, clamped to [ff_min, 1]
//   fan:   P_fan = f_fan(max(ff, ff_min)) * V_max * dp / eta_total;  heat into the air = P_fan
//          * (eta_motor + (1 - eta_motor) * motor_in_airstream_fraction)  (all of it in the example)
//   coil:  Q_coil = Q_IT + fan heat (draw-through fan); CAP = CAP_rated * CAPFFF(ff)
//          PLR = min(Q_coil / CAP, 1); PLF = max(0.7, PLF(PLR)); RTF = min(PLR / PLF, 1)
//          P_coil = CAP * EIRFT(T_outdoor) * EIRFFF(ff) / COP_rated * RTF
//                 = Q_coil / COP_rated * EIRFT * EIRFFF / PLF        (below full load)
//   EIRFT: table of outdoor dry-bulb, linear between points, clamped at the ends (the example's table is the
//   same for both entering wet-bulbs); values < 0.1 are the pumped-refrigerant economizer (compressor off).
//   Flow-fraction curves take x clamped to [0.5, 1.5] and PLF x to [0, 1], the example's curve limits.
// Not modelled: the capacity-vs-temperature table of the example (taken as 1; it is 1 for outdoor <= 30 C),
// latent load (SHR), crankcase heat. Load above capacity is reported as unmet, not silently removed.
#pragma once
#include <array>
#include <utility>
#include <vector>

#include "models/cooling/cop_models.hpp"

namespace dcsim::cooling {

// y(x) through points with strictly increasing x, linear between points, constant beyond the ends.
class PiecewiseLinear {
 public:
  PiecewiseLinear() = default;
  // Throws std::invalid_argument if empty, non-finite or x not strictly increasing.
  explicit PiecewiseLinear(const std::vector<std::pair<double, double>>& points);
  double operator()(double x) const;

 private:
  std::vector<double> x_, y_;
};

struct CracDxParams {
  // Coil:Cooling:DX:SingleSpeed
  double rated_capacity_W = 148300.0;  // gross rated total cooling capacity
  double rated_cop = 4.5669;
  double rated_airflow_m3s = 8.5;
  std::array<double, 3> cap_fff = {0.8, 0.2, 0.0};         // CAPFFF(ff) = c0 + c1 ff + c2 ff^2
  std::array<double, 3> eir_fff = {1.156, -0.1816, 0.0256};  // EIRFFF(ff)
  std::array<double, 3> plf_fplr = {0.85, 0.15, 0.0};      // PLF(PLR)
  std::vector<std::pair<double, double>> eir_ft_outdoor = {  // (outdoor dry-bulb C, EIR multiplier)
      {-50.0, 0.042},   {-4.0, 0.042},      {-1.2222, 0.084},   {1.5555, 0.084},   {4.3333, 0.2269},
      {7.1111, 0.2395}, {9.8888, 0.311},    {12.6667, 0.3697},  {15.4444, 0.4454}, {18.222, 0.5462},
      {21.0, 0.6723},   {23.777778, 0.7227}, {26.55556, 0.7773}, {29.33333, 0.8193}, {32.11111, 0.895},
      {34.88889, 1.0},  {50.0, 1.5}};
  double pumped_refrigerant_below_eir = 0.1;  // EIRFT below this = economizer mode (reported only)
  // Fan:VariableVolume
  double fan_pressure_rise_Pa = 486.0;
  double fan_total_efficiency = 0.7;
  double fan_motor_efficiency = 0.9;
  double fan_motor_in_airstream_fraction = 1.0;
  double fan_max_flow_m3s = 8.5;
  double fan_min_flow_fraction = 0.05;
  std::array<double, 5> fan_power_fflow = {0.06990146, 1.39500612, -3.35487336, 2.89232315, 0.0};
  // Air properties for the flow needed by the IT: EnergyPlus's standard density (dry air, 20 C, 101325 Pa).
  double air_density_kgm3 = 1.204;
  double air_cp_JkgK = 1006.0;
  int units = 1;  // identical units sharing the load equally
};

struct CracDxResult {
  double heat_removed_W = 0;   // all units: IT heat + fan heat actually removed by the coils
  double unmet_W = 0;          // coil load above capacity
  double compressor_W = 0;     // DX coil electric power (compressor/condenser, or refrigerant pump)
  double fan_W = 0;            // supply fans
  double total_W = 0;          // compressor_W + fan_W
  double flow_fraction = 0;    // per unit, after clamping
  double part_load_ratio = 0;  // per unit
  double eir_temperature_multiplier = 0;
  bool pumped_refrigerant_mode = false;
};

class CracDx final : public CoolingModel {
 public:
  explicit CracDx(CracDxParams params = CracDxParams{});  // validates; throws std::invalid_argument
  static CracDxParams liebert_dse_example() { return CracDxParams{}; }

  const CracDxParams& params() const { return p_; }
  double eir_temperature_multiplier(double outdoor_dry_bulb_C) const;
  // Electric power of one unit's supply fan at a flow fraction (clamped to [ff_min, 1]).
  double fan_power_W(double flow_fraction) const;
  // Per-unit flow fraction that carries heat_W across T_return - T_supply (clamped to [ff_min, 1]).
  double flow_fraction_for(double heat_W, double supply_air_C, double return_air_C) const;

  CracDxResult evaluate_at_flow(double heat_W, double outdoor_dry_bulb_C, double flow_fraction) const;
  CracDxResult evaluate(double heat_W, const ConditionsIn& conditions) const;
  double cooling_power_W(double heat_W, const ConditionsIn& conditions) const override {
    return evaluate(heat_W, conditions).total_W;
  }

 private:
  CracDxParams p_;
  PiecewiseLinear eir_ft_;
};

}  // namespace dcsim::cooling
