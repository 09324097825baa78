#include "sim/workload_source.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/workload/planetlab_reader.hpp"
#include "models/workload/synthetic.hpp"

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
}  // namespace

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
  if (!traces_.empty()) out.push_back({UtilizationKind::Trace, traces_.front().interval_s});
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
    case UtilizationKind::Trace: {
      const auto& tr = traces_[vm.trace];
      const auto k = static_cast<size_t>(vm.arrival_s / tr.interval_s);
      state = utilization = static_cast<float>(tr.values.empty() ? 0.0 : tr.values[std::min(k, tr.values.size() - 1)]);
      break;
    }
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
      state = utilization = static_cast<float>(tr.values[std::min<size_t>(step, tr.values.size() - 1)]);
      return;
    }
  }
}

}  // namespace dcsim
