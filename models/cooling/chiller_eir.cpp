#include "models/cooling/chiller_eir.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::cooling {

ChillerEirParams doe2_centrifugal_5_50(double ref_capacity_W) {
  ChillerEirParams p;
  p.ref_capacity_W = ref_capacity_W;
  p.ref_cop = 5.5;
  p.plr_min = 0.1;
  p.plr_min_unload = 0.2;
  p.plr_max = 1.0;
  p.cap_ft = Biquadratic{{0.257896, 0.0389016, -0.000217080, 0.0468684, -0.000942840, -0.000343440},
                         5.0, 10.0, 24.0, 35.0};
  p.eir_ft = Biquadratic{{0.933884, -0.0582120, 0.00450036, 0.00243000, 0.000486000, -0.00121500},
                         5.0, 10.0, 24.0, 35.0};
  p.eir_fplr = Quadratic{{0.222903, 0.313387, 0.463710}, 0.0, 1.0};
  return p;
}

ChillerEir::ChillerEir(const ChillerEirParams& params) : p_(params) {
  if (!(p_.ref_capacity_W > 0.0) || !std::isfinite(p_.ref_capacity_W))
    throw std::invalid_argument("ChillerEir: reference capacity must be > 0 W");
  if (!(p_.ref_cop > 0.0) || !std::isfinite(p_.ref_cop))
    throw std::invalid_argument("ChillerEir: reference COP must be > 0");
  if (!(p_.plr_min >= 0.0 && p_.plr_min <= p_.plr_min_unload && p_.plr_min_unload <= p_.plr_max &&
        p_.plr_max > 0.0))
    throw std::invalid_argument("ChillerEir: need 0 <= plr_min <= plr_min_unload <= plr_max, plr_max > 0");
}

ChillerResult ChillerEir::operate(double load_W, double chw_leaving_C, double cond_entering_C) const {
  ChillerResult r;
  if (!(load_W > 0.0)) return r;  // off (also catches NaN)

  const double avail = p_.ref_capacity_W * std::max(0.0, p_.cap_ft(chw_leaving_C, cond_entering_C));
  r.available_capacity_W = avail;
  if (avail <= 0.0) {
    r.unmet_W = load_W;
    return r;
  }
  const double q = std::min(load_W, avail * p_.plr_max);
  r.evaporator_W = q;
  r.unmet_W = load_W - q;
  r.plr = q / avail;

  const double frac = (p_.plr_min > 0.0 && r.plr < p_.plr_min) ? r.plr / p_.plr_min : 1.0;
  const double plr_energy = std::max(r.plr, p_.plr_min_unload);
  r.cycling_ratio = frac;
  r.false_load_W = std::max(0.0, avail * plr_energy * frac - q);

  const double eir_ft = std::max(0.0, p_.eir_ft(chw_leaving_C, cond_entering_C));
  const double eir_plr = std::max(0.0, p_.eir_fplr(plr_energy));
  r.power_W = avail / p_.ref_cop * eir_ft * eir_plr * frac;
  r.condenser_W = r.power_W * p_.condenser_power_fraction + q;
  r.cop = r.power_W > 0.0 ? q / r.power_W : 0.0;
  return r;
}

}  // namespace dcsim::cooling
