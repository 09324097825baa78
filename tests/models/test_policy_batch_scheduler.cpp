// Batch scheduling (FCFS, EASY backfilling). References: hand-worked schedules (each case's timeline is in
// its comment) and the EASY invariant of Mu'alem & Feitelson 2001 (the queue head never starts after its
// reservation), plus the capacity bound (never more than P processors busy).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/rng.hpp"
#include "models/policy/batch_scheduler.hpp"

using namespace dcsim::policy;

namespace {
// {id, submit, run, requested, procs}
BatchJob job(int id, double submit, double run, double req, int procs) { return BatchJob{id, submit, run, req, procs}; }
}  // namespace

// P = 4. J1 (2 procs, 10 s) runs at 0; J2 (4 procs) must wait for J1; J3 (2 procs, 5 s) arrives at 1.
// FCFS: J2 [10,20], J3 waits behind it [20,25].
// EASY: at t=1 the head J2 has shadow 10 (J1's estimated end), extra 0; J3 ends by 1+5 = 6 <= 10 -> [1,6].
TEST(PolicyBatchScheduler, EasyBackfillsWhereFcfsWaits) {
  const std::vector<BatchJob> jobs{job(1, 0, 10, 10, 2), job(2, 0, 10, 10, 4), job(3, 1, 5, 5, 2)};
  const auto f = schedule_batch(jobs, 4, BatchPolicy::Fcfs);
  EXPECT_DOUBLE_EQ(f.jobs[0].start_s, 0);
  EXPECT_DOUBLE_EQ(f.jobs[1].start_s, 10);
  EXPECT_DOUBLE_EQ(f.jobs[2].start_s, 20);
  EXPECT_DOUBLE_EQ(f.jobs[2].end_s, 25);
  // Waits 0, 10, 19 -> 29/3. Bounded slowdowns (tau 10): 1, 20/10 = 2, (19+5)/10 = 2.4 -> 5.4/3.
  // Makespan 25; utilization (2*10 + 4*10 + 2*5) / (4*25) = 0.7.
  EXPECT_NEAR(f.metrics.mean_wait_s, 29.0 / 3.0, 1e-12);
  EXPECT_NEAR(f.metrics.mean_bounded_slowdown, 1.8, 1e-12);
  EXPECT_NEAR(f.metrics.makespan_s, 25.0, 1e-12);
  EXPECT_NEAR(f.metrics.utilization, 0.7, 1e-12);

  const auto e = schedule_batch(jobs, 4, BatchPolicy::EasyBackfill);
  EXPECT_DOUBLE_EQ(e.jobs[1].start_s, 10);
  EXPECT_DOUBLE_EQ(e.jobs[1].reservation_s, 10);
  EXPECT_DOUBLE_EQ(e.jobs[2].start_s, 1);
  EXPECT_DOUBLE_EQ(e.jobs[2].end_s, 6);
  // Waits 0, 10, 0 -> 10/3; slowdowns 1, 2, max(1, 5/10) = 1 -> 4/3; makespan 20; utilization 70/80.
  EXPECT_NEAR(e.metrics.mean_wait_s, 10.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.metrics.mean_bounded_slowdown, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(e.metrics.makespan_s, 20.0, 1e-12);
  EXPECT_NEAR(e.metrics.utilization, 0.875, 1e-12);
}

// P = 6. J1 (4 procs, 10 s) at 0; head J2 (4 procs) blocked: shadow 10, free then 2 + 4 = 6, extra 2.
// J3 (2 procs, 100 s) at 1 runs past the shadow but fits in the extra processors -> [1,101]; J2 still
// starts at 10 (4 of the 4 freed). FCFS starts J3 only at 10, after J2.
TEST(PolicyBatchScheduler, EasyUsesExtraProcessors) {
  const std::vector<BatchJob> jobs{job(1, 0, 10, 10, 4), job(2, 0, 10, 10, 4), job(3, 1, 100, 100, 2)};
  const auto e = schedule_batch(jobs, 6, BatchPolicy::EasyBackfill);
  EXPECT_DOUBLE_EQ(e.jobs[2].start_s, 1);
  EXPECT_DOUBLE_EQ(e.jobs[1].start_s, 10);
  const auto f = schedule_batch(jobs, 6, BatchPolicy::Fcfs);
  EXPECT_DOUBLE_EQ(f.jobs[2].start_s, 10);
  EXPECT_DOUBLE_EQ(f.jobs[1].start_s, 10);
}

// P = 4. Same as the first case but J3 needs 20 s: 1 + 20 = 21 > shadow 10 and 2 procs > extra 0, so
// backfilling it would delay J2: EASY refuses. J2 [10,20], J3 [20,40] under both policies.
TEST(PolicyBatchScheduler, EasyNeverDelaysTheHead) {
  const std::vector<BatchJob> jobs{job(1, 0, 10, 10, 2), job(2, 0, 10, 10, 4), job(3, 1, 20, 20, 2)};
  for (auto policy : {BatchPolicy::Fcfs, BatchPolicy::EasyBackfill}) {
    const auto s = schedule_batch(jobs, 4, policy);
    EXPECT_DOUBLE_EQ(s.jobs[1].start_s, 10);
    EXPECT_DOUBLE_EQ(s.jobs[2].start_s, 20);
    EXPECT_DOUBLE_EQ(s.jobs[2].end_s, 40);
  }
}

// Over-estimates: J1 (2 procs) requests 10 s but ends at 5; J3 (2 procs, run 8, request 9, at 1) ends by its
// estimate at 10 <= shadow 10 -> backfilled [1,9]. J2 (4 procs) then starts at 9 (J3's real end), before
// its reservation at 10. A job running past its request is killed there; one needing 5 > 4 procs is
// rejected.
TEST(PolicyBatchScheduler, EstimatesKillsAndRejections) {
  const std::vector<BatchJob> jobs{job(1, 0, 5, 10, 2), job(2, 0, 10, 10, 4), job(3, 1, 8, 9, 2),
                                   job(4, 30, 20, 10, 1), job(5, 30, 1, 1, 5)};
  const auto e = schedule_batch(jobs, 4, BatchPolicy::EasyBackfill);
  EXPECT_DOUBLE_EQ(e.jobs[2].start_s, 1);
  EXPECT_DOUBLE_EQ(e.jobs[2].end_s, 9);
  EXPECT_DOUBLE_EQ(e.jobs[1].reservation_s, 10);
  EXPECT_DOUBLE_EQ(e.jobs[1].start_s, 9);
  EXPECT_DOUBLE_EQ(e.jobs[3].start_s, 30);
  EXPECT_DOUBLE_EQ(e.jobs[3].end_s, 40);  // killed at its 10 s request
  EXPECT_TRUE(e.jobs[3].killed);
  EXPECT_TRUE(e.jobs[4].rejected);
  EXPECT_TRUE(std::isnan(e.jobs[4].start_s));
  EXPECT_EQ(e.metrics.jobs_run, 4);
  EXPECT_EQ(e.metrics.jobs_killed, 1);
  EXPECT_EQ(e.metrics.jobs_rejected, 1);
  // Makespan 40 - 0; work 2*5 + 4*10 + 2*8 + 1*10 = 76 -> utilization 76 / 160.
  EXPECT_NEAR(e.metrics.utilization, 76.0 / 160.0, 1e-12);
}

// Randomized (seeded, 400 jobs, P = 64; mean waits: FCFS 26553 s, EASY 11253 s): EASY heads never start after their first reservation; capacity is
// never exceeded; no job starts before its submission; FCFS starts jobs in submission order. EASY's mean
// wait must not exceed FCFS's on this workload (backfilling only uses idle processors; Mu'alem &
// Feitelson report lower waits on real traces).
TEST(PolicyBatchScheduler, RandomInvariants) {
  auto rng = dcsim::make_rng(7, "test.policy.batch");
  std::vector<BatchJob> jobs;
  double t = 0;
  for (int i = 0; i < 400; ++i) {
    t += 30.0 * dcsim::uniform01(rng);
    const double run = 1 + 600 * dcsim::uniform01(rng);
    const double req = run * (1 + 3 * dcsim::uniform01(rng));
    const int procs = 1 + static_cast<int>(std::pow(dcsim::uniform01(rng), 2) * 64);
    jobs.push_back(job(i, std::floor(t), std::floor(run), std::ceil(req), procs));
  }
  int reserved = 0;
  double wait_easy = 0, wait_fcfs = 0;
  // FCFS, exact EASY, and EASY limited to 3 backfill candidates per pass (the invariants hold for all).
  for (int depth : {-1, 0, 3}) {
    const BatchPolicy policy = depth < 0 ? BatchPolicy::Fcfs : BatchPolicy::EasyBackfill;
    const auto s = schedule_batch(jobs, 64, policy, BatchOptions{10.0, std::max(depth, 0)});
    std::vector<std::pair<double, int>> ev;  // +procs at start, -procs at end; ends first at ties
    double last_start = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      const auto& r = s.jobs[i];
      ASSERT_FALSE(r.rejected);
      ASSERT_GE(r.start_s, jobs[i].submit_s);
      if (policy == BatchPolicy::EasyBackfill && !std::isnan(r.reservation_s)) {
        ++reserved;
        ASSERT_LE(r.start_s, r.reservation_s) << "job " << i;
      }
      if (policy == BatchPolicy::Fcfs) {
        ASSERT_GE(r.start_s, last_start) << "job " << i;
        last_start = r.start_s;
      }
      ev.push_back({r.start_s, jobs[i].procs});
      ev.push_back({r.end_s, -jobs[i].procs});
    }
    std::sort(ev.begin(), ev.end());
    int busy = 0;
    for (const auto& [time, d] : ev) {
      busy += d;
      ASSERT_LE(busy, 64);
    }
    if (depth < 0) wait_fcfs = s.metrics.mean_wait_s;
    if (depth == 0) wait_easy = s.metrics.mean_wait_s;
  }
  EXPECT_GT(reserved, 40);  // the invariant was actually exercised (99 reservations in the exact run)
  EXPECT_LT(wait_easy, wait_fcfs);
}

// Backfill depth (Slurm bf_max_job_test). P = 4: J1 (2 procs, 10 s) at 0, head J2 (4 procs) blocked with
// shadow 10, extra 0; at 1 arrive J3 (2 procs, 20 s: cannot backfill) and J4 (2 procs, 5 s: can).
// Exact EASY: J4 [1,6], J2 [10,20], J3 [20,40]. Depth 1 examines only J3, so J4 waits: J3 and J4 start at 20.
TEST(PolicyBatchScheduler, BackfillDepthLimitsTheScan) {
  const std::vector<BatchJob> jobs{job(1, 0, 10, 10, 2), job(2, 0, 10, 10, 4), job(3, 1, 20, 20, 2),
                                   job(4, 1, 5, 5, 2)};
  const auto exact = schedule_batch(jobs, 4, BatchPolicy::EasyBackfill);
  EXPECT_DOUBLE_EQ(exact.jobs[3].start_s, 1);
  EXPECT_DOUBLE_EQ(exact.jobs[1].start_s, 10);
  EXPECT_DOUBLE_EQ(exact.jobs[2].start_s, 20);
  BatchOptions opt;
  opt.backfill_depth = 1;
  const auto limited = schedule_batch(jobs, 4, BatchPolicy::EasyBackfill, opt);
  EXPECT_DOUBLE_EQ(limited.jobs[3].start_s, 20);
  EXPECT_DOUBLE_EQ(limited.jobs[2].start_s, 20);
  EXPECT_DOUBLE_EQ(limited.jobs[1].start_s, 10);
}

TEST(PolicyBatchScheduler, InvalidInputThrows) {
  EXPECT_THROW(schedule_batch({job(1, 0, 10, 10, 0)}, 4, BatchPolicy::Fcfs), std::invalid_argument);
  EXPECT_THROW(schedule_batch({job(1, 0, -1, 10, 1)}, 4, BatchPolicy::Fcfs), std::invalid_argument);
  EXPECT_THROW(schedule_batch({job(1, NAN, 1, 10, 1)}, 4, BatchPolicy::Fcfs), std::invalid_argument);
  EXPECT_THROW(schedule_batch({job(1, 0, 1, 10, 1)}, 0, BatchPolicy::EasyBackfill), std::invalid_argument);
  EXPECT_THROW(schedule_batch({job(1, 0, 1, 10, 1)}, 4, BatchPolicy::EasyBackfill, BatchOptions{0.0, 0}),
               std::invalid_argument);
  EXPECT_EQ(batch_policy_from_name("easy"), BatchPolicy::EasyBackfill);
  EXPECT_EQ(batch_policy_from_name("fcfs"), BatchPolicy::Fcfs);
  EXPECT_FALSE(batch_policy_from_name("sjf").has_value());
  // Empty input: nothing ran, metrics zero.
  const auto s = schedule_batch({}, 4, BatchPolicy::EasyBackfill);
  EXPECT_EQ(s.metrics.jobs_run, 0);
  EXPECT_DOUBLE_EQ(s.metrics.utilization, 0.0);
}
