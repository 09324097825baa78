#include "models/policy/batch_scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace dcsim::policy {

std::optional<BatchPolicy> batch_policy_from_name(std::string_view name) {
  if (name == "fcfs") return BatchPolicy::Fcfs;
  if (name == "easy") return BatchPolicy::EasyBackfill;
  return std::nullopt;
}

std::vector<std::string> batch_policy_names() { return {"fcfs", "easy"}; }

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void validate(const std::vector<BatchJob>& jobs, int processors) {
  if (processors < 1) throw std::invalid_argument("schedule_batch: processors must be >= 1");
  for (const auto& j : jobs) {
    const std::string who = "schedule_batch: job " + std::to_string(j.id) + ": ";
    if (j.procs < 1) throw std::invalid_argument(who + "procs must be >= 1");
    if (!std::isfinite(j.submit_s) || j.submit_s < 0.0) throw std::invalid_argument(who + "submit time must be finite and >= 0");
    if (!std::isfinite(j.run_s) || j.run_s < 0.0) throw std::invalid_argument(who + "run time must be finite and >= 0");
    if (!std::isfinite(j.requested_s)) throw std::invalid_argument(who + "requested time must be finite");
  }
}

class Scheduler {
 public:
  Scheduler(const std::vector<BatchJob>& jobs, int processors, BatchPolicy policy, int backfill_depth)
      : jobs_(jobs), p_(processors), free_(processors), policy_(policy), depth_(backfill_depth), out_(jobs.size()) {
    const int n = static_cast<int>(jobs.size());
    run_.resize(n);
    est_.resize(n);
    for (int i = 0; i < n; ++i) {
      const BatchJob& j = jobs[i];
      const bool known = j.requested_s > 0.0;
      est_[i] = known ? j.requested_s : j.run_s;
      run_[i] = known ? std::min(j.run_s, j.requested_s) : j.run_s;
      out_[i] = BatchJobResult{j.id, kNaN, kNaN, kNaN, known && j.run_s > j.requested_s, false};
    }
    queue_.reserve(n);
    arrivals_.resize(n);
    std::iota(arrivals_.begin(), arrivals_.end(), 0);
    std::stable_sort(arrivals_.begin(), arrivals_.end(),
                     [&](int a, int b) { return jobs[a].submit_s < jobs[b].submit_s; });
  }

  std::vector<BatchJobResult> run() {
    std::size_t next = 0;
    while (next < arrivals_.size() || !done_.empty()) {
      const double t_arr = next < arrivals_.size() ? jobs_[arrivals_[next]].submit_s
                                                   : std::numeric_limits<double>::infinity();
      const double t_end = done_.empty() ? std::numeric_limits<double>::infinity() : done_.top().first;
      const double t = std::min(t_arr, t_end);
      while (!done_.empty() && done_.top().first == t) {  // completions first: they free processors
        const int i = done_.top().second;
        done_.pop();
        free_ += jobs_[i].procs;
        running_.erase({out_[i].start_s + est_[i], i});
      }
      while (next < arrivals_.size() && jobs_[arrivals_[next]].submit_s == t) {
        const int i = arrivals_[next++];
        if (jobs_[i].procs > p_) {
          out_[i].rejected = true;
          out_[i].killed = false;
        } else {
          enqueue(i);
        }
      }
      schedule(t);
    }
    return std::move(out_);
  }

 private:
  void start(int i, double t) {
    out_[i].start_s = t;
    out_[i].end_s = t + run_[i];
    free_ -= jobs_[i].procs;
    done_.push({out_[i].end_s, i});
    running_.insert({t + est_[i], i});
  }

  void schedule(double t) {
    // Start queue heads while they fit (both policies).
    while (first_ >= 0 && queue_[first_].procs <= free_) {
      const int q = first_;
      start(queue_[q].job, t);
      unlink(q);
    }
    if (policy_ == BatchPolicy::Fcfs || first_ < 0 || free_ == 0) {
      if (policy_ == BatchPolicy::EasyBackfill && first_ >= 0) note_reservation(t);
      return;
    }
    // EASY: reservation for the head, then backfill in queue order.
    const int head = queue_[first_].job;
    const auto [shadow, extra0] = shadow_time(head, t);
    if (std::isnan(out_[head].reservation_s)) out_[head].reservation_s = shadow;
    int extra = extra0;
    int examined = 0;
    for (int q = queue_[first_].next; q >= 0 && free_ > 0 && (depth_ == 0 || examined < depth_);) {
      ++examined;
      const Waiting& w = queue_[q];
      const int next = w.next;
      if (w.procs <= free_) {
        if (t + w.est <= shadow) {       // done (by estimate) before the head needs the processors
          start(w.job, t);
          unlink(q);
        } else if (w.procs <= extra) {   // runs past the shadow time on processors the head will not need
          extra -= w.procs;
          start(w.job, t);
          unlink(q);
        }
      }
      q = next;
    }
  }

  // Records the head's reservation the first time it is blocked (also when no processor is free now).
  void note_reservation(double t) {
    const int head = queue_[first_].job;
    if (std::isnan(out_[head].reservation_s)) out_[head].reservation_s = shadow_time(head, t).first;
  }

  // Earliest time the head's processors are free by the running jobs' estimated ends, and the processors
  // free at that time beyond the head's need. Jobs ending at the same time as the last one needed count too.
  std::pair<double, int> shadow_time(int head, double t) const {
    const int need = jobs_[head].procs;
    int avail = free_;
    double shadow = t;
    auto it = running_.begin();
    while (avail < need && it != running_.end()) {
      shadow = std::max(t, it->first);
      avail += jobs_[it->second].procs;
      ++it;
    }
    while (it != running_.end() && it->first <= shadow) {
      avail += jobs_[it->second].procs;
      ++it;
    }
    return {shadow, avail - need};
  }

  const std::vector<BatchJob>& jobs_;
  int p_, free_;
  BatchPolicy policy_;
  int depth_;                      // backfill candidates examined per pass; 0 = all
  std::vector<BatchJobResult> out_;
  std::vector<double> run_, est_;  // actual run time (after any kill) and the scheduler's estimate
  std::vector<int> arrivals_;      // job indices by submit time, stable
  // The wait queue: a doubly linked list in an arena, in arrival order (O(1) removal from anywhere; the
  // arena is filled in arrival order, so walking it is nearly sequential in memory).
  struct Waiting {
    int job;
    int procs;
    double est;
    int prev, next;  // arena indices, -1 at the ends
  };
  void enqueue(int job) {
    const int q = static_cast<int>(queue_.size());
    queue_.push_back(Waiting{job, jobs_[job].procs, est_[job], last_, -1});
    if (last_ >= 0) queue_[last_].next = q; else first_ = q;
    last_ = q;
  }
  void unlink(int q) {
    const Waiting& w = queue_[q];
    if (w.prev >= 0) queue_[w.prev].next = w.next; else first_ = w.next;
    if (w.next >= 0) queue_[w.next].prev = w.prev; else last_ = w.prev;
  }
  std::vector<Waiting> queue_;
  int first_ = -1, last_ = -1;
  using Event = std::pair<double, int>;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> done_;  // (actual end, job)
  std::set<Event> running_;        // (estimated end, job): what the scheduler believes
};

}  // namespace

BatchSchedule schedule_batch(const std::vector<BatchJob>& jobs, int processors, BatchPolicy policy,
                             const BatchOptions& options) {
  validate(jobs, processors);
  const double slowdown_tau_s = options.slowdown_tau_s;
  if (!(slowdown_tau_s > 0.0)) throw std::invalid_argument("schedule_batch: slowdown tau must be > 0");
  if (options.backfill_depth < 0) throw std::invalid_argument("schedule_batch: backfill depth must be >= 0");
  BatchSchedule result;
  result.jobs = Scheduler(jobs, processors, policy, options.backfill_depth).run();
  BatchMetrics& m = result.metrics;
  double wait = 0.0, bsld = 0.0, work = 0.0;
  double first_submit = std::numeric_limits<double>::infinity(), last_end = 0.0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const BatchJobResult& r = result.jobs[i];
    if (r.rejected) {
      ++m.jobs_rejected;
      continue;
    }
    ++m.jobs_run;
    m.jobs_killed += r.killed;
    const double w = r.start_s - jobs[i].submit_s;
    const double ran = (jobs[i].requested_s > 0.0) ? std::min(jobs[i].run_s, jobs[i].requested_s) : jobs[i].run_s;
    wait += w;
    bsld += std::max(1.0, (w + ran) / std::max(ran, slowdown_tau_s));
    work += ran * jobs[i].procs;
    first_submit = std::min(first_submit, jobs[i].submit_s);
    last_end = std::max(last_end, r.end_s);
  }
  if (m.jobs_run > 0) {
    m.mean_wait_s = wait / m.jobs_run;
    m.mean_bounded_slowdown = bsld / m.jobs_run;
    m.makespan_s = last_end - first_submit;
    m.utilization = m.makespan_s > 0.0 ? work / (processors * m.makespan_s) : 0.0;
  }
  return result;
}

}  // namespace dcsim::policy
