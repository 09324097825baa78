#include "models/compat/cloudsim_planetlab.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <queue>
#include <span>
#include <stdexcept>

#include "core/input_error.hpp"
#include "core/rng.hpp"
#include "models/consolidation/pabfd.hpp"
#include "models/consolidation/target_index.hpp"
#include "models/power/server_power.hpp"
#include "models/workload/planetlab_reader.hpp"

namespace dcsim::compat {

using consolidation::Migration;
using consolidation::OverloadMethod;
using consolidation::SelectionMethod;

namespace {

// Constants of org.cloudbus.cloudsim.examples.power.Constants / PlanetLabConstants.
constexpr int kHistory = 30;                    // PowerVm.HISTORY_LENGTH
constexpr double kInterval_s = 300.0;           // SCHEDULING_INTERVAL
constexpr double kLimit_s = 86400.0;            // SIMULATION_LIMIT
constexpr double kFirstSubmit_s = 0.1;          // cloudlets arrive after the 0.1 s VM-creation acknowledgement
constexpr double kMigrationRate_MBps = 1000000.0 / (2 * 8000);  // host BW 1 Gbit/s in kbit, half for migration
constexpr int kTraceSamples = 288;
constexpr double kVmMips[4] = {2500, 2000, 1000, 500};
constexpr int kVmRam_MB[4] = {870, 1740, 1740, 613};
constexpr double kVmBw = 100000;                // kbit/s
constexpr double kHostPeMips[2] = {1860, 2660};
constexpr double kHostRam_MB = 4096, kHostBw = 1000000;

struct Vm {
  double mips = 0;
  int ram = 0;
  double u = 0, req = 0;      // utilization and requested MIPS at t_upd
  double t_upd = 0;           // CloudletScheduler previousTime
  double hist_t = 0;          // PowerVm previousTime
  int hist_n = 0;             // history length (the values: Engine::vm_hist_, newest first)
  int host = -1;              // VmAllocationPolicy vmTable
  bool in_migration = false;
  bool removed = false;
  // VM state history, accumulated online (Helper.getSlaMetrics).
  bool has_entry = false, e_mig = false;
  double e_t = 0, e_alloc = 0, e_req = 0;
  double tot_alloc = 0, tot_req = 0, under_mig = 0, viol_sum = 0;
  long viol_n = 0;
};

struct Host {
  // Read for every candidate host of every placement: kept together at the front.
  double available = 0;        // scheduler getAvailableMips()
  double pe_mips = 0, total_mips = 0;
  double alloc_sum = 0;        // policy getUtilizationOfCpuMips (valid with sums_ok)
  bool sums_ok = false, hist_ok = false;
  int type = 0;
  const double* power = nullptr;
  std::vector<int> vms;        // getVmList() order
  std::vector<double> alloc;   // scheduler allocation, parallel to vms
  std::vector<int> mig_in;     // getVmsMigratingIn()
  double util_mips = 0, prev_util_mips = 0;
  double ram_avail = kHostRam_MB, bw_avail = kHostBw;  // binding at t = 0 only (later requests are 0)
  // Policy caches over the current (possibly tentative) vms list: sums (sums_ok), history (hist_ok).
  double req_sum = 0;
  int max_ram = 0;            // (the history: Engine::host_hist_)
  // Host state history, accumulated online (Helper.getSlaTimePerActiveHost).
  bool has_entry = false, e_active = false, shutdown_prev_active = true;
  double e_t = 0, e_alloc = 0, e_req = 0;
  double active_time = 0, viol_time = 0;
  long shutdowns = 0;
};

void invalidate(Host& h) {
  h.sums_ok = false;
  h.hist_ok = false;
}

double clamp_utilization(double u) {  // HostDynamicWorkload.getUtilizationOfCpu
  if (u > 1 && u < 1.01) u = 1;
  return u;
}

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

void erase_value(std::vector<int>& v, int x) {
  auto it = std::find(v.begin(), v.end(), x);
  if (it != v.end()) v.erase(it);
}

InputErrors policy_error(std::string_view policy, const std::string& why) {
  return InputErrors(InputError{"", 0, 0, "policy", "'" + std::string(policy) + "': " + why});
}

// PowerModelSpecPower.getPower, same arithmetic. fmod(u, 0.1) is exactly 0 in [0, 1] only for the doubles
// 0, 0.1, 0.2, 0.4 and 0.8 (k * 0.1d is a double only for k = 0, 1, 2, 4, 8), so the test needs no fmod;
// floor/ceil of u * 10 >= 0 by truncation.
inline double specpower_W(const double* p, double u) {
  if (!(u > 0)) u = 0;
  if (u > 1) u = 1;
  if (u == 0.0 || u == 0.1 || u == 0.2 || u == 0.4 || u == 0.8) return p[static_cast<int>(u * 10)];
  const double x = u * 10;
  const int u1 = static_cast<int>(x);
  const int u2 = static_cast<double>(u1) == x ? u1 : u1 + 1;
  const double p1 = p[u1], p2 = p[u2];
  const double delta = (p2 - p1) / 10;
  return p1 + delta * (u - static_cast<double>(u1) / 10) * 100;
}

struct Event {
  double time;
  long seq;
  bool tick;
  int vm, host;
  bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

class Engine {
 public:
  Engine(const CompatPolicy& policy, const std::vector<const workload::UtilizationTrace*>& traces, int hosts,
         std::uint64_t seed)
      : policy_(policy), rng_(make_rng(seed, "compat.cloudsim_planetlab.rs")) {
    g4_ = power::hp_proliant_ml110_g4().points();
    g5_ = power::hp_proliant_ml110_g5().points();
    if (g4_.size() != 11 || g5_.size() != 11)  // PowerModelSpecPower indexes 0%, 10%, .., 100%
      throw std::logic_error("CloudSim compatibility needs the 11-point ML110 G4/G5 SPECpower tables");
    hosts_.resize(static_cast<std::size_t>(hosts));
    for (int h = 0; h < hosts; ++h) {
      Host& x = hosts_[static_cast<std::size_t>(h)];
      x.type = h % 2;
      x.pe_mips = kHostPeMips[x.type];
      x.total_mips = 2 * x.pe_mips;
      x.power = x.type == 0 ? g4_.data() : g5_.data();
      x.available = x.total_mips;
    }
    for (int type = 0; type < 2; ++type)  // a VM runs on one PE: larger requests do not fit
      host_class_[static_cast<std::size_t>(type)] =
          targets_.add_class(2 * kHostPeMips[type], type == 0 ? g4_ : g5_, kHostPeMips[type]);
    targets_.resize(hosts);
    const int n = static_cast<int>(traces.size());
    vms_.resize(static_cast<std::size_t>(n));
    const int block = static_cast<int>(std::ceil(static_cast<double>(n) / 4));
    for (int i = 0; i < n; ++i) {
      Vm& v = vms_[static_cast<std::size_t>(i)];
      const int type = i / block;
      v.mips = kVmMips[type];
      v.ram = kVmRam_MB[type];
      migration_bound_s_ = std::max(migration_bound_s_, v.ram / kMigrationRate_MBps);
    }
    // Sample-major: at one instant every VM reads the same row, which stays in cache however many VMs run.
    samples_.resize(static_cast<std::size_t>(kTraceSamples) * vms_.size());
    for (std::size_t i = 0; i < vms_.size(); ++i)
      for (std::size_t k = 0; k < static_cast<std::size_t>(kTraceSamples); ++k)
        samples_[k * vms_.size() + i] = traces[i]->values[k];
    const std::size_t H = hosts_.size();
    vm_hist_.assign(vms_.size(), History{});
    host_hist_.assign(H, History{});
    touched_.assign(H, 0);
    backup_vms_.resize(H);
    backup_alloc_.resize(H);
    backup_available_.assign(H, 0);
    over_.assign(H, 0);
    baseline_W_.assign(H, 0);
    util_tick_.assign(H, 0);
    off_.assign(H, 1);
    busy_.resize(H);  // every host, until its first idle state entry is written
    for (std::size_t h = 0; h < H; ++h) busy_[h] = static_cast<int>(h);
    is_busy_.assign(H, 1);
  }

  CompatResult run();

  // ---- consolidation::Model interface (used by place_decreasing / consolidate_underloaded) ----
  int host_count() const { return static_cast<int>(hosts_.size()); }
  int vm_host(int vm) const { return vms_[static_cast<std::size_t>(vm)].host; }
  double vm_demand(int vm) const { return vms_[static_cast<std::size_t>(vm)].req; }
  int find_host(int vm, std::span<const char> excluded);
  void place(int vm, int host);
  void unplace(int vm, int host);
  double utilization(int host) const { return util_tick_[static_cast<std::size_t>(host)]; }
  bool can_be_emptied(int host) const;
  void migratable_vms(int host, std::vector<int>& out) const;

 private:
  double power_W(const Host& h, double u) const { return specpower_W(h.power, u); }
  Host& host(int h) { return hosts_[static_cast<std::size_t>(h)]; }
  const Host& host(int h) const { return hosts_[static_cast<std::size_t>(h)]; }
  Vm& vm(int v) { return vms_[static_cast<std::size_t>(v)]; }
  // Utilization histories live apart from the VM and host records, which every update walks: smaller records
  // keep large runs in cache.
  using History = std::array<double, kHistory>;
  History& hist(const Vm& v) { return vm_hist_[static_cast<std::size_t>(&v - vms_.data())]; }
  const History& hist(const Vm& v) const { return vm_hist_[static_cast<std::size_t>(&v - vms_.data())]; }
  History& hist(const Host& h) { return host_hist_[static_cast<std::size_t>(&h - hosts_.data())]; }
  const Vm& vm(int v) const { return vms_[static_cast<std::size_t>(v)]; }

  void initial_placement();
  void update_vm(Vm& v, double t);
  // Per-instant values shared by all VMs: the trace interpolation and PowerVm's history test.
  void set_instant(double t) {
    if (instant_.time() == t && instant_set_) return;
    instant_ = TraceInstant(t, kTraceSamples, kInterval_s);
    history_tick_ = std::fmod(t - 0.1, kInterval_s) == 0;
    instant_set_ = true;
  }
  void allocate_all(Host& h);
  void update_host(int h, double t);
  void vm_entry(Vm& v, double t, double alloc, double req, bool mig);
  void host_entry(Host& h, double t, double alloc, double req, bool active);
  void force_update(double t);
  void update_busy_hosts(double t);
  void mark_busy(int h);
  void nonpower_aware_update(double t);
  void remove_completed();
  std::vector<Migration> optimize();
  void refresh_sums(Host& h);
  void refresh_hist(Host& h);
  bool is_overloaded(int h);
  bool overloaded_after(int h, const Vm& v);
  // The VM of the current find_host() query, its history in each host type's units (vh x mips / total, as
  // overloaded_after() adds it): computed once per query instead of once per tested host.
  std::array<History, 2> query_scaled_{};
  int query_vm_ = -1;
  int select_vm(int h);
  void touch(int h);
  void restore();
  void remove_from_host(Host& h, int v);
  void start_migration(int v, int target, double t);
  void index_target(int h);
  void finish_migration(int v, int target);

  CompatPolicy policy_;
  Rng rng_;
  TraceInstant instant_;
  bool instant_set_ = false, history_tick_ = false;
  bool idle_targets_ = true;  // hosts at zero utilization are PABFD targets (not in the underload step)
  std::vector<double> g4_, g5_;
  std::vector<Host> hosts_;
  std::vector<Vm> vms_;
  std::vector<std::array<double, kHistory>> vm_hist_, host_hist_;
  std::vector<double> samples_;  // trace samples, [sample][vm]
  double last_process_ = 0;
  double energy_Ws_ = 0;
  long migrations_ = 0, processing_events_ = 0;
  int removed_ = 0;
  // optimize() scratch
  std::vector<char> touched_, over_, off_;
  std::vector<int> touched_list_, underload_candidates_;
  std::vector<std::vector<int>> backup_vms_;
  std::vector<std::vector<double>> backup_alloc_;
  std::vector<double> backup_available_, util_tick_;
  // PABFD targets: planned utilization = allocated MIPS / total; baseline = P(utilization at the round's
  // start), as CloudSim's getPowerAfterAllocation(host, vm) - host.getPower().
  consolidation::TargetIndex targets_;
  double migration_bound_s_ = 0;  // the longest migration any host can have: largest VM memory / rate
  double screen(Host& h);         // the host's gate in targets_ (consolidation::screen_host)
  // IQR and MAD are not screened: their bound passes over about 15% of the refused hosts on PlanetLab traces
  // and costs one more statistic per host update, which made the day about 5% slower.
  bool screens() const {
    return policy_.detector.method != OverloadMethod::Iqr && policy_.detector.method != OverloadMethod::Mad;
  }
  std::array<int, 2> host_class_{};
  std::vector<double> baseline_W_;
  std::vector<int> cand_vms_, zero_request_, dropped_;
  // Hosts whose update may do something, ascending (busy_sorted_); the others are idle with their idle
  // state written, so CloudSim's update of them changes nothing - skipping them keeps large runs linear.
  std::vector<int> busy_;
  std::vector<char> is_busy_;
  bool busy_sorted_ = true;
  std::vector<double> cand_mem_, cand_util_, mc_matrix_;
  consolidation::CorrelationWorkspace mc_ws_;
  consolidation::UnderloadScratch underload_scratch_;
};

// ---------------------------------------------------------------------------------------------------------
// VM and host processing (Host/HostDynamicWorkload.updateVmsProcessing, PowerVm.updateVmProcessing)

void Engine::update_vm(Vm& v, double t) {
  if (v.t_upd != t) {
    // = workload::planetlab_utilization(trace, t), see TraceInstant
    v.u = instant_(&samples_[static_cast<std::size_t>(&v - vms_.data())], vms_.size());
    v.req = v.u * v.mips;
    v.t_upd = t;
  }
  if (history_tick_ && t > v.hist_t) {
    const int n = std::min(v.hist_n + 1, kHistory);
    History& vh = hist(v);
    for (int i = n - 1; i > 0; --i) vh[static_cast<std::size_t>(i)] = vh[static_cast<std::size_t>(i - 1)];
    vh[0] = v.u;
    v.hist_n = n;
    v.hist_t = t;
  }
}

// VmSchedulerTimeSharedOverSubscription: every VM of the list allocated in list order.
void Engine::allocate_all(Host& h) {
  h.available = h.total_mips;
  bool over = false;
  const std::size_t n = h.vms.size();
  h.alloc.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Vm& v = vm(h.vms[i]);
    const double capped = v.req > h.pe_mips ? h.pe_mips : v.req;
    const bool in = v.in_migration && contains(h.mig_in, h.vms[i]);
    const bool out = v.in_migration && !in;
    const double acc = in ? capped * 0.1 : capped;
    if (!over && h.available >= acc) {
      h.alloc[i] = out ? capped * 0.9 : (in ? capped * 0.1 : capped);
      h.available -= acc;
    } else {
      over = true;
    }
  }
  if (!over) return;
  double required = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Vm& v = vm(h.vms[i]);
    const double capped = v.req > h.pe_mips ? h.pe_mips : v.req;
    const bool in = v.in_migration && contains(h.mig_in, h.vms[i]);
    required += in ? capped * 0.1 : capped;
  }
  const double scaling = h.total_mips / required;
  for (std::size_t i = 0; i < n; ++i) {
    const Vm& v = vm(h.vms[i]);
    double mips = v.req > h.pe_mips ? h.pe_mips : v.req;
    const bool in = v.in_migration && contains(h.mig_in, h.vms[i]);
    const bool out = v.in_migration && !in;
    if (out) {
      mips *= scaling;
      mips *= 0.9;
    } else if (in) {
      mips *= 0.1;
      mips *= scaling;
    } else {
      mips *= scaling;
    }
    h.alloc[i] = std::floor(mips);
  }
  h.available = 0;
}

void Engine::vm_entry(Vm& v, double t, double alloc, double req, bool mig) {
  if (v.has_entry && v.e_t != t) {
    const double dt = t - v.e_t;
    v.tot_alloc += v.e_alloc * dt;
    v.tot_req += v.e_req * dt;
    if (v.e_alloc < v.e_req) {
      v.viol_sum += (v.e_req - v.e_alloc) / v.e_req;
      ++v.viol_n;
      if (v.e_mig) v.under_mig += (v.e_req - v.e_alloc) * dt;
    }
  }
  v.has_entry = true;
  v.e_t = t;
  v.e_alloc = alloc;
  v.e_req = req;
  v.e_mig = mig;
}

void Engine::host_entry(Host& h, double t, double alloc, double req, bool active) {
  if (h.has_entry && h.e_t != t) {
    if (h.e_active) {
      const double dt = t - h.e_t;
      h.active_time += dt;
      if (h.e_alloc < h.e_req) h.viol_time += dt;
    }
    if (h.shutdown_prev_active && !h.e_active) ++h.shutdowns;
    h.shutdown_prev_active = h.e_active;
  }
  h.has_entry = true;
  h.e_t = t;
  h.e_alloc = alloc;
  h.e_req = req;
  h.e_active = active;
}

void Engine::update_host(int hid, double t) {
  Host& h = host(hid);
  // An idle host that stays idle: its new state entry would repeat the pending inactive one, which only
  // matters for the shutdown count when it is closed - skipping it changes nothing.
  if (h.vms.empty() && h.util_mips == 0 && h.prev_util_mips == 0 && h.has_entry && !h.e_active) return;
  h.prev_util_mips = h.util_mips;
  if (h.vms.empty()) {  // nothing runs: same entries as the general path, without the loops
    h.available = h.total_mips;
    h.util_mips = 0;
    invalidate(h);
    host_entry(h, t, 0.0, 0.0, false);
    return;
  }
  set_instant(t);
  for (const int v : h.vms) update_vm(vm(v), t);
  allocate_all(h);
  double util = 0, requested = 0;
  for (std::size_t i = 0; i < h.vms.size(); ++i) {
    Vm& v = vm(h.vms[i]);
    double a = h.alloc[i];
    if (!(v.in_migration && contains(h.mig_in, h.vms[i]))) {
      vm_entry(v, t, a, v.req, v.in_migration);
      if (v.in_migration) a /= 0.9;  // the source host still carries the whole VM
      else if (v.req == 0) zero_request_.push_back(h.vms[i]);
    }
    util += a;
    requested += v.req;
  }
  h.util_mips = util;
  invalidate(h);
  host_entry(h, t, util, requested, util > 0);
}

void Engine::remove_from_host(Host& h, int v) {
  for (std::size_t i = 0; i < h.vms.size(); ++i)
    if (h.vms[i] == v) {
      h.vms.erase(h.vms.begin() + static_cast<std::ptrdiff_t>(i));
      h.alloc.erase(h.alloc.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  invalidate(h);
}

// PowerDatacenter: VMs whose request is exactly 0 are treated as finished and deallocated for good.
// update_host() lists the candidates (non-migrating VMs with request 0), in host and list order.
void Engine::remove_completed() {
  for (const int id : zero_request_) {
    Vm& v = vm(id);
    if (v.removed || v.in_migration || v.req != 0 || v.host < 0) continue;
    Host& home = host(v.host);
    remove_from_host(home, id);
    allocate_all(home);
    v.host = -1;
    v.removed = true;
    ++removed_;
  }
  zero_request_.clear();
}

void Engine::mark_busy(int h) {
  if (is_busy_[static_cast<std::size_t>(h)]) return;
  is_busy_[static_cast<std::size_t>(h)] = 1;
  if (!busy_.empty() && busy_.back() > h) busy_sorted_ = false;
  busy_.push_back(h);
}

// update_host() of every host in id order; hosts that became idle leave the busy list (as targets they are
// idle: utilization 0 against P(0)).
void Engine::update_busy_hosts(double t) {
  if (!busy_sorted_) std::sort(busy_.begin(), busy_.end());
  busy_sorted_ = true;
  std::size_t kept = 0;
  for (const int hid : busy_) {
    update_host(hid, t);
    const Host& h = host(hid);
    if (h.vms.empty() && h.util_mips == 0 && h.prev_util_mips == 0 && h.has_entry && !h.e_active) {
      const auto i = static_cast<std::size_t>(hid);
      is_busy_[i] = 0;
      util_tick_[i] = 0;
      off_[i] = 1;
      over_[i] = 0;
      if (policy_.kind == CompatPolicyKind::Migration) {
        baseline_W_[i] = targets_.power_W(host_class_[static_cast<std::size_t>(h.type)], 0.0);
        index_target(hid);
      }
      continue;
    }
    busy_[kept++] = hid;
  }
  busy_.resize(kept);
}

// PowerDatacenter.updateCloudetProcessingWithoutSchedulingFutureEventsForce.
void Engine::force_update(double t) {
  ++processing_events_;
  const double dt = t - last_process_;
  update_busy_hosts(t);
  if (dt > 0) {
    double frame = 0;  // idle hosts add nothing (from == 0)
    for (const int hid : busy_) {
      const Host& h = host(hid);
      const double from = clamp_utilization(h.prev_util_mips / h.total_mips);
      const double to = clamp_utilization(h.util_mips / h.total_mips);
      if (from == 0) continue;
      const double p_from = power_W(h, from), p_to = power_W(h, to);
      frame += (p_from + (p_to - p_from) / 2) * dt;
    }
    energy_Ws_ += frame;
  }
  remove_completed();
  last_process_ = t;
}

// PowerDatacenterNonPowerAware.updateCloudletProcessing: every host at full power.
void Engine::nonpower_aware_update(double t) {
  ++processing_events_;
  const double dt = t - last_process_;
  double frame = 0;
  for (const Host& h : hosts_) frame += power_W(h, 1.0) * dt;
  update_busy_hosts(t);
  energy_Ws_ += frame;
  remove_completed();
  last_process_ = t;
}

// ---------------------------------------------------------------------------------------------------------
// Placement at t = 0 (requests = full MIPS; RAM and BW reserved in full while VMs are being instantiated)

void Engine::initial_placement() {
  const bool pabfd = policy_.kind == CompatPolicyKind::Migration;
  // PABFD at t = 0 against P(0) (nothing runs yet). A host that cannot take a VM (CPU, RAM, BW only shrink
  // while placing) cannot take the next one of the same type either: it is dropped until the type changes.
  if (pabfd)
    for (int hid = 0; hid < host_count(); ++hid) {
      baseline_W_[static_cast<std::size_t>(hid)] = targets_.power_W(host_class_[static_cast<std::size_t>(host(hid).type)], 0.0);
      index_target(hid);
    }
  std::array<double, kHistory> zeros{};
  int first_fit = 0;
  for (int id = 0; id < static_cast<int>(vms_.size()); ++id) {
    Vm& v = vm(id);
    auto fits = [&](int hid) {
      const Host& h = host(hid);
      return h.pe_mips >= v.mips && h.available >= v.mips && h.ram_avail >= v.ram && h.bw_avail >= kVmBw;
    };
    int target = -1;
    const bool new_type = id > 0 && (vm(id - 1).mips != v.mips || vm(id - 1).ram != v.ram);
    if (!pabfd) {
      // First fit. Hosts before first_fit could not take the previous VM of this type and cannot take this
      // one (capacity only shrinks), so the search resumes there.
      if (new_type) first_fit = 0;
      for (int hid = first_fit; hid < host_count() && target < 0; ++hid)
        if (fits(hid)) target = hid;
      if (target >= 0) first_fit = target;
    } else {
      if (new_type) {
        for (const int hid : dropped_) index_target(hid);
        dropped_.clear();
      }
      // Already created VMs request 0 MIPS (no cloudlet yet); histories are empty.
      auto verdict = [&](int hid) {
        if (!fits(hid)) {
          dropped_.push_back(hid);
          return consolidation::TargetIndex::Verdict::Drop;
        }
        const Host& h = host(hid);
        if (h.vms.empty()) return consolidation::TargetIndex::Verdict::Accept;
        int max_ram = v.ram;
        for (const int o : h.vms) max_ram = std::max(max_ram, vm(o).ram);
        return consolidation::is_overloaded(policy_.detector, zeros, v.mips / h.total_mips,
                                            max_ram / kMigrationRate_MBps)
                   ? consolidation::TargetIndex::Verdict::Skip
                   : consolidation::TargetIndex::Verdict::Accept;
      };
      target = targets_.best(v.mips, true, 1.0, verdict);
    }
    if (target < 0)
      throw InputErrors(InputError{"", 0, 0, "hosts",
                                   std::to_string(hosts_.size()) + " hosts cannot place VM " + std::to_string(id) +
                                       " at t = 0 (CloudSim would stop); expected more hosts"});
    Host& h = host(target);
    h.vms.push_back(id);
    h.alloc.push_back(v.mips);
    h.available -= v.mips;
    h.ram_avail -= v.ram;
    h.bw_avail -= kVmBw;
    v.host = target;
    invalidate(h);
    mark_busy(target);
    if (pabfd) index_target(target);
  }
  dropped_.clear();
}

// ---------------------------------------------------------------------------------------------------------
// Consolidation (PowerVmAllocationPolicyMigrationAbstract.optimizeAllocation)

void Engine::refresh_sums(Host& h) {
  if (h.sums_ok) return;
  h.req_sum = 0;
  h.alloc_sum = 0;
  h.max_ram = 0;
  for (std::size_t i = 0; i < h.vms.size(); ++i) {
    const Vm& v = vm(h.vms[i]);
    h.req_sum += v.req;
    h.alloc_sum += h.alloc[i];
    h.max_ram = std::max(h.max_ram, v.ram);
  }
  h.sums_ok = true;
}

void Engine::refresh_hist(Host& h) {
  if (h.hist_ok) return;
  History& hh = hist(h);
  hh.fill(0.0);
  for (const int id : h.vms) {
    const Vm& v = vm(id);
    const History& vh = hist(v);
    for (int k = 0; k < v.hist_n; ++k) hh[static_cast<std::size_t>(k)] += vh[static_cast<std::size_t>(k)] * v.mips / h.total_mips;
  }
  h.hist_ok = true;
}

bool Engine::is_overloaded(int hid) {
  Host& h = host(hid);
  refresh_sums(h);
  if (policy_.detector.method == OverloadMethod::Thr) return h.req_sum / h.total_mips > policy_.detector.parameter;
  refresh_hist(h);
  return consolidation::is_overloaded(policy_.detector, hist(h), h.req_sum / h.total_mips,
                                      h.max_ram / kMigrationRate_MBps);
}

// isHostOverUtilizedAfterAllocation: the host as it would be with `v` appended to its list.
bool Engine::overloaded_after(int hid, const Vm& v) {
  Host& h = host(hid);
  refresh_sums(h);
  const double requested = (h.req_sum + v.req) / h.total_mips;
  if (policy_.detector.method == OverloadMethod::Thr) return requested > policy_.detector.parameter;
  refresh_hist(h);
  History after = hist(h);
  if (query_vm_ == static_cast<int>(&v - vms_.data())) {
    const History& scaled = query_scaled_[static_cast<std::size_t>(h.type)];
    for (int k = 0; k < v.hist_n; ++k) after[static_cast<std::size_t>(k)] += scaled[static_cast<std::size_t>(k)];
  } else {
    const History& vh = hist(v);
    for (int k = 0; k < v.hist_n; ++k) after[static_cast<std::size_t>(k)] += vh[static_cast<std::size_t>(k)] * v.mips / h.total_mips;
  }
  return consolidation::is_overloaded(policy_.detector, after, requested,
                                      std::max(h.max_ram, v.ram) / kMigrationRate_MBps);
}

void Engine::touch(int hid) {
  const auto i = static_cast<std::size_t>(hid);
  if (touched_[i]) return;
  touched_[i] = 1;
  touched_list_.push_back(hid);
  const Host& h = hosts_[i];
  backup_vms_[i].assign(h.vms.begin(), h.vms.end());
  backup_alloc_[i].assign(h.alloc.begin(), h.alloc.end());
  backup_available_[i] = h.available;
}

// restoreAllocation: every host gets back the list it had before the round (no VM is migrating at a tick).
// The target index follows for idle hosts (busy ones are re-synced at the next round's start anyway).
void Engine::restore() {
  for (const int hid : touched_list_) {
    const auto i = static_cast<std::size_t>(hid);
    Host& h = hosts_[i];
    h.vms.assign(backup_vms_[i].begin(), backup_vms_[i].end());
    h.alloc.assign(backup_alloc_[i].begin(), backup_alloc_[i].end());
    h.available = backup_available_[i];
    invalidate(h);
    touched_[i] = 0;
    if (!over_[i] && !is_busy_[i]) index_target(hid);
  }
  touched_list_.clear();
  for (const int hid : dropped_)
    if (!over_[static_cast<std::size_t>(hid)] && !is_busy_[static_cast<std::size_t>(hid)]) index_target(hid);
  dropped_.clear();
}

// Tentative vmCreate: the VM fits (isSuitableForVm), so it gets its whole request.
void Engine::place(int v, int hid) {
  touch(hid);
  Host& h = host(hid);
  const Vm& x = vm(v);
  refresh_sums(h);
  const double capped = x.req > h.pe_mips ? h.pe_mips : x.req;
  h.vms.push_back(v);
  h.alloc.push_back(capped);
  h.available -= capped;
  // Appending keeps every cached sum in list order.
  h.req_sum += x.req;
  h.alloc_sum += capped;
  h.max_ram = std::max(h.max_ram, x.ram);
  if (h.hist_ok)
    for (int k = 0; k < x.hist_n; ++k)
      hist(h)[static_cast<std::size_t>(k)] += hist(x)[static_cast<std::size_t>(k)] * x.mips / h.total_mips;
  if (targets_.contains(hid)) index_target(hid);
}

// Tentative vmDestroy: the rest of the host is re-allocated.
void Engine::unplace(int v, int hid) {
  touch(hid);
  Host& h = host(hid);
  remove_from_host(h, v);
  allocate_all(h);
  if (targets_.contains(hid)) index_target(hid);
}

// The host as a PABFD target: its planned utilization and its offset against the round's baseline power.
void Engine::index_target(int hid) {
  Host& h = host(hid);
  refresh_sums(h);
  const int cls = host_class_[static_cast<std::size_t>(h.type)];
  const double a = h.alloc_sum / h.total_mips;
  targets_.set(hid, cls, a, targets_.power_W(cls, a) - baseline_W_[static_cast<std::size_t>(hid)],
               std::numeric_limits<int>::max(), a > 0 ? screen(h) : -std::numeric_limits<double>::infinity());
}

// The host part of the detector's screening bound, over the same history and sums overloaded_after() uses.
double Engine::screen(Host& h) {
  refresh_sums(h);
  const double u = h.req_sum / h.total_mips;
  if (!screens()) return -std::numeric_limits<double>::infinity();
  if (policy_.detector.method == OverloadMethod::Thr) return consolidation::screen_host(policy_.detector, {}, u, 0, 0);
  refresh_hist(h);
  return consolidation::screen_host(policy_.detector, hist(h), u, h.max_ram / kMigrationRate_MBps, migration_bound_s_);
}

int Engine::find_host(int v, std::span<const char> excluded) {
  using Verdict = consolidation::TargetIndex::Verdict;
  const Vm& x = vm(v);
  const double req = x.req;
  auto verdict = [&](int hid) {
    if (excluded[static_cast<std::size_t>(hid)]) {  // for the rest of the round
      dropped_.push_back(hid);
      return Verdict::Drop;
    }
    Host& h = host(hid);
    if (!(h.pe_mips >= req && h.available >= req)) return Verdict::Skip;
    refresh_sums(h);
    return h.alloc_sum != 0 && overloaded_after(hid, x) ? Verdict::Skip : Verdict::Accept;
  };
  // THR refuses busy hosts whose requested utilization would pass the threshold; the planned (allocated)
  // utilization never exceeds the requested one, so hosts planned above it need no visit.
  const double max_after = policy_.detector.method == OverloadMethod::Thr ? policy_.detector.parameter : 1.0;
  // Per host class, the limit above which the detector is certain to refuse this VM (the VM's history in
  // that class's units, zero-padded as overloaded_after() adds it).
  std::array<double, 2> limit{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  History vh{};
  for (int type = 0; type < 2 && screens(); ++type) {
    const double total = 2 * kHostPeMips[type];
    for (int k = 0; k < kHistory; ++k)
      vh[static_cast<std::size_t>(k)] = k < x.hist_n ? hist(x)[static_cast<std::size_t>(k)] * x.mips / total : 0.0;
    limit[static_cast<std::size_t>(host_class_[static_cast<std::size_t>(type)])] = consolidation::screen_limit(
        policy_.detector, vh, req / total, x.ram / kMigrationRate_MBps, migration_bound_s_);
  }
  if (policy_.detector.method != OverloadMethod::Thr) {
    for (int type = 0; type < 2; ++type) {
      const double total = 2 * kHostPeMips[type];  // Host::total_mips of that type, computed the same way
      for (int k = 0; k < x.hist_n; ++k)
        query_scaled_[static_cast<std::size_t>(type)][static_cast<std::size_t>(k)] =
            hist(x)[static_cast<std::size_t>(k)] * x.mips / total;
    }
    query_vm_ = v;
  }
  const int found = targets_.best(req, idle_targets_, max_after, verdict, nullptr, 0, limit);
  query_vm_ = -1;
  return found;
}

bool Engine::can_be_emptied(int hid) const {
  // !areAllVmsMigratingOutOrAnyVmMigratingIn
  const Host& h = host(hid);
  for (const int v : h.vms) {
    if (!vm(v).in_migration) return true;
    if (contains(h.mig_in, v)) return false;
  }
  return false;
}

void Engine::migratable_vms(int hid, std::vector<int>& out) const {
  for (const int v : host(hid).vms)
    if (!vm(v).in_migration) out.push_back(v);
}

int Engine::select_vm(int hid) {
  cand_vms_.clear();
  migratable_vms(hid, cand_vms_);
  const int n = static_cast<int>(cand_vms_.size());
  if (n == 0) return -1;
  cand_mem_.resize(static_cast<std::size_t>(n));
  cand_util_.resize(static_cast<std::size_t>(n));
  int m = kHistory;
  for (int i = 0; i < n; ++i) {
    const Vm& x = vm(cand_vms_[static_cast<std::size_t>(i)]);
    cand_mem_[static_cast<std::size_t>(i)] = x.ram;
    cand_util_[static_cast<std::size_t>(i)] = x.req / x.mips;  // getTotalUtilizationOfCpuMips / getMips
    m = std::min(m, x.hist_n);
  }
  consolidation::SelectionInput in;
  in.memory = cand_mem_;
  in.utilization = cand_util_;
  if (policy_.selection == SelectionMethod::Mc) {
    mc_matrix_.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(m));
    for (int i = 0; i < n; ++i) {
      const Vm& x = vm(cand_vms_[static_cast<std::size_t>(i)]);
      for (int j = 0; j < m; ++j)
        mc_matrix_[static_cast<std::size_t>(i) * static_cast<std::size_t>(m) + static_cast<std::size_t>(j)] =
            hist(x)[static_cast<std::size_t>(j)];
    }
    in.histories = mc_matrix_.data();
    in.history_length = m;
  }
  const int pick = consolidation::select_vm(policy_.selection, in, rng_, mc_ws_);
  return pick < 0 ? -1 : cand_vms_[static_cast<std::size_t>(pick)];
}

std::vector<Migration> Engine::optimize() {
  underload_candidates_.clear();
  std::vector<int> overloaded;
  if (!busy_sorted_) std::sort(busy_.begin(), busy_.end());
  busy_sorted_ = true;
  targets_.begin_bulk();  // most busy hosts move: rebuild the index once
  for (const int hid : busy_) {  // idle hosts keep utilization 0, off, not overloaded, indexed at P(0)
    const auto i = static_cast<std::size_t>(hid);
    Host& h = hosts_[i];
    util_tick_[i] = clamp_utilization(h.util_mips / h.total_mips);
    off_[i] = util_tick_[i] == 0;
    if (util_tick_[i] > 0) underload_candidates_.push_back(hid);
    over_[i] = !h.vms.empty() && is_overloaded(hid);
    if (over_[i]) {
      overloaded.push_back(hid);
      targets_.erase(hid);
    } else {
      baseline_W_[i] = targets_.power_W(host_class_[static_cast<std::size_t>(h.type)], util_tick_[i]);
      index_target(hid);  // a no-op for hosts that did not change
    }
  }
  targets_.end_bulk();
  // VMs to migrate from overloaded hosts, in host order, each host until it is no longer overloaded.
  std::vector<int> to_migrate;
  for (const int hid : overloaded) {
    for (;;) {
      const int v = select_vm(hid);
      if (v < 0) break;
      to_migrate.push_back(v);
      unplace(v, hid);
      if (!is_overloaded(hid)) break;
    }
  }
  std::vector<Migration> plan;
  consolidation::place_decreasing(*this, to_migrate, over_, /*all_or_nothing=*/false, plan);
  const std::vector<Migration> overload_plan = plan;
  consolidation::UnderloadOptions options;
  options.exclude_overload_targets = false;  // CloudSim 3.0.3
  idle_targets_ = false;  // the underload step excludes switched-off hosts (utilization 0) as targets
  consolidation::consolidate_underloaded(*this, over_, off_, overload_plan, underload_candidates_, options,
                                         underload_scratch_, plan);
  idle_targets_ = true;
  restore();
  return plan;
}

// ---------------------------------------------------------------------------------------------------------
// Migrations (PowerDatacenter.updateCloudletProcessing, Host.addMigratingInVm, Datacenter.processVmMigrate)

void Engine::start_migration(int v, int target, double t) {
  Vm& x = vm(v);
  x.in_migration = true;
  Host& h = host(target);
  if (!contains(h.mig_in, v)) {
    mark_busy(target);
    h.mig_in.push_back(v);
    h.vms.push_back(v);
    h.alloc.push_back(0);
    update_host(target, t);
    update_host(x.host, t);
  }
  ++migrations_;
}

void Engine::finish_migration(int v, int target) {
  Vm& x = vm(v);
  if (x.host >= 0) {  // deallocateHostForVm
    Host& from = host(x.host);
    remove_from_host(from, v);
    allocate_all(from);
  }
  Host& h = host(target);
  remove_from_host(h, v);  // removeMigratingInVm
  erase_value(h.mig_in, v);
  x.in_migration = false;
  h.vms.push_back(v);      // allocateHostForVm -> vmCreate
  h.alloc.push_back(0);
  invalidate(h);
  allocate_all(h);
  x.host = target;
}

CompatResult Engine::run() {
  initial_placement();
  const bool migrating = policy_.kind == CompatPolicyKind::Migration;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events;
  long seq = 0;
  events.push(Event{kFirstSubmit_s + kInterval_s, seq++, true, -1, -1});
  double last_event = 0;
  while (!events.empty()) {
    const Event e = events.top();
    if (e.time >= kLimit_s) break;  // CloudSim.terminateSimulation(SIMULATION_LIMIT)
    events.pop();
    last_event = e.time;
    if (e.tick) {
      if (policy_.kind == CompatPolicyKind::Npa) {
        nonpower_aware_update(e.time);
      } else {
        force_update(e.time);
        if (migrating) {
          const std::vector<Migration> plan = optimize();
          for (const Migration& m : plan) {
            start_migration(m.vm, m.to, e.time);
            events.push(Event{e.time + vm(m.vm).ram / kMigrationRate_MBps, seq++, false, m.vm, m.to});
          }
        }
      }
      events.push(Event{e.time + kInterval_s, seq++, true, -1, -1});
    } else {
      // processVmMigrate: bring everything up to date, move the VM, and update again after the last
      // migration completing at this instant.
      if (e.time > last_process_) force_update(e.time);
      finish_migration(e.vm, e.host);
      if (events.empty() || events.top().time != e.time) force_update(e.time);
    }
  }
  // Close the histories (the last entries start no interval) and gather the metrics.
  CompatResult r;
  r.energy_kWh = energy_Ws_ / (3600 * 1000);
  r.migrations = migrations_;
  double active = 0, viol = 0;
  for (Host& h : hosts_) {
    if (h.has_entry && h.shutdown_prev_active && !h.e_active) ++h.shutdowns;
    active += h.active_time;
    viol += h.viol_time;
    r.host_shutdowns += h.shutdowns;
  }
  double tot_alloc = 0, tot_req = 0, under_mig = 0, viol_sum = 0;
  long viol_n = 0;
  for (const Vm& v : vms_) {
    tot_alloc += v.tot_alloc;
    tot_req += v.tot_req;
    under_mig += v.under_mig;
    viol_sum += v.viol_sum;
    viol_n += v.viol_n;
  }
  r.slatah = active > 0 ? viol / active : 0.0;
  r.pdm = tot_req > 0 ? under_mig / tot_req : 0.0;
  r.slav = r.slatah * r.pdm;
  r.overall_sla_violation = tot_req > 0 ? (tot_req - tot_alloc) / tot_req : 0.0;
  r.average_sla_violation = viol_n > 0 ? viol_sum / static_cast<double>(viol_n) : 0.0;
  r.vms = static_cast<int>(vms_.size());
  r.vms_removed = removed_;
  r.vms_left = r.vms - removed_;
  r.processing_events = processing_events_;
  r.last_event_s = last_event;
  return r;
}

}  // namespace

double cloudsim_specpower_W(const double* p, double u) { return specpower_W(p, u); }

TraceInstant::TraceInstant(double t, std::size_t samples, double interval_s) : t_(t), n_(samples == 0 ? 1 : samples) {
  // The branches of workload::planetlab_utilization that depend on t only.
  const double T = interval_s;
  if (!(t > 0.0)) {
    kind_ = Kind::First;
  } else if (t >= static_cast<double>(n_) * T) {
    kind_ = Kind::Last;
  } else if (std::fmod(t, T) == 0.0) {
    kind_ = Kind::Sample;
    i1_ = static_cast<std::size_t>(t / T);
  } else {
    const std::size_t i1 = static_cast<std::size_t>(std::floor(t / T));
    const std::size_t i2 = static_cast<std::size_t>(std::ceil(t / T));
    i1_ = i1;
    if (i1 == i2) {
      kind_ = Kind::Sample;
    } else {
      kind_ = Kind::Interpolate;
      i2_ = i2 < n_ ? i2 : n_ - 1;
      denom_ = static_cast<double>(i2 - i1) * T;
      off_ = t - static_cast<double>(i1) * T;
    }
  }
}

CompatPolicy parse_compat_policy(std::string_view policy) {
  CompatPolicy out;
  if (policy == "npa") {
    out.kind = CompatPolicyKind::Npa;
    return out;
  }
  if (policy == "dvfs") {
    out.kind = CompatPolicyKind::Dvfs;
    return out;
  }
  const std::size_t d1 = policy.find('-');
  if (d1 == std::string_view::npos)
    throw policy_error(policy, "expected npa, dvfs or <thr|iqr|mad|lr|lrr>-<mmt|mc|mu|rs>[-<parameter>]");
  const std::size_t d2 = policy.find('-', d1 + 1);
  const std::string_view det = policy.substr(0, d1);
  const std::string_view sel = policy.substr(d1 + 1, d2 == std::string_view::npos ? std::string_view::npos : d2 - d1 - 1);
  try {
    out.detector.method = consolidation::parse_overload_method(det);
    out.selection = consolidation::parse_selection_method(sel);
  } catch (const std::invalid_argument& e) {
    throw policy_error(policy, e.what());
  }
  out.detector.parameter = consolidation::default_overload_parameter(out.detector.method);
  if (d2 != std::string_view::npos) {
    const std::string_view num = policy.substr(d2 + 1);
    double value = 0;
    const auto res = std::from_chars(num.data(), num.data() + num.size(), value);
    if (num.empty() || res.ec != std::errc() || res.ptr != num.data() + num.size() || !std::isfinite(value) ||
        value < 0)
      throw policy_error(policy, "parameter '" + std::string(num) + "' is not a number >= 0");
    out.detector.parameter = value;
  }
  out.detector.fallback_threshold = 0.7;
  out.detector.min_history = 12;
  out.detector.regression_window = 10;
  out.detector.interval_s = kInterval_s;
  return out;
}

CompatResult run_cloudsim_planetlab(const CompatConfig& config,
                                    const std::vector<workload::UtilizationTrace>& traces) {
  CompatPolicy policy = parse_compat_policy(config.policy);
  policy.detector.apply_regression_weights = config.weighted_regression;
  if (config.hosts < 1)
    throw InputErrors(InputError{"", 0, 0, "hosts", "found " + std::to_string(config.hosts) + ", expected >= 1"});
  if (traces.empty())
    throw InputErrors(InputError{config.trace_dir, 0, 0, "trace_dir", "no traces; expected one file per VM"});
  // CloudSim reads exactly 288 samples per file and repeats the last one.
  std::vector<workload::UtilizationTrace> truncated;
  if (config.tile < 1)
    throw InputErrors(InputError{"", 0, 0, "tile", "found " + std::to_string(config.tile) + ", expected >= 1"});
  std::vector<const workload::UtilizationTrace*> use(traces.size());
  std::size_t longer = 0;
  for (const auto& t : traces) longer += t.values.size() > kTraceSamples;
  truncated.reserve(longer);
  for (std::size_t i = 0; i < traces.size(); ++i) {
    const auto& t = traces[i];
    if (t.values.size() < kTraceSamples)
      throw_file_error(config.trace_dir.empty() ? t.name : config.trace_dir + "/" + t.name,
                       static_cast<int>(t.values.size()) + 1,
                       "trace ends after " + std::to_string(t.values.size()) +
                           " samples; CloudSim's PlanetLab example reads 288 (24 h at 300 s)");
    for (std::size_t k = 0; k < kTraceSamples; ++k)
      if (!(t.values[k] >= 0.0 && t.values[k] <= 1.0))
        throw_file_error(config.trace_dir.empty() ? t.name : config.trace_dir + "/" + t.name, static_cast<int>(k) + 1,
                         "utilization " + std::to_string(t.values[k]) + " outside [0, 1] (a fraction, 1 = 100%)");
    if (t.values.size() > kTraceSamples) {
      truncated.push_back(t);
      truncated.back().values.resize(kTraceSamples);
      use[i] = &truncated.back();
    } else {
      use[i] = &t;
    }
  }
  use.reserve(use.size() * static_cast<std::size_t>(config.tile));
  const std::size_t day = use.size();
  for (int k = 1; k < config.tile; ++k) use.insert(use.end(), use.begin(), use.begin() + static_cast<std::ptrdiff_t>(day));
  Engine engine(policy, use, config.hosts, config.seed);
  return engine.run();
}

CompatResult run_cloudsim_planetlab(const CompatConfig& config) {
  const std::vector<workload::UtilizationTrace> traces = workload::read_planetlab_directory(config.trace_dir);
  return run_cloudsim_planetlab(config, traces);
}

}  // namespace dcsim::compat
