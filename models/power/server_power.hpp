// Server power as a function of CPU utilization, P-state and power state.
//
//   PowerCurve (SPECpower style): N >= 2 points p_0..p_{N-1} at u = i/(N-1), linear between points:
//     P(u) = p_i + (u*(N-1) - i) * (p_{i+1} - p_i),  i = floor(u*(N-1)),  u clamped to [0,1].
//   CloudSim's PlanetLab hosts use 11 points (0%,10%,..,100%) from SPECpower_ssj2008 results, e.g.
//   HP ProLiant ML110 G4: 86 .. 117 W, ML110 G5: 93.7 .. 135 W (design/MODELS.md).
//   Linear model: P(u) = idle + (peak - idle) u.
//   SimGrid host-energy plugin (src/plugins/host_energy.cpp, "wattage_per_state" = "idle:epsilon:full"):
//     P = idle when nothing runs (u == 0), else P = epsilon + (full - epsilon) u, with u = load/(speed*cores).
//     We represent this as a curve whose value at exactly u == 0 ("zero-load" power) differs from its limit
//     as u -> 0+ (epsilon). For table/linear curves both are p_0.
//
//   ServerPowerModel: P-states (index 0 = fastest), each with its own curve, plus off, sleep, boot and
//   shutdown power; boot/shutdown energy = power x duration.
#pragma once
#include <string>
#include <vector>

namespace dcsim::power {

class PowerCurve {
 public:
  PowerCurve() : points_{0.0, 0.0} {}  // 0 W everywhere; a placeholder, so holders can be default-built
  // N >= 2 equally spaced points from u=0 to u=1 (W, finite, >= 0). Throws std::invalid_argument.
  static PowerCurve table(std::vector<double> watts);
  // Two points: idle at u=0, peak at u=1 (0 <= idle <= peak). Throws std::invalid_argument.
  static PowerCurve linear(double idle_W, double peak_W);
  // SimGrid's "idle:epsilon:full" for a host with `cores` cores (>= 1). u is the load fraction of all cores
  // (busy_cores / cores), so 4 cores, 100:120:200 gives 100 W idle, then 140/160/180/200 W at 1..4 busy
  // cores. The core count does not change the curve in u; it is validated and documents the meaning of u.
  static PowerCurve from_simgrid_cores(double idle_W, double epsilon_W, double full_W, int cores);

  // Power at utilization u; u is clamped to [0,1] (NaN counts as 0). No allocation.
  double power_W(double u) const {
    if (!(u > 0.0)) return zero_load_W_;
    const std::size_t last = points_.size() - 1;
    if (u >= 1.0) return points_[last];
    const double x = u * static_cast<double>(last);
    std::size_t i = static_cast<std::size_t>(x);
    if (i >= last) i = last - 1;
    const double frac = x - static_cast<double>(i);
    return points_[i] + frac * (points_[i + 1] - points_[i]);
  }

  double idle_W() const { return zero_load_W_; }        // P(0): nothing runs
  double epsilon_W() const { return points_.front(); }  // limit of P(u) as u -> 0+
  double peak_W() const { return points_.back(); }      // P(1)
  const std::vector<double>& points() const { return points_; }
  // True when all points lie on the line through the first and last (within tol_W); the zero-load value
  // may differ (SimGrid's epsilon form is still "linear").
  bool is_linear(double tol_W = 1e-9) const;

 private:
  PowerCurve(std::vector<double> points, double zero_load_W);
  std::vector<double> points_;
  double zero_load_W_ = 0.0;
};

struct PState {
  double core_speed_flops = 0.0;  // per core, flop/s
  PowerCurve curve;
};

enum class HostPowerState { Off, Booting, On, ShuttingDown, Sleep };

struct ServerPowerStates {
  double off_W = 0.0;            // SimGrid's wattage_off (BMC, PSU standby)
  double sleep_W = 0.0;          // suspend-to-RAM
  double boot_time_s = 0.0;
  double boot_W = 0.0;           // power while booting
  double shutdown_time_s = 0.0;
  double shutdown_W = 0.0;       // power while shutting down
};

class ServerPowerModel {
 public:
  // pstates non-empty, speeds > 0 and non-increasing (index 0 = fastest); state powers/times finite >= 0.
  // Throws std::invalid_argument.
  ServerPowerModel(std::vector<PState> pstates, ServerPowerStates states = {});
  // One P-state.
  static ServerPowerModel single(PowerCurve curve, double core_speed_flops, ServerPowerStates states = {});

  // Power when on, at utilization u in P-state `pstate`. Throws std::out_of_range for a bad index.
  double power_W(double u, int pstate) const { return pstate_at(pstate).curve.power_W(u); }
  // Power in any state; u and pstate only matter when On.
  double power_W(HostPowerState state, double u, int pstate) const;

  int pstate_count() const { return static_cast<int>(pstates_.size()); }
  const PState& pstate_at(int i) const;
  const std::vector<PState>& pstates() const { return pstates_; }
  double off_W() const { return states_.off_W; }
  double sleep_W() const { return states_.sleep_W; }
  double boot_time_s() const { return states_.boot_time_s; }
  double boot_W() const { return states_.boot_W; }
  double shutdown_time_s() const { return states_.shutdown_time_s; }
  double shutdown_W() const { return states_.shutdown_W; }
  double boot_energy_J() const { return states_.boot_time_s * states_.boot_W; }
  double shutdown_energy_J() const { return states_.shutdown_time_s * states_.shutdown_W; }

 private:
  std::vector<PState> pstates_;
  ServerPowerStates states_;
};

// "idle:epsilon:full" for SimGrid's wattage_per_state (epsilon = idle for a plain linear curve). Throws
// std::invalid_argument if the curve is not linear: SimGrid cannot represent a SPECpower table; integrate
// such curves outside SimGrid or approximate with PowerCurve::linear(c.idle_W(), c.peak_W()).
std::string to_simgrid_wattage(const PowerCurve& curve);
// All P-states, comma-separated, in P-state order: "95:120:200,93:115:170".
std::string to_simgrid_wattage_per_state(const ServerPowerModel& model);

// Reference curves from design/MODELS.md (CloudSim PlanetLab hosts, SPECpower_ssj2008).
PowerCurve hp_proliant_ml110_g4();
PowerCurve hp_proliant_ml110_g5();

}  // namespace dcsim::power
