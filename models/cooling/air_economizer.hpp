// Air-side economizers: the share of a sensible heat load that outdoor air removes without mechanical cooling.
// Supply T_s and return T_r are the air temperatures at the cooling unit; Q is the heat load (W).
//
// Direct (outdoor air enters the room; EnergyPlus Controller:OutdoorAir with FixedDryBulb / FixedDewPointAnd-
// DryBulb high limits, integrated with mechanical cooling):
//   enabled   iff  min_dry_bulb <= T_oa <= max_dry_bulb  and  T_dp <= max_dew_point  and  T_oa < T_r
//   full      T_oa <= T_s: outdoor and return air are mixed to T_s; outdoor-air fraction
//             x = (T_r - T_s) / (T_r - T_oa); free fraction 1
//   partial   T_s < T_oa < T_r: 100% outdoor air; free fraction (T_r - T_oa) / (T_r - T_s), the mechanical
//             plant cools the outdoor air from T_oa to T_s
//   off       otherwise (minimum outdoor air for people is ignored: data halls are unoccupied)
//   The dew-point limit keeps humidity within the IT envelope, so the coil stays dry and only sensible heat
//   is counted. Defaults: 23 C / 13.5 C, the EnergyPlus 2-zone data-center example (model_coefficients.json
//   "air_side_economizer_2Zone_example"); its -20 C low limit is available as min_dry_bulb_C.
// Indirect (air-to-air heat exchanger; outdoor air never enters the room, so no humidity limit):
//   T_r' = T_r - eps (T_r - T_oa) when T_oa < T_r; free fraction min(1, eps (T_r - T_oa) / (T_r - T_s)).
//   When more than enough, the outdoor-air flow is turned down in proportion (eps assumed constant).
//   Default eps 0.72: dry-operation effectiveness of the example's indirect evaporative cooler.
// Fan power: outdoor (direct) or secondary (indirect) air flow times a specific fan power; default
// 200 W/(m3/s), the secondary-fan default of the example's indirect evaporative cooler. The room-side
// circulation fans belong to the mechanical unit (e.g. CracDx) and are not counted here.
// Air flow through the IT: V = Q / (rho cp (T_r - T_s)), rho = 1.204 kg/m3, cp = 1006 J/(kg K).
#pragma once
#include <limits>

#include "models/cooling/cop_models.hpp"

namespace dcsim::cooling {

enum class EconomizerMode { Off, Partial, Full };

struct EconomizerResult {
  EconomizerMode mode = EconomizerMode::Off;
  double free_fraction = 0;        // 0..1 share of the heat load removed without mechanical cooling
  double free_heat_W = 0;
  double mechanical_heat_W = 0;    // what the mechanical plant must still remove
  double outdoor_air_flow_m3s = 0; // outdoor air drawn (direct) or blown through the exchanger (indirect)
  double fan_W = 0;                // economizer fan power
};

struct DirectAirEconomizerParams {
  double max_dry_bulb_C = 23.0;
  double max_dew_point_C = 13.5;
  double min_dry_bulb_C = -std::numeric_limits<double>::infinity();
  double fan_W_per_m3s = 200.0;
  double air_density_kgm3 = 1.204;
  double air_cp_JkgK = 1006.0;
};

struct IndirectAirEconomizerParams {
  double effectiveness = 0.72;
  double secondary_flow_ratio = 1.0;  // outdoor (secondary) air flow / room (primary) air flow at full duty
  double fan_W_per_m3s = 200.0;
  double air_density_kgm3 = 1.204;
  double air_cp_JkgK = 1006.0;
};

class DirectAirEconomizer {
 public:
  explicit DirectAirEconomizer(DirectAirEconomizerParams params = {});  // throws std::invalid_argument
  const DirectAirEconomizerParams& params() const { return p_; }
  EconomizerResult evaluate(double heat_W, double supply_air_C, double return_air_C, double outdoor_dry_bulb_C,
                            double outdoor_dew_point_C) const;
  EconomizerResult evaluate(double heat_W, const ConditionsIn& c) const {
    return evaluate(heat_W, c.supply_air_C, c.return_air_C, c.outdoor_dry_bulb_C, c.outdoor_dew_point_C);
  }

 private:
  DirectAirEconomizerParams p_;
};

class IndirectAirEconomizer {
 public:
  explicit IndirectAirEconomizer(IndirectAirEconomizerParams params = {});  // throws std::invalid_argument
  const IndirectAirEconomizerParams& params() const { return p_; }
  EconomizerResult evaluate(double heat_W, double supply_air_C, double return_air_C, double outdoor_dry_bulb_C) const;
  EconomizerResult evaluate(double heat_W, const ConditionsIn& c) const {
    return evaluate(heat_W, c.supply_air_C, c.return_air_C, c.outdoor_dry_bulb_C);
  }

 private:
  IndirectAirEconomizerParams p_;
};

}  // namespace dcsim::cooling
