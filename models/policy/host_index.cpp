#include "models/policy/host_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dcsim::policy {

namespace {

// Bytes as double -> whole bytes. Rounded to nearest so 1.1e9 (not exactly representable) is 1100000000.
std::int64_t to_bytes(double memory_B, const char* what) {
  if (!(memory_B >= 0.0) || memory_B > 9.0e18)
    throw std::invalid_argument(std::string("HostIndex: ") + what + " memory must be in [0, 9e18] bytes, got " +
                                std::to_string(memory_B));
  return std::llround(memory_B);
}

int next_pow2(int n) {
  int p = 1;
  while (p < n) p *= 2;
  return p;
}

}  // namespace

HostIndex::HostIndex(int n, int cores_per_host, double memory_per_host_B)
    : HostIndex(std::vector<int>(static_cast<std::size_t>(std::max(n, 0)), cores_per_host),
                std::vector<double>(static_cast<std::size_t>(std::max(n, 0)), memory_per_host_B)) {
  if (n < 0) throw std::invalid_argument("HostIndex: negative host count");
}

HostIndex::HostIndex(const std::vector<int>& capacity_cores, const std::vector<double>& capacity_memory_B) {
  if (capacity_cores.size() != capacity_memory_B.size())
    throw std::invalid_argument("HostIndex: capacity_cores and capacity_memory_B differ in size");
  if (capacity_cores.size() > 1'000'000'000u) throw std::invalid_argument("HostIndex: too many hosts");
  n_ = static_cast<int>(capacity_cores.size());
  cap_cores_ = capacity_cores;
  free_cores_ = capacity_cores;
  cap_mem_.resize(n_);
  int max_cores = 0;
  for (int h = 0; h < n_; ++h) {
    if (cap_cores_[h] < 0) throw std::invalid_argument("HostIndex: negative core capacity for host " + std::to_string(h));
    max_cores = std::max(max_cores, cap_cores_[h]);
    cap_mem_[h] = to_bytes(capacity_memory_B[h], "capacity");
  }
  free_mem_ = cap_mem_;
  available_.assign(n_, 1);

  k_ = max_cores + 1;
  bleaves_ = next_pow2(k_);
  btree_.assign(2 * static_cast<std::size_t>(bleaves_), -1);
  for (int h = 0; h < n_; ++h) {
    order_.insert(key_of(h));
    btree_[bleaves_ + free_cores_[h]] = std::max(btree_[bleaves_ + free_cores_[h]], free_mem_[h]);
  }
  for (int i = bleaves_ - 1; i >= 1; --i) btree_[i] = std::max(btree_[2 * i], btree_[2 * i + 1]);

  // Block tree: keep the summaries under ~2^21 entries (16 MB) by growing the block when K is large.
  block_ = 32;
  auto blocks_for = [&](int b) { return (std::max(n_, 1) + b - 1) / b; };
  while (block_ < 4096 && 2.0 * next_pow2(blocks_for(block_)) * k_ > 2097152.0) block_ *= 2;
  leaves_ = next_pow2(blocks_for(block_));
  summary_.assign(2 * static_cast<std::size_t>(leaves_) * k_, -1);
  scratch_.assign(k_, -1);
  for (int h = 0; h < n_; ++h) {
    std::int64_t* leaf = &summary_[(static_cast<std::size_t>(leaves_) + h / block_) * k_];
    leaf[free_cores_[h]] = std::max(leaf[free_cores_[h]], free_mem_[h]);
  }
  for (int b = 0; b < leaves_; ++b) {  // "at least k cores": suffix maximum over k
    std::int64_t* leaf = &summary_[(static_cast<std::size_t>(leaves_) + b) * k_];
    for (int k = k_ - 2; k >= 0; --k) leaf[k] = std::max(leaf[k], leaf[k + 1]);
  }
  for (int i = leaves_ - 1; i >= 1; --i) {
    std::int64_t* up = &summary_[static_cast<std::size_t>(i) * k_];
    const std::int64_t* l = &summary_[static_cast<std::size_t>(2 * i) * k_];
    const std::int64_t* r = l + k_;
    for (int k = 0; k < k_; ++k) up[k] = std::max(l[k], r[k]);
  }
}

int HostIndex::check(int host) const {
  if (host < 0 || host >= n_)
    throw std::invalid_argument("HostIndex: host id " + std::to_string(host) + " out of range [0, " +
                                std::to_string(n_) + ")");
  return host;
}

bool HostIndex::fits(int host, int cores, double memory_B) const {
  check(host);
  return available_[host] && free_cores_[host] >= cores && free_mem_[host] >= to_bytes(memory_B, "requested");
}

// Recomputes the summaries of `host`'s block for core counts 0..max_k (a host whose free cores went from a
// to b only changes "at least k cores" entries with k <= max(a, b)), then refreshes the ancestors only at
// the entries that changed, stopping when none did.
void HostIndex::update_block(int host, int max_k) {
  const int b = host / block_;
  const int top = max_k + 1;  // entries [0, top) may change
  std::int64_t* leaf = &summary_[(static_cast<std::size_t>(leaves_) + b) * k_];
  std::copy(leaf, leaf + top, scratch_.begin());
  std::fill(leaf, leaf + top, std::int64_t{-1});
  const int end = std::min(n_, (b + 1) * block_);
  for (int h = b * block_; h < end; ++h)
    if (available_[h] && free_cores_[h] < top) leaf[free_cores_[h]] = std::max(leaf[free_cores_[h]], free_mem_[h]);
  // Entry `top` (if any) depends only on hosts with >= top free cores and is unchanged.
  int lo = top, hi = -1;  // changed entries lie in [lo, hi]
  for (int k = top - 1; k >= 0; --k) {
    if (k + 1 < k_) leaf[k] = std::max(leaf[k], leaf[k + 1]);
    if (leaf[k] != scratch_[k]) {
      lo = k;
      if (hi < 0) hi = k;
    }
  }
  for (int i = (leaves_ + b) / 2; i >= 1 && hi >= 0; i /= 2) {
    std::int64_t* up = &summary_[static_cast<std::size_t>(i) * k_];
    const std::int64_t* l = &summary_[static_cast<std::size_t>(2 * i) * k_];
    const std::int64_t* r = l + k_;
    int new_lo = top, new_hi = -1;
    for (int k = lo; k <= hi; ++k) {
      const std::int64_t v = std::max(l[k], r[k]);
      if (v != up[k]) {
        up[k] = v;
        new_lo = std::min(new_lo, k);
        new_hi = k;
      }
    }
    lo = new_lo;
    hi = new_hi;
  }
}

// Recomputes bucket k's largest free memory from the order (the last key below (k + 1, -1, -1); memory is
// >= 0), then the bucket tree.
void HostIndex::update_bucket_max(int k) {
  const Key* top = order_.last_below(Key{k + 1, -1, -1});
  set_bucket_max(k, (top != nullptr && top->cores == k) ? top->mem : -1);
}

void HostIndex::set_bucket_max(int k, std::int64_t mem) {
  int i = bleaves_ + k;
  btree_[i] = mem;
  for (i /= 2; i >= 1; i /= 2) {
    std::int64_t up = std::max(btree_[2 * i], btree_[2 * i + 1]);
    if (up == btree_[i]) break;
    btree_[i] = up;
  }
}

void HostIndex::allocate(int host, int cores, double memory_B) {
  check(host);
  const std::int64_t mem = to_bytes(memory_B, "requested");
  if (cores < 0) throw std::invalid_argument("HostIndex::allocate: negative cores");
  if (!available_[host])
    throw std::invalid_argument("HostIndex::allocate: host " + std::to_string(host) + " is not available");
  if (free_cores_[host] < cores || free_mem_[host] < mem)
    throw std::invalid_argument("HostIndex::allocate: request does not fit on host " + std::to_string(host));
  if (cores == 0 && mem == 0) return;
  move_host(host, -cores, -mem);
}

void HostIndex::release(int host, int cores, double memory_B) {
  check(host);
  const std::int64_t mem = to_bytes(memory_B, "released");
  if (cores < 0) throw std::invalid_argument("HostIndex::release: negative cores");
  if (cores > cap_cores_[host] - free_cores_[host] || mem > cap_mem_[host] - free_mem_[host])
    throw std::invalid_argument("HostIndex::release: more than allocated on host " + std::to_string(host));
  if (cores == 0 && mem == 0) return;
  if (!available_[host]) {  // not in any bucket; only the numbers change
    free_cores_[host] += cores;
    free_mem_[host] += mem;
    return;
  }
  move_host(host, cores, mem);
}

// Moves an available host to its new place in the order, then refreshes the bucket maxima and the block
// summaries.
void HostIndex::move_host(int host, int cores_delta, std::int64_t mem_delta) {
  const int k_old = free_cores_[host];
  const std::int64_t m_old = free_mem_[host];
  order_.erase(key_of(host));
  free_cores_[host] += cores_delta;
  free_mem_[host] += mem_delta;
  const int k_new = free_cores_[host];
  const std::int64_t m_new = free_mem_[host];
  order_.insert(key_of(host));
  // Bucket maxima: a search is needed only when the host held its old bucket's maximum.
  auto bucket_max = [&](int k) { return btree_[bleaves_ + k]; };
  if (k_new != k_old) {
    if (bucket_max(k_old) == m_old) update_bucket_max(k_old);
    if (m_new > bucket_max(k_new)) set_bucket_max(k_new, m_new);
  } else if (m_new >= bucket_max(k_new)) {
    set_bucket_max(k_new, m_new);
  } else if (bucket_max(k_old) == m_old) {
    update_bucket_max(k_old);
  }
  update_block(host, std::max(k_old, k_new));
}

void HostIndex::set_available(int host, bool available) {
  check(host);
  if ((available_[host] != 0) == available) return;
  if (available) {
    available_[host] = 1;
    order_.insert(key_of(host));
  } else {
    order_.erase(key_of(host));
    available_[host] = 0;
  }
  update_bucket_max(free_cores_[host]);
  update_block(host, free_cores_[host]);
}

int HostIndex::scan_block(int block, int start, int cores, std::int64_t mem) const {
  const int end = std::min(n_, (block + 1) * block_);
  for (int h = std::max(start, block * block_); h < end; ++h)
    if (available_[h] && free_cores_[h] >= cores && free_mem_[h] >= mem) return h;
  return -1;
}

int HostIndex::find_block(int node, int lo, int hi, int first_block, int cores, std::int64_t mem) const {
  if (hi < first_block || summary_[static_cast<std::size_t>(node) * k_ + cores] < mem) return -1;
  if (lo == hi) return lo;
  const int mid = lo + (hi - lo) / 2;
  const int r = find_block(2 * node, lo, mid, first_block, cores, mem);
  return r >= 0 ? r : find_block(2 * node + 1, mid + 1, hi, first_block, cores, mem);
}

int HostIndex::first_fit(int cores, double memory_B, int start) const {
  const std::int64_t mem = to_bytes(memory_B, "requested");
  if (cores < 0) throw std::invalid_argument("HostIndex::first_fit: negative cores");
  start = std::max(start, 0);
  if (start >= n_ || cores >= k_) return -1;
  // The block holding `start` is scanned from `start`; later blocks are found through the exact summaries.
  const int b0 = start / block_;
  if (int h = scan_block(b0, start, cores, mem); h >= 0) return h;
  const int b = find_block(1, 0, leaves_ - 1, b0 + 1, cores, mem);
  return b < 0 ? -1 : scan_block(b, 0, cores, mem);
}

int HostIndex::best_fit(int cores, double memory_B) const {
  const std::int64_t mem = to_bytes(memory_B, "requested");
  if (cores < 0) throw std::invalid_argument("HostIndex::best_fit: negative cores");
  if (cores >= k_ || btree_[1] < mem) return -1;
  // Lowest bucket k >= cores whose largest free memory is >= mem (exact: one value per bucket).
  auto rec = [&](auto&& self, int nd, int l, int h) -> int {
    if (h < cores || btree_[nd] < mem) return -1;
    if (l == h) return l;
    const int m = l + (h - l) / 2;
    const int r = self(self, 2 * nd, l, m);
    return r >= 0 ? r : self(self, 2 * nd + 1, m + 1, h);
  };
  const int found = rec(rec, 1, 0, bleaves_ - 1);
  if (found < 0) return -1;
  // Least free memory >= mem in that bucket, ties by lowest id (exists: the bucket's maximum is >= mem).
  return order_.lower_bound(Key{found, -1, mem})->id;
}

int HostIndex::worst_fit(int cores, double memory_B) const {
  const std::int64_t mem = to_bytes(memory_B, "requested");
  if (cores < 0) throw std::invalid_argument("HostIndex::worst_fit: negative cores");
  if (cores >= k_ || btree_[1] < mem) return -1;
  // Highest bucket k >= cores whose largest free memory is >= mem.
  auto rec = [&](auto&& self, int nd, int l, int h) -> int {
    if (h < cores || btree_[nd] < mem) return -1;
    if (l == h) return l;
    const int m = l + (h - l) / 2;
    const int r = self(self, 2 * nd + 1, m + 1, h);
    return r >= 0 ? r : self(self, 2 * nd, l, m);
  };
  const int found = rec(rec, 1, 0, bleaves_ - 1);
  if (found < 0) return -1;
  // Most free memory in the bucket, ties by lowest id: first element whose memory equals the maximum.
  const std::int64_t top = btree_[bleaves_ + found];
  return order_.lower_bound(Key{found, -1, top})->id;
}

int HostIndex::round_robin(int cores, double memory_B) {
  const int start = (rr_last_ + 1 >= n_) ? 0 : rr_last_ + 1;
  int h = first_fit(cores, memory_B, start);
  if (h < 0 && start > 0) h = first_fit(cores, memory_B, 0);  // wrap: only hosts < start can fit now
  if (h >= 0) rr_last_ = h;
  return h;
}

}  // namespace dcsim::policy
