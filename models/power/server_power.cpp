#include "models/power/server_power.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace dcsim::power {
namespace {

void require_watts(double w, const char* what) {
  if (!std::isfinite(w) || w < 0.0)
    throw std::invalid_argument(std::string(what) + " must be a finite power >= 0 W, got " + std::to_string(w));
}

// Shortest text that reads back to the same double ("100", "93.7").
std::string format_number(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace

PowerCurve::PowerCurve(std::vector<double> points, double zero_load_W)
    : points_(std::move(points)), zero_load_W_(zero_load_W) {}

PowerCurve PowerCurve::table(std::vector<double> watts) {
  if (watts.size() < 2)
    throw std::invalid_argument("power curve table needs at least 2 points (u=0 and u=1), got " +
                                std::to_string(watts.size()));
  for (std::size_t i = 0; i < watts.size(); ++i)
    require_watts(watts[i], ("power curve point " + std::to_string(i)).c_str());
  const double p0 = watts.front();
  return PowerCurve(std::move(watts), p0);
}

PowerCurve PowerCurve::linear(double idle_W, double peak_W) {
  require_watts(idle_W, "idle power");
  require_watts(peak_W, "peak power");
  if (peak_W < idle_W)
    throw std::invalid_argument("peak power (" + std::to_string(peak_W) + " W) must be >= idle power (" +
                                std::to_string(idle_W) + " W)");
  return PowerCurve({idle_W, peak_W}, idle_W);
}

PowerCurve PowerCurve::from_simgrid_cores(double idle_W, double epsilon_W, double full_W, int cores) {
  require_watts(idle_W, "SimGrid idle power");
  require_watts(epsilon_W, "SimGrid epsilon power");
  require_watts(full_W, "SimGrid full (all cores) power");
  if (cores < 1) throw std::invalid_argument("core count must be >= 1, got " + std::to_string(cores));
  return PowerCurve({epsilon_W, full_W}, idle_W);
}

bool PowerCurve::is_linear(double tol_W) const {
  const std::size_t last = points_.size() - 1;
  for (std::size_t i = 1; i < last; ++i) {
    const double line = points_[0] + (points_[last] - points_[0]) * static_cast<double>(i) / static_cast<double>(last);
    if (std::abs(points_[i] - line) > tol_W) return false;
  }
  return true;
}

ServerPowerModel::ServerPowerModel(std::vector<PState> pstates, ServerPowerStates states)
    : pstates_(std::move(pstates)), states_(states) {
  if (pstates_.empty()) throw std::invalid_argument("server power model needs at least one P-state");
  for (std::size_t i = 0; i < pstates_.size(); ++i) {
    const double s = pstates_[i].core_speed_flops;
    if (!std::isfinite(s) || s <= 0.0)
      throw std::invalid_argument("P-state " + std::to_string(i) + " core speed must be > 0 flop/s, got " +
                                  std::to_string(s));
    if (i > 0 && s > pstates_[i - 1].core_speed_flops)
      throw std::invalid_argument("P-state speeds must be non-increasing (index 0 = fastest); P-state " +
                                  std::to_string(i) + " is faster than P-state " + std::to_string(i - 1));
  }
  require_watts(states_.off_W, "off power");
  require_watts(states_.sleep_W, "sleep power");
  require_watts(states_.boot_W, "boot power");
  require_watts(states_.shutdown_W, "shutdown power");
  if (!std::isfinite(states_.boot_time_s) || states_.boot_time_s < 0.0)
    throw std::invalid_argument("boot time must be finite and >= 0 s");
  if (!std::isfinite(states_.shutdown_time_s) || states_.shutdown_time_s < 0.0)
    throw std::invalid_argument("shutdown time must be finite and >= 0 s");
}

ServerPowerModel ServerPowerModel::single(PowerCurve curve, double core_speed_flops, ServerPowerStates states) {
  return ServerPowerModel({PState{core_speed_flops, std::move(curve)}}, states);
}

const PState& ServerPowerModel::pstate_at(int i) const {
  if (i < 0 || i >= static_cast<int>(pstates_.size()))
    throw std::out_of_range("P-state " + std::to_string(i) + " out of range [0, " +
                            std::to_string(pstates_.size()) + ")");
  return pstates_[static_cast<std::size_t>(i)];
}

double ServerPowerModel::power_W(HostPowerState state, double u, int pstate) const {
  switch (state) {
    case HostPowerState::Off: return states_.off_W;
    case HostPowerState::Sleep: return states_.sleep_W;
    case HostPowerState::Booting: return states_.boot_W;
    case HostPowerState::ShuttingDown: return states_.shutdown_W;
    case HostPowerState::On: break;
  }
  return power_W(u, pstate);
}

std::string to_simgrid_wattage(const PowerCurve& curve) {
  if (!curve.is_linear(1e-9 * (1.0 + curve.peak_W())))
    throw std::invalid_argument(
        "SimGrid's host energy plugin models only linear power curves (idle:epsilon:full); this curve has " +
        std::to_string(curve.points().size()) +
        " non-collinear points. Integrate it outside SimGrid or approximate it with PowerCurve::linear(idle, peak)");
  return format_number(curve.idle_W()) + ":" + format_number(curve.epsilon_W()) + ":" + format_number(curve.peak_W());
}

std::string to_simgrid_wattage_per_state(const ServerPowerModel& model) {
  std::string out;
  for (const PState& p : model.pstates()) {
    if (!out.empty()) out += ",";
    out += to_simgrid_wattage(p.curve);
  }
  return out;
}

PowerCurve hp_proliant_ml110_g4() {
  return PowerCurve::table({86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117});
}

PowerCurve hp_proliant_ml110_g5() {
  return PowerCurve::table({93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135});
}

}  // namespace dcsim::power
