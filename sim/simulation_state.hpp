// The engine's state, shared by the files that implement Simulation (simulation.cpp: run loop, workload,
// failures; consolidation.cpp: consolidation and live migration). Private to sim/: not a public header.
#pragma once
#include <simgrid/s4u.hpp>

#include <chrono>
#include <deque>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <queue>
#include <vector>

#include "core/rng.hpp"
#include "models/consolidation/overload.hpp"
#include "models/consolidation/target_index.hpp"
#include "models/consolidation/vm_selection.hpp"
#include "models/policy/dvfs_governor.hpp"
#include "models/policy/host_index.hpp"
#include "models/policy/placement.hpp"
#include "models/weather/weather.hpp"
#include "sim/simulation.hpp"

namespace dcsim {

using Clock = std::chrono::steady_clock;
inline constexpr double kNever = std::numeric_limits<double>::infinity();

enum class ServerState : std::uint8_t { On, Off, Booting, Failed, Reserved };

struct Simulation::State {
  // Servers.
  std::vector<ServerState> server_state;
  std::vector<double> load_cores;  // demand: sum over its VMs of utilization x cores (at the fastest P-state)
  std::vector<int> alloc_cores;    // cores allocated to VMs (virtual cores with overcommit)
  std::vector<int> vm_count;
  std::vector<double> power_W;
  std::vector<double> inv_cores;
  std::vector<std::uint8_t> pstate;        // current P-state (0 = fastest)
  std::vector<double> unmet_cores;         // demand above what the server delivers now
  std::vector<std::int32_t> incoming;      // migrations arriving
  std::vector<std::uint8_t> saturated_flag;  // demand reaches capacity (and is not zero)
  double unmet_total = 0;                  // sum of unmet_cores
  long saturated = 0;                      // servers on with demand >= capacity
  long servers_on = 0;                     // On or Booting
  // Halls.
  std::vector<double> hall_power_W, hall_load_cores;
  double alloc_cores_total = 0;
  // VMs, by slot.
  std::vector<VmRequest> vm;
  std::vector<std::int32_t> vm_host;  // -1: free slot
  std::vector<float> vm_state, vm_util;
  std::vector<std::int32_t> vm_migration;  // index into migrations, -1 when not migrating
  std::vector<std::uint32_t> free_slots;
  long vms_running = 0;
  std::vector<std::uint32_t> vm_generation;  // bumped when a slot is freed: stale departures are ignored
  struct Departure {
    double t;
    std::uint32_t slot, generation;
    bool operator>(const Departure& o) const { return t != o.t ? t > o.t : slot > o.slot; }
  };
  std::priority_queue<Departure, std::vector<Departure>, std::greater<>> departures;
  struct Boot {
    double t;
    std::int64_t server;
    bool operator>(const Boot& o) const { return t != o.t ? t > o.t : server > o.server; }
  };
  std::priority_queue<Boot, std::vector<Boot>, std::greater<>> boots;
  // Policies and inputs.
  std::unique_ptr<policy::HostIndex> index;
  // The consolidator's PABFD targets (servers on), kept between rounds; one class per (type, P-state).
  consolidation::TargetIndex targets;
  std::vector<int> target_class;  // [type * target_pstates + pstate]
  int target_pstates = 0;
  policy::PlacementPolicy placement = policy::PlacementPolicy::FirstFit;
  std::vector<policy::DvfsGovernor> governors;  // per server type; empty: always the fastest P-state
  std::unique_ptr<WorkloadSource> source;
  struct Tick {
    UtilizationTick tick;
    double next_s;
    std::uint64_t step;
  };
  std::vector<Tick> ticks;
  weather::WeatherSeries weather;
  bool weather_varies = false;
  double next_weather_s = kNever;
  // Consolidation and migration.
  struct Migration {
    std::uint64_t id;
    bool aborted;        // kept until its transfer ends (no activity is cancelled under a waiting actor)
    std::uint32_t slot;
    std::int32_t from, to;
    double planned_s, started_s, round_started_s;  // planned; first transfer began; this round began
    double round_bytes;
    int round;           // 0.. pre-copy rounds; stop_and_copy once the remainder fits the downtime
    bool stop_and_copy;
    simgrid::s4u::CommPtr comm;
  };
  std::vector<Migration> migrations;       // in flight (unordered; removal swaps with the last)
  std::uint64_t next_migration_id = 0;
  long migrations_active = 0;              // not aborted
  // consolidation.migration.max_concurrent: migrations whose transfers wait for a slot, in plan order (their
  // destination is reserved already), and the migrations whose transfers hold one.
  std::deque<std::pair<std::uint64_t, std::uint32_t>> transfer_queue;
  long transfers_running = 0;
  // Migration workers: actors that each follow one migration's transfers, then take the next job. One
  // wait on every transfer at once costs O(n) per completion (SimGrid registers the wait with each), and an
  // actor per migration costs a stack mapping each; a pool grows to the largest number in flight.
  std::deque<std::pair<std::uint64_t, std::uint32_t>> migration_jobs;  // (id, VM slot) not yet followed
  int idle_workers = 0;                    // waiting for a job and not yet notified
  simgrid::s4u::MutexPtr jobs_mutex;
  simgrid::s4u::ConditionVariablePtr jobs_cv;
  std::vector<double> target_cores;        // per target class (S.targets): its servers' cores
  std::vector<float> host_history;         // servers x history_length ring, newest at history_head
  std::vector<float> vm_history;           // slots x history_length (MC selection only)
  int history_length = 30, history_head = 0, history_filled = 0;
  Rng selection_rng;
  // Integration.
  double t_last = 0;
  RunTotals at_last_sample;
  double t_last_sample = 0;
  // Progress.
  Clock::time_point run_start;
  Clock::time_point last_progress;
  bool progress_shown = false;
  bool driver_done = false;
  std::exception_ptr failure;
};

}  // namespace dcsim
