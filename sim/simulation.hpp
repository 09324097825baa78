// One simulation run: the site's state in compact arrays, a workload driver and a sampler as the only
// SimGrid actors, and exact integration of piecewise-constant power between events (sum of per-server
// integrals = integral of the hall sums, so halls are integrated, exactly). SimGrid keeps the clock and
// carries everything that contends on the network (migrations, storage traffic) as it is added.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/facility.hpp"
#include "sim/platform.hpp"
#include "sim/scenario.hpp"
#include "sim/site_layout.hpp"
#include "sim/subsystem.hpp"
#include "sim/workload_source.hpp"

namespace dcsim {
namespace policy {
class HostIndex;
}

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
  long vms_restarted = 0, vms_evicted = 0;  // after server failures: restarted elsewhere, or nowhere to go
  double vm_downtime_s = 0;                 // summed over VMs (restart delays)
  long server_failures = 0, server_repairs = 0;
  double subsystems_J = 0;                  // extra IT energy of subsystems (disks, ...)
  // SLA (Beloglazov & Buyya 2012, dcsim semantics: docs/consolidation.md).
  double active_server_s = 0;     // integral of servers on (or booting)
  double saturated_server_s = 0;  // integral of servers on whose demand reaches their capacity (SLATAH numerator)
  double unmet_core_s = 0;        // integral of demand not delivered (overcommit, booting, slow P-states)
  double degraded_core_s = 0;     // demand lost to migrations (degradation while migrating + downtime)
  long migrations = 0, migrations_completed = 0, migrations_aborted = 0;
  double migration_bytes = 0, migration_time_s = 0, migration_downtime_s = 0, migration_queue_s = 0;
  long server_boots = 0, server_switch_offs = 0;
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

  // ---- for subsystems (storage, failure injection) ----
  void add_subsystem(std::unique_ptr<Subsystem> subsystem);  // before run()
  const std::vector<std::unique_ptr<Subsystem>>& subsystems() const { return subsystems_; }
  const Platform& platform() const { return platform_; }
  // Bracket any change of a subsystem's power: integrate up to now, then re-evaluate the facility.
  void before_change();
  void after_change();
  // Server failure: the server stops drawing power (off power only); its VMs restart elsewhere after
  // `vm_restart_delay_s` (counted as downtime) or, where none fits, are evicted (counted). Repair brings it
  // back empty. Servers reserved for a subsystem (storage nodes) take no VMs.
  void fail_server(long server);
  void repair_server(long server);
  bool server_failed(long server) const;
  void reserve_server(long server);
  double vm_restart_delay_s = 60;

  // ---- placement hook (Python policies: docs/python.md) ----
  // Called for each VM to place (arrivals and restarts after a failure) with the placement index: returns a
  // host id (it must fit the VM), -1 for none (the VM is rejected, or waits for a switched-off server to boot),
  // or -2 for the scenario's built-in policy. An empty function restores the built-in policy.
  using PlacementCallback = std::function<int(const VmRequest&, const policy::HostIndex&)>;
  void set_placement_callback(PlacementCallback callback) { placement_callback_ = std::move(callback); }
  // Switches the built-in policy ("first-fit", "best-fit", "worst-fit", "round-robin") from now on; throws
  // InputErrors for another name.
  void set_placement_policy(const std::string& name);

  bool show_progress = true;

 // The engine's state: opaque outside sim/ (sim/simulation_state.hpp).
  struct State;

 private:
  int select_host(const VmRequest& request);  // the callback or the built-in policy; allocates on success
  PlacementCallback placement_callback_;
  void driver();
  void sampler();
  // Starts an actor whose exception stops the run and is rethrown by run(); daemons end with the others.
  void spawn(const char* name, std::function<void()> body, bool daemon = false);
  void consolidator();           // consolidation.cpp
  void migration_worker();                                       // consolidation.cpp
  void migration_waiter(std::uint64_t id, std::uint32_t slot);  // consolidation.cpp
  long find_migration(std::uint64_t id, std::uint32_t slot) const;
  void consolidate_round();      // consolidation.cpp
  void start_migration(std::uint32_t slot, int to);
  void start_queued_transfers();             // while a transfer slot is free (max_concurrent)
  void begin_transfer(size_t index);         // round 0 of a planned migration, followed by a worker
  bool migration_round_done(size_t index);  // false once the migration's transfers are over
  void finish_migration(size_t index);
  void abort_migration(size_t index);
  void remove_migration(size_t index);
  void switch_off_idle_servers();
  void boot_server(long server);
  long find_off_server(int cores, double memory_B) const;
  void advance(double t);        // integrate [t_last, t] with the current powers
  void refresh_facility();       // after state changed at the current time
  std::int64_t place(const VmRequest& request);  // the VM's slot, -1 if rejected
  void depart(std::uint32_t slot);
  void autoscale(double t);  // autoscale.cpp: autoscaled groups act at their utilization tick
  void apply_tick(UtilizationKind kind, std::uint64_t step, double t);
  void recompute_powers();
  void check_hall_sums();
  void set_server_load(long server, double load_cores);
  void update_server(long server);  // power, unmet demand and saturation from its state and load
  double server_power(long server, double load_cores) const;
  void progress(bool final);

  Scenario scenario_;
  SiteLayout layout_;
  std::vector<std::unique_ptr<Subsystem>> subsystems_;
  std::unique_ptr<FacilityModel> facility_model_;
  std::unique_ptr<State> state_;
  Platform platform_;
  RunTotals totals_;
  std::vector<SeriesRow> series_;
  FacilityPower facility_;
  double subsystems_W_ = 0;
  std::vector<double> hall_utilization_since_sample_;  // integral of hall utilization since the last sample
  double build_wall_s_ = 0, run_wall_s_ = 0;
  bool started_ = false, finished_ = false;
};

}  // namespace dcsim
