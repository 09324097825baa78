#include "models/storage/straw2.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/rng.hpp"

namespace dcsim::storage {
namespace {

constexpr std::uint64_t kRoundMul = 0xd1b54a32d192ed03ULL;  // odd constant spreading the retry number

std::uint64_t pg_key(std::uint64_t pool_seed, std::uint32_t pg) { return mix64(mix64(pool_seed) ^ pg); }

void check_rule(const PoolRule& rule) {
  if (rule.width < 1 || rule.width > kMaxPgWidth)
    throw std::invalid_argument("storage::PoolRule: width must be 1.." + std::to_string(kMaxPgWidth));
  if (rule.max_tries < 1) throw std::invalid_argument("storage::PoolRule: max_tries must be >= 1");
  if (rule.failure_domain == Level::Root)
    throw std::invalid_argument("storage::PoolRule: failure domain cannot be the root");
}

}  // namespace

PoolRule PoolRule::replicated(int replicas, Level failure_domain) {
  PoolRule r;
  r.width = replicas;
  r.ordered = false;
  r.failure_domain = failure_domain;
  check_rule(r);
  return r;
}

PoolRule PoolRule::erasure(int k, int m, Level failure_domain) {
  if (k < 1 || m < 0) throw std::invalid_argument("storage::PoolRule::erasure: need k >= 1, m >= 0");
  PoolRule r;
  r.width = k + m;
  r.ordered = true;
  r.failure_domain = failure_domain;
  check_rule(r);
  return r;
}

std::int64_t PgMap::unmapped() const {
  std::int64_t n = 0;
  for (ItemId d : disks) n += d == kNoItem;
  return n;
}

std::vector<std::int64_t> PgMap::slots_per_disk(int num_items) const {
  std::vector<std::int64_t> count(static_cast<std::size_t>(num_items), 0);
  for (ItemId d : disks)
    if (d >= 0 && d < num_items) ++count[d];
  return count;
}

Straw2Mapper::Straw2Mapper(const Hierarchy& h) {
  const int n = h.size();
  level_.resize(n);
  out_.resize(n);
  uniform_.assign(n, 0);
  begin_.assign(n + 1, 0);
  for (ItemId i = 0; i < n; ++i) {
    level_[i] = static_cast<std::uint8_t>(h.level(i));
    out_[i] = h.is_out(i) ? 1 : 0;
    begin_[i + 1] = begin_[i] + h.num_children(i);
  }
  child_.resize(begin_[n]);
  salt_.resize(begin_[n]);
  inv_weight_.resize(begin_[n]);
  for (ItemId i = 0; i < n; ++i) {
    std::int32_t k = begin_[i];
    bool uniform = h.num_children(i) > 0;
    const double w0 = uniform ? h.weight(h.first_child(i)) : 0.0;
    for (ItemId c = h.first_child(i); c != kNoItem; c = h.next_sibling(c), ++k) {
      const double w = h.weight(c);
      child_[k] = c;
      salt_[k] = mix64(0x5eedc0ffee000000ULL ^ static_cast<std::uint64_t>(c));
      inv_weight_[k] = w > 0.0 ? 1.0 / w : std::numeric_limits<double>::infinity();
      uniform = uniform && w == w0 && w > 0.0;
    }
    uniform_[i] = uniform ? 1 : 0;
  }
}

ItemId Straw2Mapper::choose(ItemId bucket, std::uint64_t key, std::uint32_t r) const {
  const std::int32_t b = begin_[bucket], e = begin_[bucket + 1];
  const std::uint64_t round = static_cast<std::uint64_t>(r) * kRoundMul;
  if (b == e) return kNoItem;
  std::int32_t best = -1;
  if (uniform_[bucket]) {
    // Equal weights: argmax ln(u)/w == argmax u. Compare the same 53 bits the log path uses; the first
    // maximum wins, as in the log path.
    const std::uint64_t base = key + round;
    const std::uint64_t* salt = salt_.data();
    std::uint64_t best_u = mix64(base + salt[b]) >> 11;
    best = b;
    for (std::int32_t k = b + 1; k < e; ++k) {
      const std::uint64_t u = mix64(base + salt[k]) >> 11;
      const bool better = u > best_u;
      best_u = better ? u : best_u;
      best = better ? k : best;
    }
  } else {
    // ln(u) < 0, so a zero weight (inv_weight = +inf) draws -inf and never wins.
    const std::uint64_t base = key + round;
    double best_d = -std::numeric_limits<double>::infinity();
    for (std::int32_t k = b; k < e; ++k) {
      const std::uint64_t u = mix64(base + salt_[k]) >> 11;
      const double d = std::log((static_cast<double>(u) + 0.5) * 0x1.0p-53) * inv_weight_[k];
      const bool better = d > best_d;
      best_d = better ? d : best_d;
      best = better ? k : best;
    }
  }
  return best < 0 ? kNoItem : child_[best];
}

int Straw2Mapper::map_pg(std::uint32_t pg, const PoolRule& rule, std::span<ItemId> out) const {
  check_rule(rule);
  if (static_cast<int>(out.size()) < rule.width)
    throw std::invalid_argument("storage::Straw2Mapper::map_pg: output span shorter than the rule width");
  const std::uint64_t key = pg_key(rule.seed, pg);
  const auto fd = static_cast<std::uint8_t>(rule.failure_domain);
  const std::uint32_t width = static_cast<std::uint32_t>(rule.width);
  ItemId domain[kMaxPgWidth];
  for (std::uint32_t slot = 0; slot < width; ++slot) out[slot] = domain[slot] = kNoItem;
  // Rounds as in Ceph's crush_choose_indep: round t tries every still-empty slot with r = slot + width*t and
  // checks collisions against all slots filled so far, so a retry never displaces a filled slot.
  std::uint32_t left = width;
  for (std::uint32_t t = 0; t < static_cast<std::uint32_t>(rule.max_tries) && left > 0; ++t) {
    for (std::uint32_t slot = 0; slot < width; ++slot) {
      if (out[slot] != kNoItem) continue;
      const std::uint32_t r = slot + width * t;
      // Descend to the failure-domain level.
      ItemId item = 0;
      bool ok = true;
      while (level_[item] > fd) {
        item = choose(item, key, r);
        if (item == kNoItem || out_[item]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (std::uint32_t s = 0; s < width && ok; ++s) ok = domain[s] != item;
      if (!ok) continue;
      const ItemId dom = item;
      // Descend to a disk (same r: the hash also depends on the item, so draws stay independent).
      while (level_[item] > 0) {
        item = choose(item, key, r);
        if (item == kNoItem || out_[item]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      out[slot] = item;
      domain[slot] = dom;
      --left;
    }
  }
  const int unmapped = static_cast<int>(left);
  return unmapped;
}

PgMap map_pgs(const Hierarchy& h, int num_pgs, const PoolRule& rule) {
  check_rule(rule);
  if (num_pgs < 0) throw std::invalid_argument("storage::map_pgs: num_pgs must be >= 0");
  const Straw2Mapper mapper(h);
  PgMap map;
  map.num_pgs = num_pgs;
  map.width = rule.width;
  map.ordered = rule.ordered;
  map.disks.resize(static_cast<std::size_t>(num_pgs) * rule.width);
  for (int pg = 0; pg < num_pgs; ++pg)
    mapper.map_pg(static_cast<std::uint32_t>(pg), rule,
                  {map.disks.data() + static_cast<std::size_t>(pg) * rule.width, static_cast<std::size_t>(rule.width)});
  return map;
}

PgMap map_pgs_mod_n(const Hierarchy& h, int num_pgs, const PoolRule& rule) {
  check_rule(rule);
  if (num_pgs < 0) throw std::invalid_argument("storage::map_pgs_mod_n: num_pgs must be >= 0");
  // In, weighted failure domains (ordered by their first disk id, so expansion appends) and their disks.
  std::vector<int> index_of(static_cast<std::size_t>(h.size()), -1);
  std::vector<ItemId> domains;
  std::vector<std::vector<ItemId>> disks_of;
  for (ItemId i = 0; i < h.size(); ++i) {
    if (h.level(i) != Level::Disk || h.weight(i) <= 0.0 || h.is_effectively_out(i)) continue;
    const ItemId d = h.domain_of(i, rule.failure_domain);
    if (index_of[d] < 0) {
      index_of[d] = static_cast<int>(domains.size());
      domains.push_back(d);
      disks_of.emplace_back();
    }
    disks_of[index_of[d]].push_back(i);
  }
  PgMap map;
  map.num_pgs = num_pgs;
  map.width = rule.width;
  map.ordered = rule.ordered;
  map.disks.assign(static_cast<std::size_t>(num_pgs) * rule.width, kNoItem);
  const std::uint64_t n = domains.size();
  for (int pg = 0; pg < num_pgs; ++pg) {
    const std::uint64_t key = pg_key(rule.seed, static_cast<std::uint32_t>(pg));
    for (int s = 0; s < rule.width && static_cast<std::uint64_t>(s) < n; ++s) {
      const std::size_t k = (key + s) % n;
      const auto& disks = disks_of[k];
      if (disks.empty()) continue;
      map.disks[static_cast<std::size_t>(pg) * rule.width + s] = disks[mix64(key ^ (0xd15c0000ULL + s)) % disks.size()];
    }
  }
  return map;
}

MoveStats diff(const PgMap& a, const PgMap& b) {
  if (a.num_pgs != b.num_pgs || a.width != b.width)
    throw std::invalid_argument("storage::diff: maps differ in PG count or width");
  MoveStats st;
  st.slots = static_cast<std::int64_t>(a.num_pgs) * a.width;
  const bool ordered = a.ordered || b.ordered;
  for (int pg = 0; pg < a.num_pgs; ++pg) {
    const auto pa = a.pg(pg), pb = b.pg(pg);
    std::int64_t moved = 0;
    for (int s = 0; s < a.width; ++s) {
      const ItemId d = pb[s];
      if (d == kNoItem) continue;  // nothing to copy into an unmapped slot
      bool kept;
      if (ordered) {
        kept = pa[s] == d;
      } else {
        kept = false;
        for (int t = 0; t < a.width && !kept; ++t) kept = pa[t] == d;
      }
      moved += !kept;
    }
    st.moved += moved;
    st.pgs_changed += moved > 0;
  }
  st.fraction = st.slots > 0 ? static_cast<double>(st.moved) / static_cast<double>(st.slots) : 0.0;
  return st;
}

}  // namespace dcsim::storage
