// CRUSH straw2 placement of placement groups (PGs) on a failure-domain tree (Weil et al., "CRUSH:
// controlled, scalable, decentralized placement of replicated data", SC 2006; Ceph's straw2 bucket).
//
// In a bucket, child i draws   d_i = ln(u_i) / w_i,   u_i in (0,1] from a hash of (pool, pg, item_i, r),
// and the highest draw wins. -ln(u)/w is an exponential variable of rate w, so child i wins with probability
// w_i / sum(w): weights are respected exactly, and changing one child's weight only moves PGs to or from
// that child (the other draws do not change). Ideal movement on adding weight dW to W: dW / (W + dW).
//
// A PG of width w (r replicas, or k+m erasure-coded chunks) is filled in rounds t = 0, 1, ... as Ceph's
// crush_choose_indep does: each empty slot s tries r = s + w*t: descend from the root to the failure-domain
// level (rack or node), reject it if it is out or holds another slot of the PG, then descend to a disk,
// rejecting out items. Filled slots never move, so a failed disk's slots go elsewhere and the others stay
// (up to rare knock-ons: a slot that had collided with the failed slot's domain may now take it). After
// max_tries rounds (Ceph choose_total_tries = 50) a slot stays unmapped (kNoItem).
// Cost per slot: sum of the bucket sizes on the path (straw2 is linear in bucket size, as in Ceph), so keep
// buckets at tens to a few hundred children (root -> racks -> nodes -> disks). A bucket whose children all
// have the same weight picks the largest u without a logarithm (same winner, exactly).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "models/storage/hierarchy.hpp"

namespace dcsim::storage {

inline constexpr int kMaxPgWidth = 32;

struct PoolRule {
  int width = 3;                         // replicas r, or k + m chunks
  bool ordered = false;                  // erasure coding: slot s holds chunk s (positions matter)
  Level failure_domain = Level::Node;    // slots go to distinct items of this level
  int max_tries = 50;                    // Ceph choose_total_tries default
  std::uint64_t seed = 0;                // pool id: different pools place independently

  static PoolRule replicated(int replicas, Level failure_domain = Level::Node);
  static PoolRule erasure(int k, int m, Level failure_domain = Level::Node);
};

// Placement of num_pgs PGs: disks[pg * width + slot] is a disk item id, or kNoItem if unmapped.
struct PgMap {
  int num_pgs = 0;
  int width = 0;
  bool ordered = false;
  std::vector<ItemId> disks;

  ItemId at(int pg, int slot) const { return disks[static_cast<std::size_t>(pg) * width + slot]; }
  std::span<const ItemId> pg(int pg) const {
    return {disks.data() + static_cast<std::size_t>(pg) * width, static_cast<std::size_t>(width)};
  }
  std::int64_t unmapped() const;
  // Slots per item id (vector of Hierarchy::size()), counting each mapped slot on its disk.
  std::vector<std::int64_t> slots_per_disk(int num_items) const;
};

// Data movement between two placements of the same PGs. Replicated pools compare each PG's disk *set*
// (a replica moved = a disk in b's set not in a's); erasure-coded pools compare slot by slot.
struct MoveStats {
  std::int64_t slots = 0;        // num_pgs * width
  std::int64_t moved = 0;        // slots whose data must be copied to a new disk
  std::int64_t pgs_changed = 0;  // PGs with at least one moved slot
  double fraction = 0.0;         // moved / slots
};

// A snapshot of a Hierarchy compiled to contiguous arrays (children, 1/weight, uniform flags) for fast
// repeated mapping. Later edits of the Hierarchy do not affect it.
class Straw2Mapper {
 public:
  explicit Straw2Mapper(const Hierarchy& h);
  // Fills out[0..rule.width) with disk ids (kNoItem if unmapped); returns the number of unmapped slots.
  int map_pg(std::uint32_t pg, const PoolRule& rule, std::span<ItemId> out) const;

 private:
  ItemId choose(ItemId bucket, std::uint64_t pg_key, std::uint32_t r) const;

  std::vector<std::uint8_t> level_;
  std::vector<std::uint8_t> out_;
  std::vector<std::uint8_t> uniform_;    // all children of equal positive weight
  std::vector<std::int32_t> begin_;      // children of item i: [begin_[i], begin_[i+1])
  std::vector<ItemId> child_;
  std::vector<std::uint64_t> salt_;      // per child: hash of its item id
  std::vector<double> inv_weight_;       // per child: 1 / weight; +inf for weight 0 (never chosen)
};

PgMap map_pgs(const Hierarchy& h, int num_pgs, const PoolRule& rule);

// Comparison baseline, NOT for use: hash-mod-N. Slot s of a PG goes to failure domain (hash(pg) + s) mod N
// of the N in, weighted domains (by id), then to a disk chosen by hash mod (number of in disks). Ignores
// weights; changing N remaps almost everything (200 -> 202 domains: ~99% of slots).
PgMap map_pgs_mod_n(const Hierarchy& h, int num_pgs, const PoolRule& rule);

MoveStats diff(const PgMap& a, const PgMap& b);

}  // namespace dcsim::storage
