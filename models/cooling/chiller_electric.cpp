#include "models/cooling/chiller_electric.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::cooling {

ChillerElectricParams energyplus_2zone_chiller(double nominal_capacity_W) {
  ChillerElectricParams p;
  p.nominal_capacity_W = nominal_capacity_W;
  return p;  // the defaults are the 2-zone example's values
}

ChillerElectric::ChillerElectric(const ChillerElectricParams& params) : p_(params) {
  if (!(p_.nominal_capacity_W > 0.0) || !std::isfinite(p_.nominal_capacity_W))
    throw std::invalid_argument("ChillerElectric: nominal capacity must be > 0 W");
  if (!(p_.nominal_cop > 0.0) || !(p_.temp_rise_coef > 0.0))
    throw std::invalid_argument("ChillerElectric: COP and temperature rise coefficient must be > 0");
  if (!(p_.plr_min >= 0.0 && p_.plr_min <= p_.plr_max && p_.plr_max > 0.0))
    throw std::invalid_argument("ChillerElectric: need 0 <= plr_min <= plr_max, plr_max > 0");
}

ChillerResult ChillerElectric::operate(double load_W, double chw_leaving_C, double cond_entering_C) const {
  ChillerResult r;
  if (!(load_W > 0.0)) return r;

  const double dT = (cond_entering_C - p_.design_cond_entering_C) / p_.temp_rise_coef -
                    (chw_leaving_C - p_.design_chw_leaving_C);
  const double capratio = p_.capacity_ratio(dT);
  const double avail = p_.nominal_capacity_W * std::max(0.0, capratio);
  r.available_capacity_W = avail;
  if (avail <= 0.0) {
    r.unmet_W = load_W;
    return r;
  }
  const double powrat = p_.power_ratio(capratio);
  const double q = std::min(load_W, avail * p_.plr_max);
  r.evaporator_W = q;
  r.unmet_W = load_W - q;
  r.plr = q / avail;
  const double plr_curve = std::max(p_.plr_min, r.plr);
  const double fullfrac = p_.full_load_ratio(plr_curve);
  const double frac = (p_.plr_min > 0.0 && r.plr < p_.plr_min) ? r.plr / p_.plr_min : 1.0;
  r.cycling_ratio = frac;
  r.power_W = std::max(0.0, fullfrac * powrat * avail / p_.nominal_cop * frac);
  r.condenser_W = r.power_W + q;
  r.cop = r.power_W > 0.0 ? q / r.power_W : 0.0;
  return r;
}

}  // namespace dcsim::cooling
