#include "sim/simulation.hpp"

#include "sim/simulation_state.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <queue>
#include <exception>
#include <stdexcept>
#include <string>

#include "core/input_error.hpp"
#include "models/policy/host_index.hpp"
#include "models/policy/placement.hpp"
#include "models/weather/epw_reader.hpp"
#include "models/weather/weather.hpp"

namespace dcsim {
namespace sg4 = simgrid::s4u;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

weather::WeatherSeries make_weather(const Scenario& sc) {
  const auto& w = sc.site.weather;
  if (w.kind == "file") return weather::read_epw(w.file);
  if (w.kind == "monthly") {
    std::array<double, 12> db{}, dp{};
    std::copy_n(w.monthly_dry_bulb_C.begin(), 12, db.begin());
    std::copy_n(w.monthly_dew_point_C.begin(), 12, dp.begin());
    return weather::WeatherSeries::monthly(db, dp, w.pressure_Pa);
  }
  return weather::WeatherSeries::constant(w.dry_bulb_C, weather::DewPoint{w.dew_point_C}, w.pressure_Pa);
}

sg4::Engine* make_engine(const Scenario& sc) {
  if (sg4::Engine::is_initialized())
    throw std::runtime_error(
        "SimGrid's engine can hold one simulation per process; run each scenario in its own process");
  // SimGrid keeps pointers into argv: keep them alive for the process.
  static std::vector<std::string> args;
  static std::vector<char*> argv;
  static int argc;
  args = {"dcsim", "--cfg=network/crosstraffic:0", "--log=xbt_cfg.thres:warning", "--log=root.thres:warning",
          "--cfg=network/bandwidth-factor:" + std::to_string(sc.network.tcp_goodput)};
  argv.clear();
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  argc = static_cast<int>(args.size());
  return new sg4::Engine(&argc, argv.data());
}
}  // namespace

Simulation::Simulation(Scenario scenario) : scenario_(std::move(scenario)) {
  const auto t0 = Clock::now();
  layout_ = build_site_layout(scenario_);
  facility_model_ = std::make_unique<FacilityModel>(layout_, scenario_.cooling);
  state_ = std::make_unique<State>();
  auto& S = *state_;
  S.weather = make_weather(scenario_);
  S.weather_varies = scenario_.site.weather.kind != "constant";
  S.source = std::make_unique<WorkloadSource>(scenario_, scenario_.simulation.duration_s);

  make_engine(scenario_);
  PlatformOptions opt;
  opt.hop_latency_s = scenario_.network.hop_latency_s;
  opt.server_link_Bps = scenario_.network.server_link_Bps;
  platform_ = build_platform(layout_, opt);

  const long n = layout_.servers();
  S.server_state.assign(n, ServerState::On);
  S.servers_on = n;
  S.pstate.assign(n, 0);
  S.unmet_cores.assign(n, 0.0);
  S.incoming.assign(n, 0);
  S.saturated_flag.assign(n, 0);
  S.load_cores.assign(n, 0.0);
  S.alloc_cores.assign(n, 0);
  S.vm_count.assign(n, 0);
  S.power_W.assign(n, 0.0);
  S.inv_cores.resize(n);
  std::vector<int> caps(n);
  std::vector<double> mems(n);
  for (long s = 0; s < n; ++s) {
    // With overcommit, more virtual cores are allocatable than the server has; demand above its real
    // capacity is then not delivered (unmet, an SLA violation).
    caps[s] = static_cast<int>(layout_.type_cores[layout_.server_type[s]] * scenario_.scheduler.cpu_overcommit);
    mems[s] = layout_.type_memory_B[layout_.server_type[s]];
    S.inv_cores[s] = 1.0 / layout_.type_cores[layout_.server_type[s]];  // physical cores, not vcores
  }
  S.index = std::make_unique<policy::HostIndex>(caps, mems);
  S.placement = *policy::placement_policy_from_name(scenario_.scheduler.placement);
  const auto governor = *policy::governor_from_name(scenario_.scheduler.dvfs);
  for (const auto& model : layout_.server_models) {
    std::vector<double> speeds;
    for (int p = 0; p < model.pstate_count(); ++p) speeds.push_back(model.pstate_at(p).core_speed_flops);
    S.governors.emplace_back(governor, speeds, scenario_.scheduler.dvfs_up_threshold);
  }
  S.history_length = scenario_.consolidation.history;
  S.selection_rng = make_rng(scenario_.simulation.seed, "consolidation.selection");
  S.hall_power_W.assign(layout_.halls(), 0.0);
  S.hall_load_cores.assign(layout_.halls(), 0.0);
  totals_.hall_servers_J.assign(layout_.halls(), 0.0);
  totals_.hall_cooling_J.assign(layout_.halls(), 0.0);
  hall_utilization_since_sample_.assign(layout_.halls(), 0.0);
  for (const auto& t : S.source->ticks()) S.ticks.push_back({t, t.interval_s, 0});
  S.source->attach(*this);  // batch partition (reserved servers) and workload summaries
  recompute_powers();
  refresh_facility();
  S.at_last_sample = totals_;
  build_wall_s_ = seconds_since(t0);
}

Simulation::~Simulation() = default;

double Simulation::now() const { return sg4::Engine::get_clock(); }

void Simulation::run(double until_s) {
  auto& S = *state_;
  const auto t0 = Clock::now();
  if (!started_) {
    started_ = true;
    S.run_start = S.last_progress = t0;
    for (auto& sub : subsystems_) sub->start(*this);
    spawn("workload-driver", [this] { driver(); });
    spawn("sampler", [this] { sampler(); });
    if (scenario_.consolidation.enabled) spawn("consolidator", [this] { consolidator(); });
  }
  auto* engine = sg4::Engine::get_instance();
  if (until_s >= 0) engine->run_until(until_s);
  else engine->run();
  run_wall_s_ += seconds_since(t0);
  if (S.failure) std::rethrow_exception(S.failure);
  if (S.driver_done) {
    finished_ = true;
    totals_.vms_running = S.vms_running;
    totals_.simulated_s = scenario_.simulation.duration_s;
    progress(true);
  }
}

// An exception must not escape an actor (SimGrid would abort the process): keep it, stop, rethrow in run().
void Simulation::spawn(const char* name, std::function<void()> body, bool daemon) {
  auto actor = sg4::Actor::create(name, platform_.hosts.front(), [this, body = std::move(body)] {
    try {
      body();
    } catch (const simgrid::ForcefulKillException&) {
      throw;  // SimGrid ending the actor (a daemon at the simulation's end): not a failure; it must propagate
    } catch (...) {
      if (!state_->failure) state_->failure = std::current_exception();
      for (const auto& other : sg4::Engine::get_instance()->get_all_actors())
        if (other.get() != sg4::Actor::self()) other->kill();
    }
  });
  if (daemon) actor->daemonize();
}

void Simulation::driver() {
  auto& S = *state_;
  const double end = scenario_.simulation.duration_s;
  if (S.weather_varies) S.next_weather_s = 3600.0;
  while (true) {
    double t = std::min(end, S.source->next_time());
    if (!S.departures.empty()) t = std::min(t, S.departures.top().t);
    if (!S.boots.empty()) t = std::min(t, S.boots.top().t);
    for (const auto& k : S.ticks) t = std::min(t, k.next_s);
    t = std::min(t, S.next_weather_s);
    t = std::min(t, S.source->next_batch_time());
    if (t > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(t);
    advance(t);
    if (t >= end) break;
    while (!S.boots.empty() && S.boots.top().t <= t) {
      const long server = S.boots.top().server;
      S.boots.pop();
      if (S.server_state[server] == ServerState::Booting) {
        S.server_state[server] = ServerState::On;
        update_server(server);
      }
      ++totals_.events;
    }
    // Departures first (they free capacity), then utilization changes, then arrivals.
    while (!S.departures.empty() && S.departures.top().t <= t) {
      const auto d = S.departures.top();
      S.departures.pop();
      if (S.vm_generation[d.slot] != d.generation) continue;  // that VM was evicted earlier
      depart(d.slot);
      ++totals_.events;
    }
    while (S.source->next_batch_time() <= t) {  // batch jobs: fixed loads on the partition (ends first)
      const auto c = S.source->pop_batch();
      if (S.server_state[c.server] == ServerState::Reserved)  // a failed partition server loses its jobs' load
        set_server_load(c.server, std::max(0.0, S.load_cores[c.server] + c.delta_cores));
      ++totals_.events;
    }
    bool ticked = false;
    for (auto& k : S.ticks) {
      if (k.next_s <= t) {
        if (!ticked) check_hall_sums();
        if (k.tick.kind == UtilizationKind::Group) autoscale(t);
        apply_tick(k.tick.kind, ++k.step, t);
        k.next_s = (k.step + 1) * k.tick.interval_s;
        ticked = true;
        ++totals_.events;
      }
    }
    if (ticked) recompute_powers();
    while (S.source->next_time() <= t) {
      place(S.source->pop());
      ++totals_.events;
    }
    if (S.next_weather_s <= t) S.next_weather_s += 3600.0;
    refresh_facility();
    if ((totals_.events & 0xffff) == 0) progress(false);
  }
  S.driver_done = true;
}

void Simulation::sampler() {
  auto& S = *state_;
  const double end = scenario_.simulation.duration_s;
  const double dt = scenario_.simulation.sampling_interval_s;
  for (long k = 1;; ++k) {
    const double t = std::min(end, k * dt);
    sg4::this_actor::sleep_until(t);
    advance(t);
    const double span = t - S.t_last_sample;
    if (span > 0) {
      const auto& a = S.at_last_sample;
      SeriesRow row;
      row.time_s = t;
      for (int h = 0; h < layout_.halls(); ++h) {
        row.hall_servers_W.push_back((totals_.hall_servers_J[h] - a.hall_servers_J[h]) / span);
        row.hall_cooling_W.push_back((totals_.hall_cooling_J[h] - a.hall_cooling_J[h]) / span);
      }
      // Hall utilization: busy cores over hall cores, from the per-hall integral kept below.
      row.hall_utilization = hall_utilization_since_sample_;
      for (auto& u : row.hall_utilization) u /= span;
      std::fill(hall_utilization_since_sample_.begin(), hall_utilization_since_sample_.end(), 0.0);
      row.servers_W = (totals_.servers_J - a.servers_J) / span;
      row.network_W = (totals_.network_J - a.network_J) / span;
      row.losses_W = ((totals_.pdu_loss_J + totals_.ups_loss_J + totals_.transformer_loss_J) -
                      (a.pdu_loss_J + a.ups_loss_J + a.transformer_loss_J)) /
                     span;
      row.cooling_W = (totals_.cooling_J - a.cooling_J) / span;
      row.facility_W = (totals_.facility_J - a.facility_J) / span;
      row.outdoor_dry_bulb_C = S.weather.at(std::max(0.0, t - 1e-9)).dry_bulb_C;
      row.vms_running = S.vms_running;
      series_.push_back(std::move(row));
      S.at_last_sample = totals_;
      S.t_last_sample = t;
    }
    if (t >= end) break;
  }
}

void Simulation::advance(double t) {
  auto& S = *state_;
  const double dt = t - S.t_last;
  if (dt <= 0) return;
  const auto& f = facility_;
  totals_.servers_J += f.servers_W * dt;  // includes subsystems' extra IT power
  totals_.subsystems_J += subsystems_W_ * dt;
  totals_.network_J += f.network_W * dt;
  totals_.pdu_loss_J += f.pdu_loss_W * dt;
  totals_.ups_loss_J += f.ups_loss_W * dt;
  totals_.transformer_loss_J += f.transformer_loss_W * dt;
  totals_.cooling_J += f.cooling_W * dt;
  totals_.facility_J += f.facility_W * dt;
  const double hall_servers_W = f.servers_W - subsystems_W_;
  const double inv_servers = hall_servers_W > 0 ? 1.0 / hall_servers_W : 0.0;
  double busy = 0;
  for (int h = 0; h < layout_.halls(); ++h) {
    totals_.hall_servers_J[h] += S.hall_power_W[h] * dt;
    // Cooling is shared among halls in proportion to the heat their servers make.
    totals_.hall_cooling_J[h] += f.cooling_W * S.hall_power_W[h] * inv_servers * dt;
    busy += S.hall_load_cores[h];
    hall_utilization_since_sample_[h] += S.hall_load_cores[h] / layout_.hall_cores[h] * dt;
  }
  totals_.busy_core_s += busy * dt;
  totals_.active_server_s += S.servers_on * dt;
  totals_.unmet_core_s += S.unmet_total * dt;
  totals_.saturated_server_s += S.saturated * dt;
  totals_.allocated_core_s += S.alloc_cores_total * dt;
  S.t_last = t;
}

void Simulation::refresh_facility() {
  auto& S = *state_;
  double servers = 0;
  for (double p : S.hall_power_W) servers += p;
  subsystems_W_ = 0;
  for (const auto& sub : subsystems_) subsystems_W_ += sub->power_W();
  const double t = sg4::Engine::is_initialized() ? sg4::Engine::get_clock() : 0.0;
  facility_ = facility_model_->evaluate(servers + subsystems_W_, layout_.network_static_W, S.weather.at(t));
  totals_.peak_it_W = std::max(totals_.peak_it_W, facility_.it_W());
  totals_.peak_facility_W = std::max(totals_.peak_facility_W, facility_.facility_W);
  const double balance = facility_.facility_W - (facility_.it_W() + facility_.losses_W() + facility_.cooling_W);
  totals_.max_energy_balance_error_W = std::max(totals_.max_energy_balance_error_W, std::abs(balance));
}

double Simulation::server_power(long s, double load) const {
  const auto& S = *state_;
  const auto& model = layout_.server_models[layout_.server_type[s]];
  switch (S.server_state[s]) {
    case ServerState::Off:
    case ServerState::Failed: return model.off_W();
    case ServerState::Booting: return model.boot_W();
    default: break;
  }
  const int p = S.pstate[s];
  const double capacity = model.pstate_at(p).core_speed_flops / model.pstate_at(0).core_speed_flops;
  return model.power_W(std::min(1.0, load * S.inv_cores[s] / capacity), p);
}

void Simulation::check_hall_sums() {
  auto& S = *state_;
  std::vector<double> power(layout_.halls(), 0.0);
  for (long s = 0; s < layout_.servers(); ++s) power[layout_.server_hall[s]] += S.power_W[s];
  for (int h = 0; h < layout_.halls(); ++h)
    totals_.max_power_drift_W = std::max(totals_.max_power_drift_W, std::abs(power[h] - S.hall_power_W[h]));
}

void Simulation::set_server_load(long s, double load) {
  auto& S = *state_;
  S.hall_load_cores[layout_.server_hall[s]] += load - S.load_cores[s];
  S.load_cores[s] = load;
  update_server(s);
}

void Simulation::update_server(long s) {
  auto& S = *state_;
  const int hall = layout_.server_hall[s];
  const double p = server_power(s, S.load_cores[s]);
  S.hall_power_W[hall] += p - S.power_W[s];
  S.power_W[s] = p;
  // Delivered capacity in cores at the fastest P-state's speed: none while booting, off or failed.
  const auto& model = layout_.server_models[layout_.server_type[s]];
  const ServerState st = S.server_state[s];
  double capacity = 0;
  if (st == ServerState::On || st == ServerState::Reserved)
    capacity = layout_.type_cores[layout_.server_type[s]] * model.pstate_at(S.pstate[s]).core_speed_flops /
               model.pstate_at(0).core_speed_flops;
  const double unmet = std::max(0.0, S.load_cores[s] - capacity);
  S.unmet_total += unmet - S.unmet_cores[s];
  S.unmet_cores[s] = unmet;
  if (S.unmet_total < 1e-9) S.unmet_total = 0;  // absorb rounding once everything is met
  const bool active = st == ServerState::On || st == ServerState::Booting;
  const std::uint8_t saturated = active && S.load_cores[s] > 0 && S.load_cores[s] >= capacity * (1 - 1e-9);
  S.saturated += saturated - S.saturated_flag[s];
  S.saturated_flag[s] = saturated;
}

void Simulation::recompute_powers() {
  // From scratch, after a utilization tick; also removes the rounding drift of incremental updates
  // (check_hall_sums measures that drift first).
  auto& S = *state_;
  std::vector<double> power(layout_.halls(), 0.0), load(layout_.halls(), 0.0);
  const bool governed = scenario_.scheduler.dvfs != "performance";
  for (long s = 0; s < layout_.servers(); ++s) {
    if (governed && S.server_state[s] == ServerState::On) {
      // The governor samples utilization against the current P-state's capacity (Linux cpufreq style).
      const auto& model = layout_.server_models[layout_.server_type[s]];
      const double u = S.load_cores[s] * S.inv_cores[s] * model.pstate_at(0).core_speed_flops /
                       model.pstate_at(S.pstate[s]).core_speed_flops;
      S.pstate[s] = static_cast<std::uint8_t>(S.governors[layout_.server_type[s]].select(S.pstate[s], u));
    }
    update_server(s);
    power[layout_.server_hall[s]] += S.power_W[s];
    load[layout_.server_hall[s]] += S.load_cores[s];
  }
  S.hall_power_W = power;
  S.hall_load_cores = load;
  double unmet = 0;
  for (double u : S.unmet_cores) unmet += u;
  S.unmet_total = unmet;
}

int Simulation::select_host(const VmRequest& request) {
  auto& S = *state_;
  if (placement_callback_) {
    const int host = placement_callback_(request, *S.index);
    if (host >= 0) {
      if (host >= S.index->size() || !S.index->fits(host, request.cores, request.memory_B))
        throw std::runtime_error("placement policy chose host " + std::to_string(host) +
                                 ", which does not fit the VM (" + std::to_string(request.cores) + " cores)");
      S.index->allocate(host, request.cores, request.memory_B);
      return host;
    }
    if (host == -1) return -1;
    if (host != -2)
      throw std::runtime_error("placement policy returned " + std::to_string(host) +
                               "; expected a host id, -1 (none) or -2 (built-in policy)");
  }
  return policy::place(*S.index, S.placement, request.cores, request.memory_B);
}

void Simulation::set_placement_policy(const std::string& name) {
  const auto p = policy::placement_policy_from_name(name);
  if (!p) {
    std::string names;
    for (const auto& n : policy::placement_policy_names()) names += (names.empty() ? "" : ", ") + n;
    throw InputErrors(InputError{"set_placement_policy", 0, 0, "scheduler.placement",
                                 "unknown placement policy '" + name + "'; expected one of " + names});
  }
  state_->placement = *p;
}

std::int64_t Simulation::place(const VmRequest& request) {
  auto& S = *state_;
  ++totals_.vms_requested;
  int host = select_host(request);  // selects + allocates
  if (host < 0) {
    // Capacity switched off by consolidation comes back: boot a server and place the VM there (it waits for
    // the boot; its demand is unmet meanwhile).
    const long off = find_off_server(request.cores, request.memory_B);
    if (off < 0) {
      ++totals_.vms_rejected;
      return -1;
    }
    boot_server(off);
    host = static_cast<int>(off);
    S.index->allocate(host, request.cores, request.memory_B);
  }
  std::uint32_t slot;
  if (!S.free_slots.empty()) {
    slot = S.free_slots.back();
    S.free_slots.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(S.vm.size());
    S.vm.emplace_back();
    S.vm_host.push_back(-1);
    S.vm_state.push_back(0);
    S.vm_util.push_back(0);
    S.vm_generation.push_back(0);
    S.vm_migration.push_back(-1);
  }
  S.vm[slot] = request;
  S.vm_host[slot] = host;
  S.source->initial(request, S.vm_state[slot], S.vm_util[slot]);
  S.alloc_cores[host] += request.cores;
  S.alloc_cores_total += request.cores;
  ++S.vm_count[host];
  set_server_load(host, S.load_cores[host] + S.vm_util[slot] * request.cores);
  ++totals_.vms_placed;
  ++S.vms_running;
  if (request.end_s < scenario_.simulation.duration_s)
    S.departures.push({request.end_s, slot, S.vm_generation[slot]});
  S.source->joined(request, slot);
  return slot;
}

void Simulation::depart(std::uint32_t slot) {
  auto& S = *state_;
  if (S.vm_migration[slot] >= 0) abort_migration(static_cast<size_t>(S.vm_migration[slot]));
  const int host = S.vm_host[slot];
  const auto& vm = S.vm[slot];
  S.source->left(vm, slot);
  S.index->release(host, vm.cores, vm.memory_B);
  S.alloc_cores[host] -= vm.cores;
  S.alloc_cores_total -= vm.cores;
  --S.vm_count[host];
  // An emptied server is set to exactly zero load, so no rounding residue stays behind.
  set_server_load(host, S.vm_count[host] == 0 ? 0.0 : std::max(0.0, S.load_cores[host] - S.vm_util[slot] * vm.cores));
  S.vm_host[slot] = -1;
  ++S.vm_generation[slot];
  S.free_slots.push_back(slot);
  ++totals_.vms_completed;
  --S.vms_running;
}

void Simulation::apply_tick(UtilizationKind kind, std::uint64_t step, double t) {
  auto& S = *state_;
  for (size_t slot = 0; slot < S.vm.size(); ++slot) {
    const int host = S.vm_host[slot];
    if (host < 0 || S.vm[slot].kind != kind) continue;
    const float before = S.vm_util[slot];
    S.source->advance(S.vm[slot], S.vm_state[slot], S.vm_util[slot], step, t);
    S.load_cores[host] += (S.vm_util[slot] - before) * S.vm[slot].cores;
  }
}

double Simulation::server_utilization(long s) const {
  return std::min(1.0, state_->load_cores.at(s) * state_->inv_cores.at(s));
}
double Simulation::server_power_W(long s) const { return state_->power_W.at(s); }
int Simulation::server_vm_count(long s) const { return state_->vm_count.at(s); }

void Simulation::progress(bool final) {
  auto& S = *state_;
  const auto now_wall = Clock::now();
  if (!show_progress) return;
  const bool tty = isatty(STDERR_FILENO);
  const double since_start = std::chrono::duration<double>(now_wall - S.run_start).count();
  const double since_last = std::chrono::duration<double>(now_wall - S.last_progress).count();
  if (!final && (since_start < 3.0 || since_last < (tty ? 0.5 : 10.0))) return;
  if (final && !S.progress_shown) return;
  S.last_progress = now_wall;
  S.progress_shown = true;
  const double t = sg4::Engine::get_clock(), end = scenario_.simulation.duration_s;
  std::fprintf(stderr, "%s[dcsim] %.1f of %.1f h simulated (%3.0f%%), %ld events, %.2f M events/s%s",
               tty ? "\r" : "", t / 3600, end / 3600, 100 * t / end, totals_.events,
               totals_.events / std::max(1e-9, since_start) / 1e6, (tty && !final) ? "" : "\n");
  std::fflush(stderr);
}

void Simulation::check_invariants() const {
  const auto& S = *state_;
  const auto& T = totals_;
  auto fail = [](const std::string& what) { throw std::logic_error("invariant violated: " + what); };
  if (T.vms_requested != T.vms_placed + T.vms_rejected) fail("VMs requested != placed + rejected");
  if (T.migrations != T.migrations_completed + T.migrations_aborted + S.migrations_active)
    fail("migrations started != completed + aborted + in flight");
  if (T.vms_placed != T.vms_completed + S.vms_running + T.vms_evicted)
    fail("VMs placed != completed + running + evicted (a VM was lost)");
  long hosted = 0;
  std::vector<int> reserved_for(layout_.servers(), 0);
  for (const auto& m : S.migrations)
    if (!m.aborted) reserved_for[m.to] += S.vm[m.slot].cores;
  for (long s = 0; s < layout_.servers(); ++s) {
    hosted += S.vm_count[s];
    const int cap = S.index->capacity_cores(static_cast<int>(s));
    if (S.alloc_cores[s] > cap) fail("server " + std::to_string(s) + " has more cores allocated than it may");
    if (S.alloc_cores[s] + reserved_for[s] != cap - S.index->free_cores(static_cast<int>(s)))
      fail("placement index out of step with server state");
    const bool hosts_ok = S.server_state[s] == ServerState::On || S.server_state[s] == ServerState::Booting;
    if (!hosts_ok && S.vm_count[s] != 0) fail("a server that is off, failed or reserved hosts VMs");
  }
  if (hosted != S.vms_running) fail("VMs counted on servers != VMs running");
  const double tol = 1e-6 * std::max(1.0, T.peak_facility_W);
  if (T.max_energy_balance_error_W > tol) fail("facility power != IT + losses + cooling");
  if (T.max_power_drift_W > tol) fail("incremental hall power drifted from the recomputed value");
  const double parts = T.servers_J + T.network_J + T.pdu_loss_J + T.ups_loss_J + T.transformer_loss_J + T.cooling_J;
  if (std::abs(T.facility_J - parts) > 1e-9 * std::max(1.0, T.facility_J)) fail("facility energy != sum of parts");
  double halls = 0;
  for (double e : T.hall_servers_J) halls += e;
  if (std::abs(halls + T.subsystems_J - T.servers_J) > 1e-9 * std::max(1.0, T.servers_J))
    fail("hall energies do not add up");
  for (const auto& sub : subsystems_) sub->check_invariants();
}

void Simulation::add_subsystem(std::unique_ptr<Subsystem> subsystem) {
  if (started_) throw std::logic_error("add_subsystem after the run started");
  subsystems_.push_back(std::move(subsystem));
  refresh_facility();
}

void Simulation::before_change() { advance(sg4::Engine::get_clock()); }
void Simulation::after_change() { refresh_facility(); }

long Simulation::find_off_server(int cores, double memory_B) const {
  // The lowest-numbered switched-off server that can take the VM. A linear scan, but only when every server
  // that is on is full, which consolidation makes rare.
  const auto& S = *state_;
  for (long s = 0; s < layout_.servers(); ++s)
    if (S.server_state[s] == ServerState::Off && S.index->capacity_cores(static_cast<int>(s)) >= cores &&
        S.index->capacity_memory(static_cast<int>(s)) >= memory_B)
      return s;
  return -1;
}

void Simulation::boot_server(long s) {
  auto& S = *state_;
  const auto& model = layout_.server_models[layout_.server_type[s]];
  S.server_state[s] = model.boot_time_s() > 0 ? ServerState::Booting : ServerState::On;
  ++S.servers_on;
  ++totals_.server_boots;
  S.index->set_available(static_cast<int>(s), true);
  if (model.boot_time_s() > 0) S.boots.push({sg4::Engine::get_clock() + model.boot_time_s(), s});
  update_server(s);
}

bool Simulation::server_failed(long s) const { return state_->server_state.at(s) == ServerState::Failed; }

void Simulation::reserve_server(long s) {
  auto& S = *state_;
  if (S.vm_count.at(s) != 0) throw std::logic_error("reserve_server: server " + std::to_string(s) + " hosts VMs");
  if (S.server_state[s] == ServerState::On) --S.servers_on;
  S.server_state[s] = ServerState::Reserved;
  S.index->set_available(static_cast<int>(s), false);
  update_server(s);
}

void Simulation::fail_server(long s) {
  auto& S = *state_;
  if (S.server_state.at(s) == ServerState::Failed) return;
  before_change();
  const bool was_reserved = S.server_state[s] == ServerState::Reserved;
  if (S.server_state[s] == ServerState::On || S.server_state[s] == ServerState::Booting) --S.servers_on;
  ++totals_.server_failures;
  // Migrations from or to it stop: the VM stays where it was (or is restarted below with the others).
  for (size_t i = S.migrations.size(); i-- > 0;)
    if (S.migrations[i].from == s || S.migrations[i].to == s) abort_migration(i);
  // Take its VMs off first, then mark it failed, so none can be restarted on it.
  std::vector<std::uint32_t> victims;
  for (std::uint32_t slot = 0; slot < S.vm.size(); ++slot)
    if (S.vm_host[slot] == s) victims.push_back(slot);
  S.index->set_available(static_cast<int>(s), false);
  S.server_state[s] = ServerState::Failed;
  for (auto slot : victims) {
    const VmRequest vm = S.vm[slot];
    S.index->release(static_cast<int>(s), vm.cores, vm.memory_B);
    S.alloc_cores[s] -= vm.cores;
    S.alloc_cores_total -= vm.cores;
    --S.vm_count[s];
    const int host = select_host(vm);
    if (host < 0) {
      // Nowhere to restart: the VM is evicted, and counted as such (never silently lost).
      S.source->left(vm, slot);
      S.vm_host[slot] = -1;
      ++S.vm_generation[slot];
      S.free_slots.push_back(slot);
      --S.vms_running;
      ++totals_.vms_evicted;
      continue;
    }
    S.vm_host[slot] = host;
    S.alloc_cores[host] += vm.cores;
    S.alloc_cores_total += vm.cores;
    ++S.vm_count[host];
    set_server_load(host, S.load_cores[host] + S.vm_util[slot] * vm.cores);
    ++totals_.vms_restarted;
    totals_.vm_downtime_s += vm_restart_delay_s;
  }
  if (was_reserved) S.server_state[s] = ServerState::Failed;
  set_server_load(s, 0.0);
  after_change();
}

void Simulation::repair_server(long s) {
  auto& S = *state_;
  if (S.server_state.at(s) != ServerState::Failed) return;
  before_change();
  S.server_state[s] = ServerState::On;
  ++S.servers_on;
  S.index->set_available(static_cast<int>(s), true);
  set_server_load(s, 0.0);
  ++totals_.server_repairs;
  after_change();
}

}  // namespace dcsim
