// Water-cooled electric chiller, EnergyPlus Chiller:Electric:EIR (Engineering Reference, "Electric Chiller
// Model Based on Condenser Entering Temperature"; ChillerElectricEIR.cc):
//   Q_avail = Q_ref * CAPFT(T_chw_leaving, T_cond_entering)
//   PLR     = Q / Q_avail                                  (Q capped at PLR_max * Q_avail; the rest is unmet)
//   FRAC    = min(1, PLR / PLR_min)                        (below PLR_min the chiller cycles on and off)
//   PLR_e   = max(PLR, PLR_min_unload)                     (below the unloading limit it false-loads with hot-gas
//                                                           bypass: the energy is that of PLR_e)
//   P       = (Q_avail / COP_ref) * EIRFT(T_chw_leaving, T_cond_entering) * EIRFPLR(PLR_e) * FRAC
//   Q_false = Q_avail * PLR_e * FRAC - Q                  (hot-gas bypass load, reported)
//   Q_cond  = P * f_cond + Q                              (f_cond: share of compressor power to condenser, 1)
// Power follows EnergyPlus exactly (cycling below PLR_min, false loading below PLR_min_unload), so results
// compare with its output. One deliberate difference: EnergyPlus also adds Q_false to the condenser heat; the
// bypassed gas circulates inside the machine, so we keep the energy balance Q_cond = P + Q (matters only below
// PLR_min_unload, for tower heat and water use).
// Curves are evaluated with their inputs clamped to the ranges given (EnergyPlus does the same); outside them
// the chiller is reported at the boundary performance, never extrapolated.
// Preset: DOE-2 Centrifugal/5.50COP (EnergyPlus datasets/Chillers.idf, as transcribed in Modelica Buildings
// Buildings.Fluid.Chillers.Data.ElectricEIR.DOE_2_Centrifugal_5_50COP; /work/shared/design/model_coefficients.json
// "chiller_eir_doe2_centrifugal_5_50"), valid 5-10 C chilled water and 24-35 C condenser water.
// Check values: COP 5.51 at 6.67 C / 29.4 C with Q = Q_ref; COP 6.23 at 24 C condenser water.
#pragma once
#include "models/cooling/curves.hpp"

namespace dcsim::cooling {

// Operating point of a chiller (any chiller model). All powers in W.
struct ChillerResult {
  double power_W = 0.0;               // compressor electric power
  double evaporator_W = 0.0;          // load met (heat removed from the chilled water)
  double condenser_W = 0.0;           // heat rejected to the condenser water
  double unmet_W = 0.0;               // load above PLR_max * available capacity
  double available_capacity_W = 0.0;  // Q_avail at these temperatures
  double plr = 0.0;                   // Q / Q_avail (before false loading)
  double cycling_ratio = 0.0;         // FRAC: time fraction on; 0 when off
  double false_load_W = 0.0;
  double cop = 0.0;                   // evaporator_W / power_W; 0 when off
};

struct ChillerEirParams {
  double ref_capacity_W = 1.0e6;
  double ref_cop = 5.5;
  double plr_min = 0.1;         // below: cycling
  double plr_min_unload = 0.2;  // below: false loading (>= plr_min)
  double plr_max = 1.0;
  double condenser_power_fraction = 1.0;  // compressor power reaching the condenser
  Biquadratic cap_ft;   // x = chilled water leaving C, y = condenser water entering C
  Biquadratic eir_ft;   // same arguments
  Quadratic eir_fplr;   // x = part-load ratio
};

// DOE-2 Centrifugal/5.50COP at the given reference capacity (W).
ChillerEirParams doe2_centrifugal_5_50(double ref_capacity_W);

class ChillerEir {
 public:
  // Throws std::invalid_argument unless capacity and COP are > 0 and 0 <= plr_min <= plr_min_unload <= plr_max.
  explicit ChillerEir(const ChillerEirParams& params);

  // load_W: heat to remove from the chilled water (<= 0: off). Temperatures in C.
  ChillerResult operate(double load_W, double chw_leaving_C, double cond_entering_C) const;

  const ChillerEirParams& params() const { return p_; }
  double reference_capacity_W() const { return p_.ref_capacity_W; }

 private:
  ChillerEirParams p_;
};

}  // namespace dcsim::cooling
