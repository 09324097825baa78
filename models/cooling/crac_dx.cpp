#include "models/cooling/crac_dx.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dcsim::cooling {
namespace {

double quadratic(const std::array<double, 3>& c, double x) { return c[0] + x * (c[1] + x * c[2]); }

double quartic(const std::array<double, 5>& c, double x) {
  return c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * c[4])));
}

// Input ranges of the example's curves (EnergyPlus clamps curve inputs to their declared limits).
constexpr double kFlowCurveMin = 0.5, kFlowCurveMax = 1.5;
constexpr double kMinPlf = 0.7;  // EnergyPlus floors the part-load fraction at 0.7

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("CracDx: ") + what);
}

}  // namespace

PiecewiseLinear::PiecewiseLinear(const std::vector<std::pair<double, double>>& points) {
  if (points.empty()) throw std::invalid_argument("PiecewiseLinear: at least one point is required");
  x_.reserve(points.size());
  y_.reserve(points.size());
  for (const auto& [x, y] : points) {
    if (!std::isfinite(x) || !std::isfinite(y)) throw std::invalid_argument("PiecewiseLinear: non-finite point");
    if (!x_.empty() && !(x > x_.back())) throw std::invalid_argument("PiecewiseLinear: x must strictly increase");
    x_.push_back(x);
    y_.push_back(y);
  }
}

double PiecewiseLinear::operator()(double x) const {
  if (x_.empty()) return 0.0;
  if (!(x > x_.front())) return y_.front();  // also catches NaN
  if (x >= x_.back()) return y_.back();
  const std::size_t i = static_cast<std::size_t>(std::upper_bound(x_.begin(), x_.end(), x) - x_.begin());
  const double t = (x - x_[i - 1]) / (x_[i] - x_[i - 1]);
  return y_[i - 1] + t * (y_[i] - y_[i - 1]);
}

CracDx::CracDx(CracDxParams params) : p_(std::move(params)), eir_ft_(p_.eir_ft_outdoor) {
  require(p_.rated_capacity_W > 0.0, "rated capacity must be > 0");
  require(p_.rated_cop > 0.0, "rated COP must be > 0");
  require(p_.rated_airflow_m3s > 0.0 && p_.fan_max_flow_m3s > 0.0, "air flows must be > 0");
  require(p_.fan_total_efficiency > 0.0 && p_.fan_total_efficiency <= 1.0, "fan total efficiency must be in (0, 1]");
  require(p_.fan_motor_efficiency > 0.0 && p_.fan_motor_efficiency <= 1.0, "motor efficiency must be in (0, 1]");
  require(p_.fan_motor_in_airstream_fraction >= 0.0 && p_.fan_motor_in_airstream_fraction <= 1.0,
          "motor-in-airstream fraction must be in [0, 1]");
  require(p_.fan_min_flow_fraction >= 0.0 && p_.fan_min_flow_fraction <= 1.0, "minimum flow fraction must be in [0, 1]");
  require(p_.fan_pressure_rise_Pa >= 0.0, "fan pressure rise must be >= 0");
  require(p_.air_density_kgm3 > 0.0 && p_.air_cp_JkgK > 0.0, "air properties must be > 0");
  require(p_.units >= 1, "units must be >= 1");
  require(quadratic(p_.cap_fff, kFlowCurveMin) > 0.0 && quadratic(p_.cap_fff, 1.0) > 0.0, "CAPFFF must be > 0");
}

double CracDx::eir_temperature_multiplier(double outdoor_dry_bulb_C) const { return eir_ft_(outdoor_dry_bulb_C); }

double CracDx::fan_power_W(double flow_fraction) const {
  const double ff = std::clamp(flow_fraction, p_.fan_min_flow_fraction, 1.0);
  const double design_W = p_.fan_max_flow_m3s * p_.fan_pressure_rise_Pa / p_.fan_total_efficiency;
  return std::max(0.0, quartic(p_.fan_power_fflow, ff)) * design_W;
}

double CracDx::flow_fraction_for(double heat_W, double supply_air_C, double return_air_C) const {
  const double dT = return_air_C - supply_air_C;
  if (!(dT > 0.0)) return 1.0;  // no temperature rise to work with: run at full flow
  const double per_unit_m3s =
      std::max(heat_W, 0.0) / p_.units / (p_.air_density_kgm3 * p_.air_cp_JkgK * dT);
  return std::clamp(per_unit_m3s / p_.rated_airflow_m3s, p_.fan_min_flow_fraction, 1.0);
}

CracDxResult CracDx::evaluate_at_flow(double heat_W, double outdoor_dry_bulb_C, double flow_fraction) const {
  CracDxResult r;
  const double n = static_cast<double>(p_.units);
  const double ff = std::clamp(flow_fraction, p_.fan_min_flow_fraction, 1.0);
  const double fan_W = fan_power_W(ff);
  const double fan_heat_W =
      fan_W * (p_.fan_motor_efficiency + (1.0 - p_.fan_motor_efficiency) * p_.fan_motor_in_airstream_fraction);
  const double coil_load_W = std::max(heat_W, 0.0) / n + fan_heat_W;

  const double ff_curve = std::clamp(ff, kFlowCurveMin, kFlowCurveMax);
  const double capacity_W = p_.rated_capacity_W * quadratic(p_.cap_fff, ff_curve);
  const double plr = std::min(coil_load_W / capacity_W, 1.0);
  const double plf = std::max(kMinPlf, quadratic(p_.plf_fplr, std::clamp(plr, 0.0, 1.0)));
  const double rtf = std::min(plr / plf, 1.0);
  const double eir_ft = eir_temperature_multiplier(outdoor_dry_bulb_C);
  const double eir = eir_ft * quadratic(p_.eir_fff, ff_curve) / p_.rated_cop;
  const double coil_W = capacity_W * eir * rtf;

  r.flow_fraction = ff;
  r.part_load_ratio = plr;
  r.eir_temperature_multiplier = eir_ft;
  r.pumped_refrigerant_mode = eir_ft < p_.pumped_refrigerant_below_eir;
  r.heat_removed_W = n * std::min(coil_load_W, capacity_W);
  r.unmet_W = n * std::max(0.0, coil_load_W - capacity_W);
  r.compressor_W = n * coil_W;
  r.fan_W = n * fan_W;
  r.total_W = r.compressor_W + r.fan_W;
  return r;
}

CracDxResult CracDx::evaluate(double heat_W, const ConditionsIn& c) const {
  return evaluate_at_flow(heat_W, c.outdoor_dry_bulb_C, flow_fraction_for(heat_W, c.supply_air_C, c.return_air_C));
}

}  // namespace dcsim::cooling
