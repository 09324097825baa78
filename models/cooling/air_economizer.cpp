#include "models/cooling/air_economizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::cooling {
namespace {

// Room air flow that carries heat_W from T_s to T_r; 0 when there is no usable temperature rise.
double room_flow_m3s(double heat_W, double dT, double rho, double cp) {
  return dT > 0.0 ? std::max(heat_W, 0.0) / (rho * cp * dT) : 0.0;
}

EconomizerResult split(double heat_W, double free_fraction) {
  EconomizerResult r;
  const double q = std::max(heat_W, 0.0);
  r.free_fraction = std::clamp(free_fraction, 0.0, 1.0);
  r.mode = r.free_fraction >= 1.0 ? EconomizerMode::Full
           : r.free_fraction > 0.0 ? EconomizerMode::Partial
                                   : EconomizerMode::Off;
  r.free_heat_W = q * r.free_fraction;
  r.mechanical_heat_W = q - r.free_heat_W;
  return r;
}

}  // namespace

DirectAirEconomizer::DirectAirEconomizer(DirectAirEconomizerParams params) : p_(params) {
  if (!(p_.fan_W_per_m3s >= 0.0) || !(p_.air_density_kgm3 > 0.0) || !(p_.air_cp_JkgK > 0.0)) {
    throw std::invalid_argument("DirectAirEconomizer: fan power must be >= 0 and air properties > 0");
  }
}

EconomizerResult DirectAirEconomizer::evaluate(double heat_W, double supply_C, double return_C, double oa_C,
                                               double oa_dew_point_C) const {
  const double dT = return_C - supply_C;
  const bool enabled = oa_C >= p_.min_dry_bulb_C && oa_C <= p_.max_dry_bulb_C &&
                       oa_dew_point_C <= p_.max_dew_point_C && oa_C < return_C && dT > 0.0;
  if (!enabled) return split(heat_W, 0.0);
  // Full: mix outdoor and return air down to T_s. Partial: all outdoor air, mechanical trim from T_oa to T_s.
  const bool full = oa_C <= supply_C;
  EconomizerResult r = split(heat_W, full ? 1.0 : (return_C - oa_C) / dT);
  const double oa_fraction = full ? dT / (return_C - oa_C) : 1.0;
  r.outdoor_air_flow_m3s = oa_fraction * room_flow_m3s(heat_W, dT, p_.air_density_kgm3, p_.air_cp_JkgK);
  r.fan_W = p_.fan_W_per_m3s * r.outdoor_air_flow_m3s;
  return r;
}

IndirectAirEconomizer::IndirectAirEconomizer(IndirectAirEconomizerParams params) : p_(params) {
  if (!(p_.effectiveness > 0.0 && p_.effectiveness <= 1.0) || !(p_.secondary_flow_ratio > 0.0) ||
      !(p_.fan_W_per_m3s >= 0.0) || !(p_.air_density_kgm3 > 0.0) || !(p_.air_cp_JkgK > 0.0)) {
    throw std::invalid_argument(
        "IndirectAirEconomizer: effectiveness must be in (0, 1], flow ratio > 0, fan power >= 0, air properties > 0");
  }
}

EconomizerResult IndirectAirEconomizer::evaluate(double heat_W, double supply_C, double return_C, double oa_C) const {
  const double dT = return_C - supply_C;
  if (!(oa_C < return_C) || !(dT > 0.0)) return split(heat_W, 0.0);
  const double available = p_.effectiveness * (return_C - oa_C) / dT;  // > 1: more than needed
  EconomizerResult r = split(heat_W, available);
  const double duty = std::min(1.0, 1.0 / available);  // secondary flow turned down when there is a surplus
  r.outdoor_air_flow_m3s =
      p_.secondary_flow_ratio * duty * room_flow_m3s(heat_W, dT, p_.air_density_kgm3, p_.air_cp_JkgK);
  r.fan_W = p_.fan_W_per_m3s * r.outdoor_air_flow_m3s;
  return r;
}

}  // namespace dcsim::cooling
