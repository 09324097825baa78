// Dynamic VM consolidation (Beloglazov & Buyya, CCPE 2012) in dcsim's own semantics, and live migration as
// iterative pre-copy over the simulated network. docs/consolidation.md describes both and where they differ
// from CloudSim 3.0.3 (whose exact behaviour is the compatibility mode, models/compat/).
//
// Every `consolidation.interval` the consolidator actor: records each server's requested utilization (and
// each VM's, for MC); finds overloaded servers with the chosen detector (THR, IQR, MAD, LR, LRR); takes VMs
// off them with the chosen selection (MMT, MC, MU, RS) until they are no longer overloaded; places those by
// power-aware best-fit decreasing (PABFD); empties the least-utilized servers all or nothing (underload
// step); starts the migrations; switches empty servers off. Between rounds it waits on the migrations'
// transfers: round 0 sends the VM's memory, round i what was dirtied during round i-1, at the rate the
// network actually gave; once the remainder fits `max_downtime` at that rate, the VM pauses for the last
// transfer (its downtime) and resumes on the destination. The destination's cores and memory are reserved
// from the start; the VM's load stays on the source until it resumes.
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>

#include "models/consolidation/pabfd.hpp"
#include "sim/simulation_state.hpp"

namespace dcsim {
namespace sg4 = simgrid::s4u;
namespace cons = consolidation;

namespace {

// The engine's state seen through the Model interface of models/consolidation/pabfd.hpp. VM ids are slots.
// Tentative placements change a copy of the loads, never the engine's state.
struct EngineModel {
  const Simulation::State& S;
  const SiteLayout& L;
  const ConsolidationSpec& C;
  double reject_threshold;                   // a target may not exceed this utilization after a placement
  std::vector<double> load, round_load;      // requested cores, tentative / at the round's start
  std::vector<int> free_cores;               // tentative, from the placement index
  std::vector<double> free_memory;
  std::vector<std::vector<int>> vms_on;      // per server: its VMs not migrating
  std::vector<int> candidates;               // servers on
  cons::TargetIndex& targets;                // servers on with a free core, by planned utilization (S.targets)
  std::vector<char> dropped;                 // excluded this round: out of the index until the next
  // Per server: the utilization it may reach after a placement, as its overload detector sees it this
  // round (THR: the threshold; IQR/MAD: 1 - s x spread of its history; LR/LRR: its utilization + (1 - s x
  // prediction) / s, so that the VMs placed add their demand to the prediction). In the index as the gate
  // u - limit, so servers that would refuse a VM are passed over untested.
  std::vector<double> accept_limit;
  std::vector<double> gate_limit;            // per target class, for the current query

  int host_count() const { return static_cast<int>(load.size()); }
  int vm_host(int vm) const { return S.vm_host[vm]; }
  double vm_demand(int vm) const { return double(S.vm_util[vm]) * S.vm[vm].cores; }
  double cores(int h) const { return L.type_cores[L.server_type[h]]; }
  double power(int h, double l) const {
    return L.server_models[L.server_type[h]].power_W(std::min(1.0, l / cores(h)), S.pstate[h]);
  }
  int target_class(int h) const { return S.target_class[L.server_type[h] * S.target_pstates + S.pstate[h]]; }
  // The server as a PABFD target: planned utilization, and its offset against what it draws now (0 when
  // busy; an empty server's zero-load or off power differs from the curve's first point).
  // A server without a free core takes no VM: it stays out of the index, so queries do not wade through
  // the (usually many) full servers.
  void index_target(int h) {
    if (free_cores[h] <= 0) {
      targets.erase(h);
      return;
    }
    const int c = target_class(h);
    const double a = std::min(1.0, load[h] / cores(h));
    targets.set(h, c, a, a > 0 ? 0.0 : targets.power_W(c, 0.0) - current_power(h), free_cores[h],
                load[h] / cores(h) - accept_limit[h]);
  }
  int find_host(int vm, std::span<const char> excluded) {
    using Verdict = cons::TargetIndex::Verdict;
    const double d = vm_demand(vm);
    const int c = S.vm[vm].cores;
    const double mem = S.vm[vm].memory_B;
    const int from = S.vm_host[vm];
    // Gate: u_h + d / C_c > limit_h  <=>  u_h - limit_h > -d / C_c (1e-9: never refuse a server accept() takes).
    for (size_t k = 0; k < gate_limit.size(); ++k) gate_limit[k] = -d / S.target_cores[k] + 1e-9;
    return targets.best(d, true, reject_threshold, [&](int h) {
      if (excluded[h]) {  // for the rest of the round
        dropped[h] = 1;
        return Verdict::Drop;
      }
      const bool fits = h != from && free_cores[h] >= c && free_memory[h] >= mem;
      const bool rejected = load[h] > 0 && (load[h] + d) / cores(h) > accept_limit[h];
      return fits && !rejected ? Verdict::Accept : Verdict::Skip;
    }, nullptr, c, gate_limit);
  }
  void moved(int h) {
    if (h >= 0 && !dropped[h] && S.server_state[h] == ServerState::On) index_target(h);
  }
  void place(int vm, int h) {
    load[h] += vm_demand(vm);
    free_cores[h] -= S.vm[vm].cores;
    free_memory[h] -= S.vm[vm].memory_B;
    const int from = S.vm_host[vm];
    if (from >= 0) load[from] -= vm_demand(vm);
    moved(h);
    moved(from);
  }
  void unplace(int vm, int h) {
    load[h] -= vm_demand(vm);
    free_cores[h] += S.vm[vm].cores;
    free_memory[h] += S.vm[vm].memory_B;
    const int from = S.vm_host[vm];
    if (from >= 0) load[from] += vm_demand(vm);
    moved(h);
    moved(from);
  }
  // What the server draws now, as consolidation sees it: an empty server that would be switched off costs
  // its off power, so filling it is charged its whole power (as CloudSim, where an empty host draws 0 W).
  double current_power(int h) const {
    if (C.switch_off_idle && load[h] == 0 && S.vm_count[h] == 0 && S.incoming[h] == 0 && free_cores[h] == S.index->capacity_cores(h))
      return L.server_models[L.server_type[h]].off_W();
    return power(h, load[h]);
  }
  double utilization(int h) const { return round_load[h] / cores(h); }
  bool can_be_emptied(int h) const { return !vms_on[h].empty() && S.incoming[h] == 0; }
  void migratable_vms(int h, std::vector<int>& out) const { out = vms_on[h]; }
};

}  // namespace

void Simulation::consolidator() {
  const double end = scenario_.simulation.duration_s;
  const double interval = scenario_.consolidation.interval_s;
  double next = interval;
  while (true) {
    const double until = std::min(next, end);
    if (until > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(until);
    // Let the workload driver's events at this instant (e.g. a trace's new utilizations) happen first: the
    // round sees the state at t, whichever actor SimGrid happened to wake first.
    sg4::this_actor::yield();
    const double t = sg4::Engine::get_clock();
    if (t >= end) break;
    if (t >= next) {
      consolidate_round();
      next += interval;
    }
  }
}

void Simulation::consolidate_round() {
  auto& S = *state_;
  const auto& C = scenario_.consolidation;
  const long n = layout_.servers();
  const int H = S.history_length;
  // Histories: requested utilization (demand / cores), newest at history_head.
  if (S.host_history.empty()) S.host_history.assign(static_cast<size_t>(n) * H, 0.0f);
  S.history_head = (S.history_head + 1) % H;
  S.history_filled = std::min(S.history_filled + 1, H);
  for (long s = 0; s < n; ++s)
    S.host_history[s * H + S.history_head] = static_cast<float>(S.load_cores[s] * S.inv_cores[s]);
  const bool mc = C.selection == "mc";
  if (mc) {
    if (S.vm_history.size() < S.vm.size() * H) S.vm_history.resize(S.vm.size() * H, 0.0f);
    for (size_t v = 0; v < S.vm.size(); ++v)
      S.vm_history[v * H + S.history_head] = S.vm_host[v] >= 0 ? S.vm_util[v] : 0.0f;
  }
  auto newest_first = [&](const std::vector<float>& ring, size_t row, std::vector<double>& out) {
    out.resize(S.history_filled);
    for (int k = 0; k < S.history_filled; ++k) out[k] = ring[row * H + (S.history_head - k + H) % H];
  };

  cons::OverloadDetector detector;
  detector.method = cons::parse_overload_method(C.overload);
  detector.parameter = C.overload_parameter;
  detector.interval_s = C.interval_s;
  detector.apply_regression_weights = true;  // dcsim's own mode: the weighted fits as published
  if (S.target_class.empty()) {
    for (const auto& model : layout_.server_models) S.target_pstates = std::max(S.target_pstates, model.pstate_count());
    S.target_class.assign(layout_.server_models.size() * static_cast<size_t>(S.target_pstates), -1);
    for (size_t t = 0; t < layout_.server_models.size(); ++t)
      for (int p = 0; p < layout_.server_models[t].pstate_count(); ++p) {
        S.target_class[t * S.target_pstates + p] =
            S.targets.add_class(layout_.type_cores[t], layout_.server_models[t].pstate_at(p).curve.points());
        S.target_cores.push_back(layout_.type_cores[t]);
      }
    S.targets.resize(static_cast<int>(n));
  }
  EngineModel m{S, layout_, C, detector.method == cons::OverloadMethod::Thr ? C.overload_parameter : 1.0,
                S.load_cores, S.load_cores, {}, {}, {}, {}, S.targets, {}, {}, {}};
  m.free_cores.resize(n);
  m.free_memory.resize(n);
  m.dropped.assign(n, 0);
  m.gate_limit.assign(S.target_cores.size(), 0.0);
  // Each server's acceptance limit from its detector (see EngineModel::accept_limit).
  std::vector<double> history;
  const double link_Bps = scenario_.network.server_link_Bps;
  m.accept_limit.assign(n, m.reject_threshold);
  if (detector.method != cons::OverloadMethod::Thr) {
    const bool regression = detector.method == cons::OverloadMethod::Lr || detector.method == cons::OverloadMethod::Lrr;
    std::vector<double> max_mig(regression ? n : 0, 0.0);  // longest migration of its VMs at the NIC rate (LR horizon)
    if (regression)
      for (std::uint32_t v = 0; v < S.vm.size(); ++v)
        if (S.vm_host[v] >= 0) max_mig[S.vm_host[v]] = std::max(max_mig[S.vm_host[v]], S.vm[v].memory_B / link_Bps);
    for (long s = 0; s < n; ++s) {
      if (S.server_state[s] != ServerState::On || S.load_cores[s] <= 0) continue;  // empty servers: capacity only
      newest_first(S.host_history, static_cast<size_t>(s), history);
      const cons::OverloadCheck check = cons::check_overload(detector, history, 0.0, regression ? max_mig[s] : 0.0);
      // Never past full (a falling prediction would otherwise let a placement overcommit the server).
      m.accept_limit[s] = std::min(1.0, check.fallback || !regression
                                            ? check.metric
                                            : S.load_cores[s] * S.inv_cores[s] + (1.0 - check.metric) / detector.parameter);
    }
  }
  m.vms_on.resize(n);
  for (long s = 0; s < n; ++s) {
    m.free_cores[s] = S.index->free_cores(static_cast<int>(s));
    m.free_memory[s] = S.index->free_memory(static_cast<int>(s));
  }
  S.targets.begin_bulk();  // most servers' loads moved since the last round: rebuild the index once
  for (long s = 0; s < n; ++s) {
    if (S.server_state[s] == ServerState::On) {
      m.candidates.push_back(static_cast<int>(s));
      m.index_target(static_cast<int>(s));
    } else {
      S.targets.erase(static_cast<int>(s));
    }
  }
  S.targets.end_bulk();
  for (std::uint32_t v = 0; v < S.vm.size(); ++v)
    if (S.vm_host[v] >= 0 && S.vm_migration[v] < 0) m.vms_on[S.vm_host[v]].push_back(static_cast<int>(v));

  // Overloaded servers shed VMs until they are not overloaded any more.
  std::vector<char> overloaded(n, 0), off(n, 0);
  std::vector<int> to_place;
  std::vector<double> memory, util, vm_hist;
  cons::CorrelationWorkspace ws;
  for (int s : m.candidates) {
    if (m.vms_on[s].empty()) continue;
    newest_first(S.host_history, s, history);
    // Longest migration of its VMs at the NIC rate (LR/LRR horizon).
    double max_mig = 0;
    for (int v : m.vms_on[s]) max_mig = std::max(max_mig, S.vm[v].memory_B / link_Bps);
    double load = S.load_cores[s];
    if (!cons::is_overloaded(detector, history, load * S.inv_cores[s], max_mig)) continue;
    overloaded[s] = 1;
    std::vector<int> candidates = m.vms_on[s];
    while (!candidates.empty() && cons::is_overloaded(detector, history, load * S.inv_cores[s], max_mig)) {
      memory.clear();
      util.clear();
      vm_hist.clear();
      for (int v : candidates) {
        memory.push_back(S.vm[v].memory_B);
        util.push_back(S.vm_util[v]);
      }
      cons::SelectionInput in{memory, util, nullptr, 0};
      if (mc && S.history_filled >= 2) {
        std::vector<double> h;
        for (int v : candidates) {
          newest_first(S.vm_history, static_cast<size_t>(v), h);
          vm_hist.insert(vm_hist.end(), h.begin(), h.end());
        }
        in.histories = vm_hist.data();
        in.history_length = S.history_filled;
      }
      const int pick = cons::select_vm(cons::parse_selection_method(C.selection), in, S.selection_rng, ws);
      if (pick < 0) break;
      const int v = candidates[pick];
      to_place.push_back(v);
      load -= m.vm_demand(v);
      candidates.erase(candidates.begin() + pick);
    }
  }
  // Empty servers count as switched off (they are, once this round ends): the underload step never fills
  // one to empty another (Beloglazov & Buyya's algorithm; CloudSim treats a host at zero utilization as off).
  for (long s = 0; s < n; ++s)
    off[s] = S.server_state[s] != ServerState::On || (S.vm_count[s] == 0 && S.incoming[s] == 0);
  std::vector<cons::Migration> plan;
  cons::place_decreasing(m, to_place, overloaded, /*all_or_nothing=*/false, plan);
  // VMs shed by overloaded servers that found no server on: boot switched-off servers for them (they take
  // VMs from the next round on, once booted).
  if (plan.size() < to_place.size()) {
    std::vector<char> planned(S.vm.size(), 0);
    for (const auto& mg : plan) planned[mg.vm] = 1;
    double cores_needed = 0, memory_needed = 0;
    for (int v : to_place)
      if (!planned[v]) cores_needed += m.vm_demand(v), memory_needed += S.vm[v].memory_B;
    while (cores_needed > 0 || memory_needed > 0) {
      const long s = find_off_server(1, 0);
      if (s < 0) break;
      before_change();
      boot_server(s);
      after_change();
      cores_needed -= layout_.type_cores[layout_.server_type[s]] * m.reject_threshold;
      memory_needed -= layout_.type_memory_B[layout_.server_type[s]];
    }
  }
  if (C.underload) {
    cons::UnderloadScratch scratch;
    cons::consolidate_underloaded(m, overloaded, off, plan, m.candidates, cons::UnderloadOptions{}, scratch, plan);
  }
  for (const auto& mg : plan)
    if (mg.to >= 0 && mg.from >= 0 && mg.to != mg.from) start_migration(static_cast<std::uint32_t>(mg.vm), mg.to);
  if (C.switch_off_idle) switch_off_idle_servers();
}

void Simulation::start_migration(std::uint32_t slot, int to) {
  auto& S = *state_;
  const auto& vm = S.vm[slot];
  if (!S.index->fits(to, vm.cores, vm.memory_B)) return;  // capacity changed since the plan
  S.index->allocate(to, vm.cores, vm.memory_B);          // reserved on the destination from the start
  ++S.incoming[to];
  const double now = sg4::Engine::get_clock();
  State::Migration m{S.next_migration_id++, false, slot, S.vm_host[slot], to, now, now, now, vm.memory_B, 0, false, nullptr};
  S.vm_migration[slot] = static_cast<std::int32_t>(S.migrations.size());
  S.transfer_queue.emplace_back(m.id, slot);
  S.migrations.push_back(std::move(m));
  ++S.migrations_active;
  ++totals_.migrations;
  start_queued_transfers();
}

void Simulation::start_queued_transfers() {
  auto& S = *state_;
  const long limit = scenario_.consolidation.max_concurrent;
  while (!S.transfer_queue.empty() && (limit <= 0 || S.transfers_running < limit)) {
    const auto [id, slot] = S.transfer_queue.front();
    S.transfer_queue.pop_front();
    const long i = find_migration(id, slot);
    if (i < 0) continue;
    if (S.migrations[static_cast<size_t>(i)].aborted) {  // aborted while it waited: nothing was sent
      remove_migration(static_cast<size_t>(i));
      continue;
    }
    begin_transfer(static_cast<size_t>(i));
  }
}

void Simulation::begin_transfer(size_t i) {
  auto& S = *state_;
  const State::Migration& planned = S.migrations[i];
  const std::uint64_t id = planned.id;
  const std::uint32_t slot = planned.slot;
  const double now = sg4::Engine::get_clock();
  ++S.transfers_running;
  const sg4::CommPtr comm = sg4::Comm::sendto_async(platform_.hosts[planned.from], platform_.hosts[planned.to],
                                                    static_cast<std::uint64_t>(std::max(1.0, planned.round_bytes)));
  // SimGrid may run other actors inside that call, and their migrations' removals move this one in the
  // vector: find it again.
  auto& m = S.migrations[static_cast<size_t>(find_migration(id, slot))];
  m.started_s = m.round_started_s = now;
  m.comm = comm;
  // A worker follows its transfers (simulation_state.hpp says why). Workers are daemons: transfers still
  // running at the end of the simulation are left unfinished.
  if (!S.jobs_mutex) {
    S.jobs_mutex = sg4::Mutex::create();
    S.jobs_cv = sg4::ConditionVariable::create();
  }
  S.migration_jobs.emplace_back(id, slot);
  if (S.idle_workers > 0) {
    --S.idle_workers;
    S.jobs_cv->notify_one();
  } else {
    spawn("migration-worker", [this] { migration_worker(); }, /*daemon=*/true);
  }
}

void Simulation::migration_worker() {
  auto& S = *state_;
  for (;;) {
    std::unique_lock<sg4::Mutex> lock(*S.jobs_mutex);
    while (S.migration_jobs.empty()) {
      ++S.idle_workers;  // the notifier takes it back
      S.jobs_cv->wait(lock);
    }
    const auto [id, slot] = S.migration_jobs.front();
    S.migration_jobs.pop_front();
    lock.unlock();
    migration_waiter(id, slot);
  }
}

// The migration's index in S.migrations (they move when one is removed), -1 once it is gone.
long Simulation::find_migration(std::uint64_t id, std::uint32_t slot) const {
  const auto& S = *state_;
  const long i = S.vm_migration[slot];
  if (i >= 0 && static_cast<size_t>(i) < S.migrations.size() && S.migrations[i].id == id) return i;
  for (size_t k = 0; k < S.migrations.size(); ++k)  // aborted: no longer indexed by its VM
    if (S.migrations[k].id == id) return static_cast<long>(k);
  return -1;
}

void Simulation::migration_waiter(std::uint64_t id, std::uint32_t slot) {
  auto& S = *state_;
  // Asking round_done whether another round started saves a search for a migration that is gone (a scan
  // of every migration in flight, once per completion).
  for (bool more = true; more;) {
    const long i = find_migration(id, slot);
    if (i < 0) return;
    const sg4::CommPtr comm = S.migrations[static_cast<size_t>(i)].comm;
    comm->wait();
    if (sg4::Engine::get_clock() >= scenario_.simulation.duration_s) return;  // past the end: left in flight
    more = migration_round_done(static_cast<size_t>(find_migration(id, slot)));
  }
}

bool Simulation::migration_round_done(size_t i) {
  auto& S = *state_;
  auto& m = S.migrations[i];
  const double now = sg4::Engine::get_clock();
  const double duration = now - m.round_started_s;
  totals_.migration_bytes += m.round_bytes;
  // The migration's last transfer ended: its slot goes to the next waiting one (max_concurrent).
  auto release_slot = [&] {
    --S.transfers_running;
    start_queued_transfers();
  };
  if (m.aborted) {
    remove_migration(i);
    release_slot();
    return false;
  }
  if (m.stop_and_copy) {
    totals_.migration_downtime_s += duration;
    finish_migration(i);
    release_slot();
    return false;
  }
  const auto& C = scenario_.consolidation;
  const double rate = m.round_bytes / std::max(duration, 1e-12);
  const double dirtied = C.dirty_rate_Bps * duration;
  ++m.round;
  if (dirtied <= rate * C.max_downtime_s || m.round >= C.max_rounds) m.stop_and_copy = true;
  if (dirtied < 1.0) {  // nothing left to send: the VM switches over at once, with no downtime
    m.round_started_s = now;
    finish_migration(i);
    release_slot();
    return false;
  }
  m.round_bytes = dirtied;
  m.round_started_s = now;
  const std::uint64_t id = m.id;
  const std::uint32_t slot = m.slot;
  const sg4::CommPtr comm =
      sg4::Comm::sendto_async(platform_.hosts[m.from], platform_.hosts[m.to], static_cast<std::uint64_t>(dirtied));
  S.migrations[static_cast<size_t>(find_migration(id, slot))].comm = comm;  // `m` may have moved meanwhile
  return true;
}

void Simulation::finish_migration(size_t i) {
  auto& S = *state_;
  const auto m = S.migrations[i];
  const auto& vm = S.vm[m.slot];
  before_change();
  const double now = sg4::Engine::get_clock();
  const double demand = double(S.vm_util[m.slot]) * vm.cores;
  const double downtime = m.stop_and_copy ? now - m.round_started_s : 0.0;
  // Lost work: a share of the demand while pre-copy runs, all of it while the VM is paused.
  totals_.degraded_core_s += demand * (scenario_.consolidation.migration_degradation * (now - m.started_s - downtime) + downtime);
  totals_.vm_downtime_s += downtime;
  S.index->release(m.from, vm.cores, vm.memory_B);
  S.alloc_cores[m.from] -= vm.cores;
  --S.vm_count[m.from];
  set_server_load(m.from, S.vm_count[m.from] == 0 ? 0.0 : std::max(0.0, S.load_cores[m.from] - demand));
  S.alloc_cores[m.to] += vm.cores;
  ++S.vm_count[m.to];
  --S.incoming[m.to];
  set_server_load(m.to, S.load_cores[m.to] + demand);
  S.vm_host[m.slot] = m.to;
  S.vm_migration[m.slot] = -1;
  ++totals_.migrations_completed;
  totals_.migration_time_s += now - m.started_s;
  totals_.migration_queue_s += m.started_s - m.planned_s;
  --S.migrations_active;
  remove_migration(i);
  after_change();
}

void Simulation::abort_migration(size_t i) {
  auto& S = *state_;
  auto& m = S.migrations[i];
  if (m.aborted) return;
  const auto& vm = S.vm[m.slot];
  S.index->release(m.to, vm.cores, vm.memory_B);
  --S.incoming[m.to];
  S.vm_migration[m.slot] = -1;
  m.aborted = true;
  --S.migrations_active;
  ++totals_.migrations_aborted;
}

void Simulation::remove_migration(size_t i) {
  auto& S = *state_;
  if (!S.migrations[i].aborted) S.vm_migration[S.migrations[i].slot] = -1;
  if (i + 1 != S.migrations.size()) {
    S.migrations[i] = std::move(S.migrations.back());
    if (!S.migrations[i].aborted) S.vm_migration[S.migrations[i].slot] = static_cast<std::int32_t>(i);
  }
  S.migrations.pop_back();
}

void Simulation::switch_off_idle_servers() {
  auto& S = *state_;
  bool changed = false;
  for (long s = 0; s < layout_.servers(); ++s) {
    if (S.server_state[s] != ServerState::On || S.vm_count[s] != 0 || S.incoming[s] != 0) continue;
    if (!changed) before_change();
    changed = true;
    S.server_state[s] = ServerState::Off;
    --S.servers_on;
    ++totals_.server_switch_offs;
    S.index->set_available(static_cast<int>(s), false);
    update_server(s);
  }
  if (changed) after_change();
}

}  // namespace dcsim
