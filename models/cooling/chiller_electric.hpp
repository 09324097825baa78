// Water-cooled electric chiller, EnergyPlus Chiller:Electric (the older "BLAST" form; ChillerElectric.cc,
// CalcElectricChillerModel), as used by EnergyPlus's 2ZoneDataCenterHVAC_wEconomizer example:
//   dT       = (T_cond_entering - T_cond_design) / temp_rise_coef - (T_chw_leaving - T_chw_design)
//   capratio = CapRat(dT)                    Q_avail = Q_nom * capratio
//   powrat   = PowRat(capratio)              (full-load power ratio)
//   PLR      = max(PLR_min, min(Q / Q_avail, PLR_max));  fullfrac = FullLoad(PLR)
//   FRAC     = min(1, (Q / Q_avail) / PLR_min) when Q / Q_avail < PLR_min (cycling), else 1
//   P        = fullfrac * powrat * Q_avail / COP_nom * FRAC
//   Q_cond   = P + Q
// Preset: /work/shared/design/model_coefficients.json "chiller_electric_energyplus_2Zone_example" (COP 5.0,
// 29.44 C condenser, 6.667 C chilled water, PLR 0.15-1.0). Reference: at design temperatures and full load
// dT = 0, capratio = 0.944836, powrat = 1.004528, fullfrac = 0.99983, so COP = 5 / (1.004528 * 0.99983) = 4.978.
#pragma once
#include "models/cooling/chiller_eir.hpp"
#include "models/cooling/curves.hpp"

namespace dcsim::cooling {

struct ChillerElectricParams {
  double nominal_capacity_W = 1.0e6;
  double nominal_cop = 5.0;
  double design_cond_entering_C = 29.44;
  double design_chw_leaving_C = 6.667;
  double temp_rise_coef = 2.682759;
  double plr_min = 0.15;
  double plr_max = 1.0;
  Quadratic capacity_ratio{{0.944836, -0.0570088, -0.00185486}};  // of dT
  Quadratic power_ratio{{1.907846, -1.204987, 0.2634623}};        // of capratio
  Quadratic full_load_ratio{{0.03303, 0.6852, 0.2818}};           // of PLR
};

// The 2-zone example chiller at the given nominal capacity (W).
ChillerElectricParams energyplus_2zone_chiller(double nominal_capacity_W);

class ChillerElectric {
 public:
  // Throws std::invalid_argument unless capacity, COP and temp_rise_coef are > 0 and 0 <= plr_min <= plr_max.
  explicit ChillerElectric(const ChillerElectricParams& params);
  ChillerResult operate(double load_W, double chw_leaving_C, double cond_entering_C) const;
  const ChillerElectricParams& params() const { return p_; }
  double reference_capacity_W() const { return p_.nominal_capacity_W; }

 private:
  ChillerElectricParams p_;
};

}  // namespace dcsim::cooling
