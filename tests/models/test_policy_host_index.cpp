// HostIndex: every query is checked against a brute-force linear scan (the reference definition of each
// policy, as CloudSim implements them by scanning) on seeded random operation sequences, plus hand examples.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "core/rng.hpp"
#include "models/policy/host_index.hpp"
#include "models/policy/placement.hpp"
#include "models/policy/sorted_chunks.hpp"

using dcsim::policy::HostIndex;

namespace {

constexpr double GiB = 1024.0 * 1024.0 * 1024.0;

// Reference: plain arrays and linear scans with the documented tie-breaking.
struct Brute {
  std::vector<int> cores;
  std::vector<double> mem;
  std::vector<bool> avail;
  int rr_last = -1;
  bool fits(int h, int c, double m) const { return avail[h] && cores[h] >= c && mem[h] >= m; }
  int first_fit(int c, double m, int start = 0) const {
    for (int h = start; h < static_cast<int>(cores.size()); ++h)
      if (fits(h, c, m)) return h;
    return -1;
  }
  int best_fit(int c, double m) const {
    int best = -1;
    for (int h = 0; h < static_cast<int>(cores.size()); ++h)
      if (fits(h, c, m) && (best < 0 || std::tie(cores[h], mem[h]) < std::tie(cores[best], mem[best]))) best = h;
    return best;
  }
  int worst_fit(int c, double m) const {
    int best = -1;
    for (int h = 0; h < static_cast<int>(cores.size()); ++h)
      if (fits(h, c, m) && (best < 0 || std::tie(cores[h], mem[h]) > std::tie(cores[best], mem[best]))) best = h;
    return best;
  }
  int round_robin(int c, double m) {
    const int n = static_cast<int>(cores.size());
    for (int i = 1; i <= n; ++i) {
      const int h = (rr_last + i) % n;
      if (fits(h, c, m)) return rr_last = h;
    }
    return -1;
  }
};

}  // namespace

// Hand example: 4 hosts, free (cores, GiB) = (8,32) (4,16) (4,8) (16,64) after the allocations below.
TEST(PolicyHostIndex, HandExample) {
  HostIndex idx({8, 8, 8, 16}, {32 * GiB, 32 * GiB, 32 * GiB, 64 * GiB});
  idx.allocate(1, 4, 16 * GiB);
  idx.allocate(2, 4, 24 * GiB);
  EXPECT_EQ(idx.free_cores(1), 4);
  EXPECT_DOUBLE_EQ(idx.free_memory(2), 8 * GiB);
  // Request (4 cores, 8 GiB): all fit. By hand:
  EXPECT_EQ(idx.first_fit(4, 8 * GiB), 0);     // lowest id
  EXPECT_EQ(idx.first_fit(4, 8 * GiB, 1), 1);  // lowest id >= 1
  EXPECT_EQ(idx.best_fit(4, 8 * GiB), 2);      // hosts 1,2 have 4 cores; host 2 has less memory (8 < 16)
  EXPECT_EQ(idx.worst_fit(4, 8 * GiB), 3);     // 16 free cores
  // Request (4 cores, 12 GiB): host 2 lacks memory, so best fit is host 1.
  EXPECT_EQ(idx.best_fit(4, 12 * GiB), 1);
  // Request (9 cores): only host 3.
  EXPECT_EQ(idx.first_fit(9, 0), 3);
  EXPECT_EQ(idx.best_fit(9, 0), 3);
  // Nothing has 17 cores or 65 GiB.
  EXPECT_EQ(idx.first_fit(17, 0), -1);
  EXPECT_EQ(idx.best_fit(1, 65 * GiB), -1);
  EXPECT_EQ(idx.worst_fit(1, 65 * GiB), -1);
  // Host 3 off: worst fit falls back to host 0 (8 cores).
  idx.set_available(3, false);
  EXPECT_EQ(idx.worst_fit(4, 8 * GiB), 0);
  EXPECT_EQ(idx.first_fit(9, 0), -1);
  EXPECT_FALSE(idx.fits(3, 1, 0));
  idx.set_available(3, true);
  EXPECT_EQ(idx.first_fit(9, 0), 3);
  // Release restores the empty state exactly.
  idx.release(1, 4, 16 * GiB);
  idx.release(2, 4, 24 * GiB);
  EXPECT_EQ(idx.free_cores(2), 8);
  EXPECT_DOUBLE_EQ(idx.free_memory(2), 32 * GiB);
}

// Ties: equal free cores and memory -> lowest id for best and worst fit (hand: all hosts identical).
TEST(PolicyHostIndex, TiesGoToLowestId) {
  HostIndex idx(5, 4, 8 * GiB);
  EXPECT_EQ(idx.best_fit(1, 1), 0);
  EXPECT_EQ(idx.worst_fit(1, 1), 0);
  idx.allocate(0, 1, 0);
  EXPECT_EQ(idx.best_fit(1, 1), 0);   // host 0 has 3 free cores, the others 4
  EXPECT_EQ(idx.worst_fit(1, 1), 1);  // hosts 1..4 tie at 4 cores and 8 GiB -> lowest id 1
}

// Round robin: hand sequence on 3 identical 2-core hosts, one core per request.
TEST(PolicyHostIndex, RoundRobinHand) {
  HostIndex idx(3, 2, 4 * GiB);
  std::vector<int> got;
  for (int i = 0; i < 6; ++i) got.push_back(dcsim::policy::place(idx, dcsim::policy::PlacementPolicy::RoundRobin, 1, GiB));
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(idx.round_robin(1, GiB), -1);  // all full
  EXPECT_EQ(idx.round_robin_last(), 2);    // unchanged by a failure
  idx.release(1, 1, GiB);
  EXPECT_EQ(idx.round_robin(1, GiB), 1);  // wraps around from 2 to host 1
}

TEST(PolicyHostIndex, MisuseThrows) {
  HostIndex idx(2, 4, 8 * GiB);
  EXPECT_THROW(idx.allocate(0, 5, 0), std::invalid_argument);         // more cores than free
  EXPECT_THROW(idx.allocate(0, 1, 9 * GiB), std::invalid_argument);   // more memory than free
  EXPECT_THROW(idx.release(0, 1, 0), std::invalid_argument);          // nothing allocated
  EXPECT_THROW(idx.allocate(2, 1, 0), std::invalid_argument);         // no such host
  EXPECT_THROW(idx.first_fit(-1, 0), std::invalid_argument);          // negative request
  EXPECT_THROW(idx.best_fit(1, -1.0), std::invalid_argument);
  idx.set_available(1, false);
  EXPECT_THROW(idx.allocate(1, 1, 0), std::invalid_argument);         // unavailable host
  EXPECT_EQ(idx.free_cores(0), 4);                                    // failed calls changed nothing
  EXPECT_THROW(HostIndex({1, 2}, {1.0}), std::invalid_argument);
}

// Randomized: n heterogeneous hosts, `ops` seeded operations (allocate via a random policy, release, toggle
// availability, queries). Reference: the Brute scans above; they must agree exactly on every query.
// Request cores are drawn from 0..max_req-1.
static void random_sequence(int n, const std::vector<int>& core_choices, int max_req, int ops, std::uint64_t seed) {
  auto rng = dcsim::make_rng(seed, "test.policy.host_index");
  auto pick = [&](int k) { return static_cast<int>(dcsim::uniform01(rng) * k); };
  std::vector<int> cap_c(n);
  std::vector<double> cap_m(n);
  for (int h = 0; h < n; ++h) {
    cap_c[h] = core_choices[pick(static_cast<int>(core_choices.size()))];
    cap_m[h] = (1 + pick(8)) * 16 * GiB;  // few distinct values -> many memory ties
  }
  HostIndex idx(cap_c, cap_m);
  Brute ref{cap_c, cap_m, std::vector<bool>(n, true)};
  struct Alloc { int host, cores; double mem; };
  std::vector<Alloc> live;
  int checked = 0, found = 0;
  for (int op = 0; op < ops; ++op) {
    const int c = pick(max_req);
    const double m = pick(40) * 4 * GiB;
    const double r = dcsim::uniform01(rng);
    if (r < 0.45) {
      const auto policy = static_cast<dcsim::policy::PlacementPolicy>(pick(4));
      int expect = -1;
      switch (policy) {
        case dcsim::policy::PlacementPolicy::FirstFit: expect = ref.first_fit(c, m); break;
        case dcsim::policy::PlacementPolicy::BestFit: expect = ref.best_fit(c, m); break;
        case dcsim::policy::PlacementPolicy::WorstFit: expect = ref.worst_fit(c, m); break;
        case dcsim::policy::PlacementPolicy::RoundRobin: expect = ref.round_robin(c, m); break;
      }
      const int h = dcsim::policy::place(idx, policy, c, m);
      ASSERT_EQ(h, expect) << "op " << op;
      if (h >= 0) {
        ref.cores[h] -= c;
        ref.mem[h] -= m;
        live.push_back({h, c, m});
      }
    } else if (r < 0.8) {
      if (live.empty()) continue;
      const int i = pick(static_cast<int>(live.size()));
      const Alloc a = live[i];
      live[i] = live.back();
      live.pop_back();
      idx.release(a.host, a.cores, a.mem);
      ref.cores[a.host] += a.cores;
      ref.mem[a.host] += a.mem;
    } else if (r < 0.85) {
      const int h = pick(n);
      const bool on = dcsim::uniform01(rng) < 0.6;
      idx.set_available(h, on);
      ref.avail[h] = on;
    } else {
      const int start = pick(n);
      ASSERT_EQ(idx.first_fit(c, m, start), ref.first_fit(c, m, start)) << "op " << op;
      ASSERT_EQ(idx.best_fit(c, m), ref.best_fit(c, m)) << "op " << op;
      const int w = idx.worst_fit(c, m);
      ASSERT_EQ(w, ref.worst_fit(c, m)) << "op " << op;
      checked += 3;
      found += w >= 0;
    }
  }
  for (int h = 0; h < n; ++h) {
    ASSERT_EQ(idx.free_cores(h), ref.cores[h]);
    ASSERT_EQ(idx.free_memory(h), ref.mem[h]);
  }
  // The sequence must exercise both outcomes, else the comparison proves little.
  EXPECT_GT(checked, ops / 4);
  EXPECT_GT(found, ops / 100);
  EXPECT_LT(found, checked / 3);
}

TEST(PolicyHostIndex, MatchesBruteForceOnRandomSequences) {
  random_sequence(1000, {0, 4, 8, 16, 32, 64}, 20, 20000, 42);
}

// Very large core counts (K = 100001) make the index use 64-host blocks to bound its summary memory.
TEST(PolicyHostIndex, MatchesBruteForceWithHugeHosts) {
  random_sequence(300, {1, 64, 2000, 100000}, 3000, 3000, 43);
}

// SortedChunks against std::set (reference) on seeded random inserts/erases that grow to ~3000 keys (many
// chunk splits) and shrink back to a few (merges, empty chunks), with lower_bound/last_below checks.
TEST(PolicyHostIndex, SortedChunksMatchesStdSet) {
  auto rng = dcsim::make_rng(3, "test.policy.sorted_chunks");
  dcsim::policy::SortedChunks<int> chunks;
  std::set<int> ref;
  for (int op = 0; op < 30000; ++op) {
    const bool growing = op < 15000;
    int key = static_cast<int>(dcsim::uniform01(rng) * 10000);
    if (dcsim::uniform01(rng) < (growing ? 0.7 : 0.25)) {
      if (ref.insert(key).second) chunks.insert(key);
    } else {
      // While shrinking, erase the next present key (random keys would mostly miss a sparse set).
      if (!growing && ref.lower_bound(key) != ref.end()) key = *ref.lower_bound(key);
      ASSERT_EQ(chunks.erase(key), ref.erase(key) == 1);
    }
    ASSERT_EQ(chunks.size(), ref.size());
    const int probe = static_cast<int>(dcsim::uniform01(rng) * 10002) - 1;
    const int* lb = chunks.lower_bound(probe);
    const auto it = ref.lower_bound(probe);
    ASSERT_EQ(lb == nullptr, it == ref.end());
    if (lb) {
      ASSERT_EQ(*lb, *it);
    }
    const int* below = chunks.last_below(probe);
    ASSERT_EQ(below == nullptr, it == ref.begin());
    if (below) {
      ASSERT_EQ(*below, *std::prev(it));
    }
  }
  EXPECT_LT(ref.size(), 100u);  // the sequence did shrink again
}
