// Chilled-water plant: CRAH fans -> chilled-water loop (variable-speed pump) -> [economizer plate HX] ->
// chiller -> condenser loop (constant-speed pump) -> variable-speed cooling tower. Steady state per call.
//   Air side:   V_air = Q_IT / (rho_a cp_a dT_air);  P_crah = P_crah,design * max(V/V_design, min)^3
//               (fan laws; P_crah,design = V_design * dp / eta; fan heat goes into the air).
//   CHW loop:   Q_chw = Q_IT + P_crah + pump heat;  V_chw = Q_chw / (rho cp dT_chw);  T_return = T_supply + dT_chw.
//   Condenser:  constant design flow V_cw; tower setpoint = max(Twb + offset, min) (EnergyPlus 2-zone example:
//               SetpointManager:FollowOutdoorAirTemperature on wet-bulb, offset 0 K, minimum 10 C).
// Water-side economizer, integrated (plate HX on the chilled-water return, upstream of the chiller; condenser
// water flows tower -> HX -> chiller -> tower):
//   T_tw   = Twb + approach(Twb, range, LG) at full tower fan (coldest water the tower can make)
//   f_free = clamp((T_return - (T_tw + dT_hx)) / (T_return - T_supply), 0, 1)
//   f_free = 1 (Twb + approach + dT_hx <= T_supply): chiller off, tower fan modulates to T_supply - dT_hx.
//   0 < f_free < 1: HX pre-cools the return water, the chiller takes the remainder (1 - f_free) Q_chw; the tower
//              runs at full fan and rejects everything; the chiller's condenser water enters at
//              T_tw + f_free Q_chw / (rho cp V_cw). Solved by a few fixed-point passes (f_free <-> tower range).
//   f_free = 0: economizer bypassed, chiller with condenser water at the tower setpoint (or warmer if unmet).
// Sizing from design_heat_W (all autosized unless given): chiller = design Q_chw * sizing factor; condenser
// flow = design rejection / (rho cp range); tower fan = 0.0105 W per W of design rejection (EnergyPlus
// autosizing rule); pumps at design flow (pumps.hpp).
// Chiller curves are clamped to their fitted range (DOE-2 centrifugal: 5-10 C chilled water), so with 12-24 C
// chilled water the chiller is credited with its 10 C efficiency: conservative for the chiller, while the
// economizer, which is what warm water buys, is modelled fully.
// Sources: MODELS.md "Cooling"; model_coefficients.json (chiller, tower, pumps, Liebert supply fan 486 Pa, 0.7).
#pragma once
#include <variant>

#include "models/cooling/chiller_eir.hpp"
#include "models/cooling/chiller_electric.hpp"
#include "models/cooling/cooling_tower.hpp"
#include "models/cooling/cop_models.hpp"
#include "models/cooling/pumps.hpp"

namespace dcsim::cooling {

using Chiller = std::variant<ChillerEir, ChillerElectric>;
ChillerResult operate(const Chiller& chiller, double load_W, double chw_leaving_C, double cond_entering_C);

enum class ChillerKind { Doe2Centrifugal550, EnergyPlus2ZoneElectric };
enum class PlantMode { Off, Chiller, Partial, Free };

struct ChilledWaterPlantParams {
  double design_heat_W = 1.0e6;  // IT heat at design; sizes everything below
  double chw_supply_C = 12.0;
  double chw_delta_T_K = 5.56;
  double cond_delta_T_K = 5.56;  // design condenser range
  // CRAH (computer-room air handler) fans
  double crah_air_delta_T_K = 12.0;
  double crah_fan_pressure_Pa = 486.0;
  double crah_fan_total_efficiency = 0.7;
  double crah_min_flow_fraction = 0.05;
  // pumps
  double chw_pump_head_Pa = 160000.0;
  double chw_pump_motor_efficiency = 0.87;
  double cond_pump_head_Pa = 140000.0;
  double cond_pump_motor_efficiency = 0.9;
  // chiller
  ChillerKind chiller_kind = ChillerKind::Doe2Centrifugal550;
  double chiller_capacity_W = 0.0;      // 0: design chilled-water load * sizing factor
  double chiller_sizing_factor = 1.15;  // margin: capacity falls with hot condenser water
  // tower
  double tower_fan_W_per_W = 0.0105;  // design fan power per W of design heat rejection
  double cond_setpoint_offset_K = 0.0;
  double cond_setpoint_min_C = 10.0;
  // economizer
  bool economizer = true;
  double hx_approach_K = 1.5;
};

struct PlantBreakdown {
  PlantMode mode = PlantMode::Off;
  double chiller_W = 0.0;
  double tower_fan_W = 0.0;
  double pumps_W = 0.0;  // chw_pump_W + cond_pump_W
  double chw_pump_W = 0.0;
  double cond_pump_W = 0.0;
  double crah_fan_W = 0.0;
  double total_W = 0.0;          // chiller + tower fan + pumps + CRAH fans
  double free_fraction = 0.0;    // share of the chilled-water load met by the economizer
  double chw_load_W = 0.0;       // heat removed from the chilled water
  double chiller_load_W = 0.0;   // part of it met by the chiller
  double unmet_W = 0.0;          // beyond the chiller's capacity
  double heat_rejected_W = 0.0;  // by the tower
  double chiller_cop = 0.0;
  double chw_return_C = 0.0;
  double cond_entering_C = 0.0;  // condenser water entering the chiller
  double tower_leaving_C = 0.0;
  TowerWaterUse water_rates;     // m3/s
  double water_m3_s = 0.0;       // tower make-up rate
  double water_m3 = 0.0;         // make-up over the step duration
};

class ChilledWaterPlant final : public CoolingModel {
 public:
  // Builds the chiller of params.chiller_kind. Throws std::invalid_argument on non-positive sizes.
  explicit ChilledWaterPlant(const ChilledWaterPlantParams& params);
  // With a caller-made chiller (custom curves or capacity).
  ChilledWaterPlant(const ChilledWaterPlantParams& params, Chiller chiller);

  // heat_W: IT heat reaching the CRAHs; wet_bulb_C: outdoor; duration_s only scales water_m3.
  PlantBreakdown evaluate(double heat_W, double wet_bulb_C, double duration_s = 3600.0) const;

  // CoolingModel: total electric power (uses conditions.outdoor_wet_bulb_C).
  double cooling_power_W(double heat_W, const ConditionsIn& conditions) const override;

  const ChilledWaterPlantParams& params() const { return p_; }
  const CoolingTower& tower() const { return tower_; }
  const Chiller& chiller() const { return chiller_; }
  double condenser_flow_m3_s() const { return cond_flow_m3_s_; }
  double crah_design_fan_W() const { return crah_design_W_; }

 private:
  ChilledWaterPlantParams p_;
  Chiller chiller_;
  CoolingTower tower_;
  Pump chw_pump_;
  Pump cond_pump_;
  double crah_design_flow_m3_s_ = 0.0;
  double crah_design_W_ = 0.0;
  double cond_flow_m3_s_ = 0.0;
};

}  // namespace dcsim::cooling
