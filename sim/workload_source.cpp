#include "sim/workload_source.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <filesystem>

#include "core/input_error.hpp"
#include "models/policy/batch_scheduler.hpp"
#include "models/workload/alibaba2018_reader.hpp"
#include "models/workload/azure_reader.hpp"
#include "models/workload/bitbrains_reader.hpp"
#include "models/workload/google2011_reader.hpp"
#include "models/workload/planetlab_reader.hpp"
#include "models/workload/synthetic.hpp"
#include "sim/autoscale.hpp"
#include "sim/batch_workload.hpp"
#include "sim/simulation.hpp"
#include "sim/spec_reader.hpp"

namespace dcsim {

namespace {
constexpr double kNever = std::numeric_limits<double>::infinity();

workload::Distribution make_distribution(const DistributionSpec& d) {
  if (d.kind == "exponential") return workload::Distribution::exponential(d.mean);
  if (d.kind == "lognormal") return workload::Distribution::lognormal_from_mean(d.mean, d.sigma);
  if (d.kind == "weibull") {
    // scale from the mean: mean = scale * Gamma(1 + 1/shape)
    return workload::Distribution::weibull(d.sigma, d.mean / std::tgamma(1.0 + 1.0 / d.sigma));
  }
  if (d.kind == "uniform") return workload::Distribution::uniform(d.min, d.max);
  return workload::Distribution::fixed(d.mean);
}

// The sample of a trace covering time t (values[0] before its start, the last value past its end).
double trace_value(const workload::UtilizationTrace& tr, double t) {
  if (tr.values.empty()) return 0.0;
  const double k = std::floor((t - tr.start_s) / tr.interval_s + 1e-9);
  if (!(k > 0)) return tr.values.front();
  return tr.values[std::min(static_cast<size_t>(k), tr.values.size() - 1)];
}

workload::VmTrace read_cluster_trace(const TraceWorkloadSpec& t) {
  if (t.format == "google2011") {
    workload::Google2011Options o;
    o.machine_cores = t.machine_cores;
    o.machine_memory_B = t.machine_memory_B;
    o.usage_interval_s = t.usage_interval_s;
    return workload::read_google2011(t.files, t.usage_files, o);
  }
  if (t.format == "alibaba2018") {
    workload::Alibaba2018Options o;
    o.machine_memory_B = t.machine_memory_B;
    o.usage_interval_s = t.usage_interval_s;
    return workload::read_alibaba2018(t.files, t.usage_files, o);
  }
  if (t.format == "azure") {
    workload::AzureOptions o;
    o.cores_open_bucket = t.open_bucket_cores;
    o.memory_GB_open_bucket = t.open_bucket_memory_B / 1073741824.0;
    o.usage_interval_s = t.usage_interval_s;
    return workload::read_azure_vmtable(t.files.front(), t.usage_files, o);
  }
  workload::BitbrainsOptions o;
  o.usage_interval_s = t.usage_interval_s;
  return workload::read_bitbrains_directory(t.directory, o);
}
}  // namespace

void WorkloadSource::add_cluster_traces(std::uint64_t& uid) {
  // Each record is one VM: arrival = start - offset (clipped at 0), departure = end - offset; fractional
  // cores are allocated whole (ceil) and the usage is scaled by requested/allocated cores, so the demand
  // in cores is the trace's.
  for (const auto& spec : scenario_->workload.extras.traces) {
    auto trace = read_cluster_trace(spec);
    auto& vms = trace.vms;
    if (spec.limit > 0 && static_cast<long>(vms.size()) > spec.limit) vms.resize(static_cast<size_t>(spec.limit));
    double offset = spec.time_offset_s;
    if (spec.time_offset_auto) {
      offset = 0;
      if (!vms.empty()) offset = vms.front().start_s;
      for (const auto& v : vms) offset = std::min(offset, v.start_s);
    }
    for (auto& v : vms) {
      const double arrival = std::max(0.0, v.start_s - offset);
      const double end = v.end_s - offset;
      if (!(end > arrival) || !(arrival < end_s_)) continue;
      VmRequest r;
      r.arrival_s = arrival;
      r.end_s = std::isfinite(end) ? end : kNever;
      r.cores = std::max(1, static_cast<int>(std::ceil(v.cores - 1e-9)));
      r.memory_B = v.memory_B;
      const double scale = v.cores / r.cores;
      r.uid = uid++;
      if (v.usage.values.empty()) {
        r.kind = UtilizationKind::Constant;
        r.utilization = static_cast<float>(std::min(1.0, spec.utilization_without_usage * scale));
      } else {
        r.kind = UtilizationKind::Trace;
        workload::UtilizationTrace u = std::move(v.usage);
        u.start_s -= offset;
        if (scale != 1.0)
          for (auto& x : u.values) x *= scale;
        if (u.name.empty()) u.name = v.id;
        r.trace = static_cast<std::int32_t>(traces_.size());
        traces_.push_back(std::move(u));
      }
      fixed_.push_back(r);
    }
  }
}

struct WorkloadSource::Synthetic {
  workload::ArrivalProcess arrivals;
  workload::VmTypeMix mix;
  workload::Distribution lifetime;
  workload::UtilizationProcess utilization;
  Rng rng;                    // sizes and lifetimes, in arrival order
  std::vector<VmRequest> initial;  // the steady-state population at t = 0
  size_t initial_next = 0;
  std::uint64_t next_uid = 0;
};

static std::vector<workload::VmType> to_types(const std::vector<VmTypeSpec>& specs) {
  std::vector<workload::VmType> out;
  for (size_t i = 0; i < specs.size(); ++i)
    out.push_back({"type" + std::to_string(i), double(specs[i].cores), specs[i].memory_B, specs[i].weight});
  return out;
}

WorkloadSource::WorkloadSource(const Scenario& sc, double end_s) : scenario_(&sc), end_s_(end_s) {
  seed_ = sc.simulation.seed;
  const auto& w = sc.workload;
  std::uint64_t uid = 0;
  for (const auto& e : w.vms) {
    for (int c = 0; c < e.count; ++c) {
      VmRequest r;
      r.arrival_s = e.arrival_s;
      r.end_s = e.duration_s > 0 ? e.arrival_s + e.duration_s : kNever;
      r.cores = e.cores;
      r.memory_B = e.memory_B;
      r.kind = UtilizationKind::Constant;
      r.utilization = static_cast<float>(e.utilization);
      r.uid = uid++;
      if (r.arrival_s < end_s_) fixed_.push_back(r);
    }
  }
  if (w.planetlab.enabled) {
    traces_ = workload::read_planetlab_directory(w.planetlab.directory);
    // Copy after copy of the whole day (trace order), as the compat mode's cloudsim.tile.
    for (int copy = 0; copy < w.planetlab.copies; ++copy) {
      for (size_t i = 0; i < traces_.size(); ++i) {
        VmRequest r;
        r.arrival_s = 0;
        r.end_s = kNever;
        r.cores = w.planetlab.vm.cores;
        r.memory_B = w.planetlab.vm.memory_B;
        r.kind = UtilizationKind::Trace;
        r.trace = static_cast<std::int32_t>(i);
        r.uid = uid++;
        fixed_.push_back(r);
      }
    }
  }
  add_cluster_traces(uid);
  if (!w.extras.autoscaled.empty()) {
    groups_ = std::make_unique<AutoscaleGroups>(w.extras.autoscaled, end_s_);
    for (size_t g = 0; g < groups_->count(); ++g)
      for (int k = 0; k < w.extras.autoscaled[g].initial; ++k) fixed_.push_back(group_request(g, 0.0));
  }
  std::stable_sort(fixed_.begin(), fixed_.end(),
                   [](const VmRequest& a, const VmRequest& b) { return a.arrival_s < b.arrival_s; });

  if (w.synthetic.enabled) {
    const auto& s = w.synthetic;
    workload::ArrivalParams ap;
    ap.rate_per_s = s.arrival_rate_per_s;
    ap.amplitude = s.diurnal_amplitude;
    ap.peak_time_s = s.diurnal_peak_s;
    workload::UtilizationProcessParams up;
    up.mean = s.utilization_mean;
    up.mean_stddev = s.utilization_stddev;
    up.phi = s.utilization_phi;
    up.sigma = s.utilization_noise;
    up.step_s = s.utilization_interval_s;
    up.diurnal_amplitude = s.diurnal_amplitude;
    up.peak_time_s = s.diurnal_peak_s;
    synthetic_ = std::make_unique<Synthetic>(Synthetic{
        workload::ArrivalProcess(ap, seed_), workload::VmTypeMix(to_types(s.vm_types)), make_distribution(s.lifetime),
        workload::UtilizationProcess(up, seed_), make_rng(seed_, "workload.synthetic.sizes"), {}, 0,
        std::uint64_t{1} << 40});
    auto& syn = *synthetic_;
    if (s.initial == "steady-state") {
      // Little's law: a stationary M/G/inf system holds Poisson(rate x mean lifetime) VMs, each with an
      // equilibrium residual lifetime.
      Rng rng = make_rng(seed_, "workload.synthetic.initial");
      const auto count = workload::sample_poisson(rng, workload::steady_state_population(ap.rate_per_s, syn.lifetime.mean()));
      syn.initial.reserve(count);
      for (std::uint64_t i = 0; i < count; ++i) {
        const auto& type = syn.mix.sample(rng);
        VmRequest r;
        r.arrival_s = 0;
        r.end_s = syn.lifetime.sample_residual(rng);
        r.cores = static_cast<int>(type.cores);
        r.memory_B = type.memory_B;
        r.kind = UtilizationKind::Synthetic;
        r.uid = syn.next_uid++;
        r.long_run_mean = static_cast<float>(syn.utilization.vm_mean(r.uid));
        syn.initial.push_back(r);
      }
    }
    refill_synthetic();
  }
}

WorkloadSource::~WorkloadSource() = default;

void WorkloadSource::refill_synthetic() {
  synthetic_next_.reset();
  if (!synthetic_) return;
  auto& syn = *synthetic_;
  if (syn.initial_next < syn.initial.size()) {
    synthetic_next_ = syn.initial[syn.initial_next++];
    if (syn.initial_next == syn.initial.size()) syn.initial = {};  // release
    return;
  }
  const double t = syn.arrivals.next();
  if (!(t < end_s_)) return;
  const auto& type = syn.mix.sample(syn.rng);
  VmRequest r;
  r.arrival_s = t;
  r.end_s = t + syn.lifetime.sample(syn.rng);
  r.cores = static_cast<int>(type.cores);
  r.memory_B = type.memory_B;
  r.kind = UtilizationKind::Synthetic;
  r.uid = syn.next_uid++;
  r.long_run_mean = static_cast<float>(syn.utilization.vm_mean(r.uid));
  synthetic_next_ = r;
}

double WorkloadSource::next_time() const {
  double t = kNever;
  if (fixed_next_ < fixed_.size()) t = fixed_[fixed_next_].arrival_s;
  if (synthetic_next_) t = std::min(t, synthetic_next_->arrival_s);
  return t;
}

VmRequest WorkloadSource::pop() {
  // Ties: the fixed list first, so explicit VMs and traces are placed before the synthetic stream.
  if (fixed_next_ < fixed_.size() && (!synthetic_next_ || fixed_[fixed_next_].arrival_s <= synthetic_next_->arrival_s))
    return fixed_[fixed_next_++];
  VmRequest r = *synthetic_next_;
  refill_synthetic();
  return r;
}

std::vector<UtilizationTick> WorkloadSource::ticks() const {
  std::vector<UtilizationTick> out;
  if (synthetic_) out.push_back({UtilizationKind::Synthetic, synthetic_->utilization.params().step_s});
  if (!traces_.empty()) {
    double dt = traces_.front().interval_s;
    for (const auto& tr : traces_) dt = std::min(dt, tr.interval_s);
    out.push_back({UtilizationKind::Trace, dt});
  }
  if (groups_) out.push_back({UtilizationKind::Group, groups_->interval_s()});
  return out;
}

void WorkloadSource::initial(const VmRequest& vm, float& state, float& utilization) const {
  switch (vm.kind) {
    case UtilizationKind::Constant:
      state = utilization = vm.utilization;
      break;
    case UtilizationKind::Synthetic: {
      const auto& up = synthetic_->utilization;
      state = static_cast<float>(up.initial_state(vm.uid, vm.long_run_mean));
      utilization = static_cast<float>(up.utilization(state, vm.arrival_s));
      break;
    }
    case UtilizationKind::Trace:
      state = utilization = static_cast<float>(trace_value(traces_[vm.trace], vm.arrival_s));
      break;
    case UtilizationKind::Group:
      state = utilization = groups_->vm_utilization(static_cast<size_t>(vm.trace), vm.arrival_s);
      break;
  }
}

void WorkloadSource::advance(const VmRequest& vm, float& state, float& utilization, std::uint64_t step,
                             double t) const {
  switch (vm.kind) {
    case UtilizationKind::Constant:
      return;
    case UtilizationKind::Synthetic: {
      const auto& up = synthetic_->utilization;
      state = static_cast<float>(up.next_state(vm.uid, vm.long_run_mean, state, step - 1));
      utilization = static_cast<float>(up.utilization(state, t));
      return;
    }
    case UtilizationKind::Trace: {
      // A trace holds each sample for its interval; past its end it holds the last value.
      const auto& tr = traces_[vm.trace];
      if (tr.values.empty()) return;
      state = utilization = static_cast<float>(trace_value(tr, t));
      return;
    }
    case UtilizationKind::Group:
      state = utilization = groups_->vm_utilization(static_cast<size_t>(vm.trace), t);
      return;
  }
}

// ---- batch partition and autoscaled groups ----

namespace {
class BatchReport final : public Subsystem {  // the "batch" block of summary.json
 public:
  BatchReport(const BatchWorkload& b, double end_s) : b_(b), end_s_(end_s) {}
  std::string name() const override { return "batch"; }
  void start(Simulation&) override {}
  nlohmann::json summary() const override { return b_.summary(end_s_); }

 private:
  const BatchWorkload& b_;
  double end_s_;
};
class AutoscaleReport final : public Subsystem {  // the "autoscaling" block of summary.json
 public:
  explicit AutoscaleReport(const AutoscaleGroups& g) : g_(g) {}
  std::string name() const override { return "autoscaling"; }
  void start(Simulation&) override {}
  nlohmann::json summary() const override { return g_.summary(); }

 private:
  const AutoscaleGroups& g_;
};
}  // namespace

void WorkloadSource::attach(Simulation& sim) {
  const auto& b = scenario_->workload.extras.batch;
  if (b.enabled) {
    const auto& L = sim.layout();
    if (b.servers > L.servers())
      throw InputErrors(InputError{scenario_->file, 0, 0, "workload.batch.servers",
                                   "a partition of " + std::to_string(b.servers) + " servers; the site has only " +
                                       std::to_string(L.servers())});
    std::vector<int> cores;
    for (long s = 0; s < b.servers; ++s) cores.push_back(static_cast<int>(L.type_cores[L.server_type[s]]));
    batch_ = std::make_unique<BatchWorkload>(b, cores);
    for (long s = 0; s < b.servers; ++s) sim.reserve_server(s);
    sim.add_subsystem(std::make_unique<BatchReport>(*batch_, end_s_));
  }
  if (groups_) sim.add_subsystem(std::make_unique<AutoscaleReport>(*groups_));
}

double WorkloadSource::next_batch_time() const { return batch_ ? batch_->next_time() : kNever; }
BatchLoadChange WorkloadSource::pop_batch() { return batch_->pop(); }

VmRequest WorkloadSource::group_request(size_t group, double t) {
  const auto& g = groups_->spec(group);
  VmRequest r;
  r.arrival_s = t;
  r.end_s = kNever;
  r.cores = g.vm_cores;
  r.memory_B = g.vm_memory_B;
  r.kind = UtilizationKind::Group;
  r.trace = static_cast<std::int32_t>(group);
  r.uid = group_uid_++;
  return r;
}

void WorkloadSource::joined(const VmRequest& vm, std::uint32_t slot) {
  if (vm.kind == UtilizationKind::Group) groups_->joined(static_cast<size_t>(vm.trace), slot);
}
void WorkloadSource::left(const VmRequest& vm, std::uint32_t slot) {
  if (vm.kind == UtilizationKind::Group) groups_->left(static_cast<size_t>(vm.trace), slot);
}

// ---- scenario: workload.traces / batch / autoscaled ----

namespace {
using spec::MapReader;
using units::Dimension;

std::vector<std::string> path_list(MapReader& r, std::string_view key, bool required) {
  std::vector<std::string> out;
  if (required && !r.has(key)) {
    r.error(key, "missing required key; expected a file path or a list of paths");
    return out;
  }
  for (auto p : r.text_list(key)) {
    std::filesystem::path f(p);
    if (f.is_relative() && !r.base_dir.empty()) f = std::filesystem::path(r.base_dir) / f;
    out.push_back(f.lexically_normal().string());
    if (!std::filesystem::is_regular_file(out.back())) r.error(key, "'" + out.back() + "' is not a file");
  }
  if (required && out.empty()) r.error(key, "expected at least one file");
  return out;
}
}  // namespace

void read_workload_extras(MapReader& r, WorkloadExtras& out) {
  for (auto& t : r.map_list("traces", false)) {
    TraceWorkloadSpec s;
    s.format = t.choice("format", {"google2011", "alibaba2018", "azure", "bitbrains"});
    if (s.format == "google2011") {
      s.files = path_list(t, "task_events", true);
      s.usage_files = path_list(t, "task_usage", false);
      MapReader m = t.map("machine");
      s.machine_cores = m.number("cores", std::nullopt, 1e-9, 1e6);
      s.machine_memory_B = m.quantity("memory", Dimension::DataSize);
      if (s.machine_memory_B <= 0) m.error("memory", "expected a positive size");
      m.finish();
    } else if (s.format == "alibaba2018") {
      s.files = path_list(t, "container_meta", true);
      s.usage_files = path_list(t, "container_usage", false);
      MapReader m = t.map("machine");
      s.machine_memory_B = m.quantity("memory", Dimension::DataSize);
      if (s.machine_memory_B <= 0) m.error("memory", "expected a positive size");
      m.finish();
    } else if (s.format == "azure") {
      s.files = path_list(t, "vmtable", true);
      if (s.files.size() > 1) t.error("vmtable", "expected one vmtable file");
      s.usage_files = path_list(t, "cpu_readings", false);
      MapReader m = t.map_or_empty("open_bucket");
      s.open_bucket_cores = m.number("cores", 0.0, 0.0, 1e6);
      s.open_bucket_memory_B = m.quantity("memory", Dimension::DataSize, "0B");
      m.finish();
    } else if (s.format == "bitbrains") {
      s.directory = t.path_value("directory", true);
      if (!s.directory.empty() && !std::filesystem::is_directory(s.directory))
        t.error("directory", "'" + s.directory + "' is not a directory; expected a Bitbrains VM folder");
    }
    s.usage_interval_s = t.quantity("usage_interval", Dimension::Time, "300s");
    if (s.usage_interval_s < 1) t.error("usage_interval", "expected at least 1s");
    if (t.has("time_offset") && t.node()["time_offset"].IsScalar() && t.node()["time_offset"].Scalar() == "auto") {
      t.accept("time_offset");
    } else if (t.has("time_offset")) {
      s.time_offset_auto = false;
      s.time_offset_s = t.quantity("time_offset", Dimension::Time);
    }
    s.limit = t.integer("limit", 0, 0, 100000000);
    s.utilization_without_usage = t.number("utilization", 0.0, 0.0, 1.0);
    t.finish();
    out.traces.push_back(std::move(s));
  }
  if (auto b = r.optional_map("batch")) {
    auto& s = out.batch;
    s.enabled = true;
    s.swf = b->path_value("swf", true);
    if (!s.swf.empty() && !std::filesystem::is_regular_file(s.swf))
      b->error("swf", "'" + s.swf + "' is not a file; expected an SWF job log");
    s.policy = b->choice("policy", policy::batch_policy_names(), "fcfs");
    s.servers = b->integer("servers", std::nullopt, 1, 2000000);
    s.backfill_depth = static_cast<int>(b->integer("backfill_depth", 0, 0, 100000000));
    s.limit = b->integer("limit", 0, 0, 100000000);
    s.time_offset_s = b->quantity("time_offset", Dimension::Time, "0s");
    b->finish();
  }
  for (auto& a : r.map_list("autoscaled", false)) {
    AutoscaledGroupSpec s;
    s.name = a.text("name");
    MapReader vm = a.map("vm");
    s.vm_cores = static_cast<int>(vm.integer("cores", std::nullopt, 1, 4096));
    s.vm_memory_B = vm.quantity("memory", Dimension::DataSize, "1GiB");
    vm.finish();
    s.min = static_cast<int>(a.integer("min", 1, 0, 1000000));
    s.max = static_cast<int>(a.integer("max", std::nullopt, 1, 1000000));
    s.initial = static_cast<int>(a.integer("initial", s.min, 0, 1000000));
    if (s.min > s.max) a.error("min", "expected min <= max");
    if (s.initial < s.min || s.initial > s.max) a.error("initial", "expected min <= initial <= max");
    s.upper = a.number("upper", 0.8, 0.0, 1.0);
    s.lower = a.number("lower", 0.3, 0.0, 1.0);
    if (!(s.lower < s.upper)) a.error("lower", "expected lower < upper");
    s.step_out = static_cast<int>(a.integer("step_out", 1, 1, 1000000));
    s.step_in = static_cast<int>(a.integer("step_in", 1, 1, 1000000));
    s.breach_s = a.quantity("breach", Dimension::Time, "300s");
    s.breach_in_s = a.quantity("breach_in", Dimension::Time, "0s");
    s.cooldown_s = a.quantity("cooldown", Dimension::Time, "300s");
    s.interval_s = a.quantity("interval", Dimension::Time, "60s");
    if (s.interval_s < 1) a.error("interval", "expected at least 1s");
    MapReader d = a.map("demand");
    s.demand.cores = d.number("cores", std::nullopt, 0.0, 1e9);
    MapReader diurnal = d.map_or_empty("diurnal");
    s.demand.diurnal_amplitude = diurnal.number("amplitude", 0.0, 0.0, 1.0);
    s.demand.diurnal_peak_s = diurnal.quantity("peak", Dimension::Time, "14h");
    diurnal.finish();
    s.demand.trace = d.path_value("trace", false);
    if (!s.demand.trace.empty() && !std::filesystem::is_regular_file(s.demand.trace))
      d.error("trace", "'" + s.demand.trace + "' is not a file; expected a utilization trace (percent per line)");
    s.demand.trace_interval_s = d.quantity("interval", Dimension::Time, "300s");
    if (s.demand.trace_interval_s < 1) d.error("interval", "expected at least 1s");
    d.finish();
    a.finish();
    out.autoscaled.push_back(std::move(s));
  }
}

}  // namespace dcsim
