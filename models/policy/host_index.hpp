// Placement index over N hosts: finds a host for a request of (cores, memory) without scanning all hosts.
//
// State per host h: capacity (C_h cores, M_h bytes), free (c_h, m_h), and an `available` flag (hosts that are
// off or failed are never returned by a query; their free amounts are kept so that release() still works).
// A host fits a request (c, m) when it is available, c_h >= c and m_h >= m.
//
// Queries (all deterministic, each returns a host id or -1):
//   first_fit(c, m, s): lowest id >= s that fits. Hosts are grouped in blocks of B consecutive ids (B = 32,
//     larger only if K is large); a segment tree over the blocks keeps, per node and per core count k in
//     0..K-1, the largest free memory among available hosts with at least k free cores (K = max capacity
//     cores + 1). That summary answers "does any host here fit (c, m)?" exactly, so the search descends
//     straight to the first fitting block and scans only it: O(log(N/B) + B) per query; updates cost
//     O(B + K log(N/B)) with an early stop once an ancestor is unchanged. (A tree holding only max free cores
//     and max free memory cannot prune exactly: those maxima may belong to different hosts, and a first-fit
//     fill of 100,000 hosts then took 72 s instead of well under 1 s.)
//   best_fit(c, m): fitting host minimising (c_h, m_h, id) lexicographically - the least free cores after
//     placement, ties by least free memory, then lowest id.
//   worst_fit(c, m): fitting host with the most free cores, ties by most free memory, then lowest id.
//     Both use one ordered set of (free cores, free memory, id) over the available hosts (i.e. buckets by free
//     cores, each ordered by memory then id) plus a max tree over each bucket's largest free memory, so
//     the bucket search is exact: O(log K + log N), K = max capacity cores + 1.
//   round_robin(c, m): first fit starting after the host round_robin chose last time, wrapping around
//     (the "next fit" of bin packing).
// allocate() and release() cost O(B + K log(N/B) + log N + SortedChunks::kMaxChunk) and allocate no memory
// (except for the rare split of a chunk of the ordered set). The block summaries take 2 (N/B) K 8 bytes
// (100,000 hosts of <= 64 cores: 4.3 MB); K up to a few hundred cores per host is the intended range.
// Measured (g++ -O2, shared 2-core VM, CPU time): 100,000 hosts of 32/64 cores, prefilled to 90% of cores
// (1.0e6 VMs) then 1e6 mixed ops (50% place by a random policy, 40% release, 10% query triples) at
// ~97% load: 0.82-0.98 s; building the index: 0.04 s.
//
// Memory arrives in bytes as double (the simulator's unit) and is held as whole bytes (rounded to nearest)
// so that allocate/release pairs cancel exactly and fit tests never suffer rounding drift.
// Source: segment trees and best/worst/next fit as in bin-packing literature (Coffman, Garey, Johnson 1996);
// the CloudSim family uses the same policies by linear scan (O(N) per request), which this index replaces.
#pragma once
#include <cstdint>
#include <vector>

#include "models/policy/sorted_chunks.hpp"

namespace dcsim::policy {

class HostIndex {
 public:
  // Heterogeneous hosts; all start available and empty. Capacities must be >= 0 and the vectors equal-sized.
  HostIndex(const std::vector<int>& capacity_cores, const std::vector<double>& capacity_memory_B);
  // n identical hosts.
  HostIndex(int n, int cores_per_host, double memory_per_host_B);

  int size() const { return n_; }

  // Take / give back resources on `host`. allocate() requires the host to be available and the request to
  // fit; release() must not raise free above capacity (works on unavailable hosts too). Violations throw
  // std::invalid_argument (they are simulator bugs, not user input errors). Negative amounts throw too.
  void allocate(int host, int cores, double memory_B);
  void release(int host, int cores, double memory_B);
  // Off/failed hosts are excluded from all queries. Idempotent.
  void set_available(int host, bool available);

  int free_cores(int host) const { return free_cores_[check(host)]; }
  double free_memory(int host) const { return static_cast<double>(free_mem_[check(host)]); }
  int capacity_cores(int host) const { return cap_cores_[check(host)]; }
  double capacity_memory(int host) const { return static_cast<double>(cap_mem_[check(host)]); }
  bool available(int host) const { return available_[check(host)] != 0; }
  bool fits(int host, int cores, double memory_B) const;

  int first_fit(int cores, double memory_B, int start = 0) const;
  int best_fit(int cores, double memory_B) const;
  int worst_fit(int cores, double memory_B) const;
  // Not const: remembers the host it chose (only when it found one).
  int round_robin(int cores, double memory_B);
  // The host round_robin chose last, -1 before the first success.
  int round_robin_last() const { return rr_last_; }

 private:
  struct Key {  // a host's position in the best/worst-fit order
    int cores;
    int id;
    std::int64_t mem;
    bool operator<(const Key& o) const {
      if (cores != o.cores) return cores < o.cores;
      if (mem != o.mem) return mem < o.mem;
      return id < o.id;
    }
  };

  int check(int host) const;
  void update_block(int host, int max_k);
  void move_host(int host, int cores_delta, std::int64_t mem_delta);
  int scan_block(int block, int start, int cores, std::int64_t mem) const;
  Key key_of(int host) const { return Key{free_cores_[host], host, free_mem_[host]}; }
  void update_bucket_max(int k);
  void set_bucket_max(int k, std::int64_t mem);
  int find_block(int node, int lo, int hi, int first_block, int cores, std::int64_t mem) const;

  int n_ = 0;
  std::vector<int> cap_cores_, free_cores_;
  std::vector<std::int64_t> cap_mem_, free_mem_;
  std::vector<unsigned char> available_;

  int k_ = 1;                 // core counts 0..k_-1: k_ = max capacity cores + 1

  int block_ = 32;            // hosts per block (power of two)
  int leaves_ = 1;            // block tree: power of two >= number of blocks
  // summary_[node * k_ + k]: max free memory among available hosts in the node's blocks with >= k free
  // cores, -1 if none. 1-based heap layout, leaves (blocks) at [leaves_, 2*leaves_).
  std::vector<std::int64_t> summary_;
  std::vector<std::int64_t> scratch_;  // a leaf's previous entries during update_block (no allocation)

  int bleaves_ = 1;           // bucket tree: power of two >= k_
  SortedChunks<Key> order_;           // available hosts by (free cores, free memory, id)
  std::vector<std::int64_t> btree_;  // max free memory per bucket subtree; -1 when empty

  int rr_last_ = -1;
};

}  // namespace dcsim::policy
