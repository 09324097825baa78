// One simulation run: the site's state in compact arrays, a workload driver and a sampler as the only
// SimGrid actors, and exact integration of piecewise-constant power between events (sum of per-server
// integrals = integral of the hall sums, so halls are integrated, exactly). SimGrid keeps the clock and
// carries everything that contends on the network (migrations, storage traffic) as it is added.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/facility.hpp"
#include "sim/platform.hpp"
#include "sim/scenario.hpp"
#include "sim/site_layout.hpp"
#include "sim/workload_source.hpp"

namespace dcsim {

struct SeriesRow {  // averages over the sampling interval ending at time_s
  double time_s = 0;
  std::vector<double> hall_servers_W, hall_cooling_W, hall_utilization;
  double servers_W = 0, network_W = 0, losses_W = 0, cooling_W = 0, facility_W = 0;
  double outdoor_dry_bulb_C = 0;
  long vms_running = 0;
};

struct RunTotals {
  // Energy in J over [0, end].
  double servers_J = 0, network_J = 0, pdu_loss_J = 0, ups_loss_J = 0, transformer_loss_J = 0, cooling_J = 0,
         facility_J = 0;
  std::vector<double> hall_servers_J, hall_cooling_J;
  double busy_core_s = 0;       // integral of sum over servers of (utilization x cores)
  double allocated_core_s = 0;  // integral of cores allocated to VMs
  double peak_it_W = 0, peak_facility_W = 0;
  long vms_requested = 0, vms_placed = 0, vms_rejected = 0, vms_completed = 0, vms_running = 0;
  long events = 0;
  double simulated_s = 0;
  double max_energy_balance_error_W = 0;  // invariant check: |facility - (it + losses + cooling)|
  double max_power_drift_W = 0;           // invariant check: incremental vs recomputed hall power
};

class Simulation {
 public:
  explicit Simulation(Scenario scenario);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Runs to the end of the scenario (or to `until_s`, then can be resumed).
  void run(double until_s = -1);
  bool finished() const { return finished_; }
  double now() const;

  const Scenario& scenario() const { return scenario_; }
  const SiteLayout& layout() const { return layout_; }
  const RunTotals& totals() const { return totals_; }
  const std::vector<SeriesRow>& series() const { return series_; }
  double build_wall_s() const { return build_wall_s_; }
  double run_wall_s() const { return run_wall_s_; }
  long platform_links() const { return platform_.links; }

  // Live state, for the step API.
  double server_utilization(long server) const;
  double server_power_W(long server) const;
  int server_vm_count(long server) const;
  FacilityPower facility_now() const { return facility_; }

  // Checks the run's invariants; throws std::logic_error naming the one that failed.
  void check_invariants() const;

  bool show_progress = true;

 private:
  struct State;
  void driver();
  void sampler();
  void advance(double t);        // integrate [t_last, t] with the current powers
  void refresh_facility();       // after state changed at the current time
  void place(const VmRequest& request);
  void depart(std::uint32_t slot);
  void apply_tick(UtilizationKind kind, std::uint64_t step, double t);
  void recompute_powers();
  void check_hall_sums();
  void set_server_load(long server, double load_cores);
  void progress(bool final);

  Scenario scenario_;
  SiteLayout layout_;
  std::unique_ptr<FacilityModel> facility_model_;
  std::unique_ptr<State> state_;
  Platform platform_;
  RunTotals totals_;
  std::vector<SeriesRow> series_;
  FacilityPower facility_;
  std::vector<double> hall_utilization_since_sample_;  // integral of hall utilization since the last sample
  double build_wall_s_ = 0, run_wall_s_ = 0;
  bool started_ = false, finished_ = false;
};

}  // namespace dcsim
