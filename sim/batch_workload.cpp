#include "sim/batch_workload.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/input_error.hpp"
#include "models/workload/swf_reader.hpp"

namespace dcsim {

BatchWorkload::BatchWorkload(const BatchWorkloadSpec& spec, const std::vector<int>& server_cores)
    : spec_(spec), server_cores_(server_cores) {
  for (int c : server_cores_) processors_ += c;
  const auto swf = workload::read_swf(spec.swf);
  for (const auto& j : swf.jobs) {
    if (spec.limit > 0 && static_cast<long>(jobs_.size()) >= spec.limit) break;
    policy::BatchJob b;
    b.id = static_cast<int>(j.id);
    b.submit_s = std::max(0.0, j.submit_s - spec.time_offset_s);  // before the offset: submitted at t = 0
    b.run_s = j.run_s;
    b.requested_s = j.requested_s;
    b.procs = j.procs;
    jobs_.push_back(b);
  }
  const auto policy = policy::batch_policy_from_name(spec.policy);
  policy::BatchOptions opt;
  opt.backfill_depth = spec.backfill_depth;
  try {
    schedule_ = policy::schedule_batch(jobs_, std::max(1, processors_), *policy, opt);
  } catch (const std::invalid_argument& e) {
    throw_file_error(spec.swf, 0, std::string("cannot schedule the jobs: ") + e.what());
  }

  // Split each job over the partition's servers. Start/end events in time order, ends first at equal
  // times (the scheduler frees processors before it starts jobs), so the free cores always suffice.
  struct Event {
    double t;
    int kind;  // 0 end, 1 start
    size_t job;
  };
  std::vector<Event> events;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    const auto& r = schedule_.jobs[i];
    if (r.rejected || !(r.end_s > r.start_s)) continue;  // never ran, or ran for no time: no load
    events.push_back({r.start_s, 1, i});
    events.push_back({r.end_s, 0, i});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.t != b.t) return a.t < b.t;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.job < b.job;
  });
  std::vector<int> free(server_cores_);
  std::vector<std::vector<std::pair<int, int>>> held(jobs_.size());  // (server, cores) per running job
  size_t first_free = 0;  // servers before it are full
  for (const auto& e : events) {
    if (e.kind == 1) {
      int need = jobs_[e.job].procs;
      for (size_t s = first_free; need > 0 && s < free.size(); ++s) {
        const int take = std::min(need, free[s]);
        if (take <= 0) continue;
        free[s] -= take;
        need -= take;
        held[e.job].push_back({static_cast<int>(s), take});
        changes_.push_back({e.t, static_cast<std::int32_t>(s), take});
      }
      if (need > 0) throw std::logic_error("batch partition over-allocated (scheduler invariant broken)");
      while (first_free < free.size() && free[first_free] == 0) ++first_free;
    } else {
      for (const auto& [s, c] : held[e.job]) {
        free[s] += c;
        first_free = std::min(first_free, static_cast<size_t>(s));
        changes_.push_back({e.t, s, -c});
      }
      held[e.job] = {};
    }
  }
}

double BatchWorkload::next_time() const {
  return next_ < changes_.size() ? changes_[next_].t : std::numeric_limits<double>::infinity();
}

BatchLoadChange BatchWorkload::pop() { return changes_[next_++]; }

nlohmann::json BatchWorkload::summary(double end_s) const {
  const auto& m = schedule_.metrics;
  long started = 0, finished = 0;
  double core_s = 0;  // core-seconds run within [0, end_s]
  for (size_t i = 0; i < jobs_.size(); ++i) {
    const auto& r = schedule_.jobs[i];
    if (r.rejected) continue;
    if (r.start_s < end_s) ++started;
    if (r.end_s <= end_s) ++finished;
    core_s += jobs_[i].procs * std::max(0.0, std::min(r.end_s, end_s) - std::min(r.start_s, end_s));
  }
  return {{"policy", spec_.policy},
          {"servers", servers()},
          {"processors", processors_},
          {"jobs", static_cast<long>(jobs_.size())},
          {"jobs_run", m.jobs_run},
          {"killed", m.jobs_killed},
          {"rejected", m.jobs_rejected},
          {"mean_wait_s", m.mean_wait_s},
          {"mean_bounded_slowdown", m.mean_bounded_slowdown},
          {"utilization", m.utilization},
          {"makespan_s", m.makespan_s},
          {"started_in_run", started},
          {"finished_in_run", finished},
          {"core_hours_in_run", core_s / 3600.0}};
}

}  // namespace dcsim
