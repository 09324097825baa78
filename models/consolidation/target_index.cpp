#include "models/consolidation/target_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/rng.hpp"

namespace dcsim::consolidation {

int TargetIndex::add_class(double capacity, std::span<const double> points_W, double max_demand) {
  if (!cls_.empty()) throw std::logic_error("TargetIndex: add classes before resize()");
  if (!(capacity > 0) || !std::isfinite(capacity)) throw std::invalid_argument("TargetIndex: capacity must be > 0");
  if (points_W.size() < 2) throw std::invalid_argument("TargetIndex: a power curve needs >= 2 points");
  Class c;
  c.capacity = capacity;
  c.max_demand = max_demand;
  c.K = static_cast<int>(points_W.size()) - 1;
  c.p.assign(points_W.begin(), points_W.end());
  c.s.resize(static_cast<std::size_t>(c.K) + 1);
  c.x.resize(static_cast<std::size_t>(c.K) + 2);
  for (int k = 0; k <= c.K; ++k) c.x[static_cast<std::size_t>(k)] = static_cast<double>(k) / c.K;
  c.x[static_cast<std::size_t>(c.K) + 1] = kInf;
  for (int k = 0; k < c.K; ++k)
    c.s[static_cast<std::size_t>(k)] = (c.p[static_cast<std::size_t>(k) + 1] - c.p[static_cast<std::size_t>(k)]) * c.K;
  c.s[static_cast<std::size_t>(c.K)] = 0.0;  // P is flat beyond u = 1
  classes_.push_back(std::move(c));
  idle_.emplace_back();
  gate_limit_.push_back(kInf);
  lanes_ = std::max(lanes_, classes_.back().K + 1);
  return static_cast<int>(classes_.size()) - 1;
}

void TargetIndex::resize(int hosts) {
  const auto n = static_cast<std::size_t>(hosts);
  cls_.assign(n, -1);
  seg_.assign(n, 0);
  left_.assign(n, -1);
  right_.assign(n, -1);
  present_.assign(n, 0);
  prio_.resize(n);
  for (std::size_t h = 0; h < n; ++h) prio_[h] = mix64(h);  // deterministic treap shape
  a_.assign(n, 0.0);
  o_.assign(n, 0.0);
  amin_.assign(n, 0.0);
  amax_.assign(n, 0.0);
  segmin_.assign(n, 0);
  units_.assign(n, 0);
  units_max_.assign(n, 0);
  gate_.assign(n, -kInf);
  gate_min_.assign(n, -kInf);
  lane_min_.assign(n * static_cast<std::size_t>(lanes_), Key{kInf, -1});
  own_.assign(n * static_cast<std::size_t>(lanes_), kInf);
  for (Class& c : classes_) c.root = -1;
  for (Idle& idle : idle_) idle.hosts.clear();
}

int TargetIndex::segment(const Class& c, double u) const {
  // The segment whose [x_i, x_{i+1}) holds u, decided by the same x values the queries use.
  int i = static_cast<int>(u * c.K);
  i = std::clamp(i, 0, c.K);
  while (i > 0 && u < c.x[static_cast<std::size_t>(i)]) --i;
  while (i < c.K && u >= c.x[static_cast<std::size_t>(i) + 1]) ++i;
  return i;
}

double TargetIndex::power_W(int cls, double u) const {
  const Class& c = classes_[static_cast<std::size_t>(cls)];
  if (!(u > 0)) u = 0;
  if (u > 1) u = 1;
  const int i = segment(c, u);
  return c.p[static_cast<std::size_t>(i)] + c.s[static_cast<std::size_t>(i)] * (u - c.x[static_cast<std::size_t>(i)]);
}

void TargetIndex::set_own_values(int h) {
  const auto i = static_cast<std::size_t>(h);
  const Class& c = classes_[static_cast<std::size_t>(cls_[i])];
  double* own = &own_[i * static_cast<std::size_t>(lanes_)];
  const double si = c.s[static_cast<std::size_t>(seg_[i])];
  for (int j = 0; j <= c.K; ++j)
    own[j] = j < seg_[i] ? kInf : (c.s[static_cast<std::size_t>(j)] - si) * a_[i] + o_[i];
}

double TargetIndex::increase_W(int h, double demand) const {
  const auto ih = static_cast<std::size_t>(h);
  const Class& c = classes_[static_cast<std::size_t>(cls_[ih])];
  const double d = demand / c.capacity;
  const int i = seg_[ih];
  // The lane: the largest j with x_j - d <= a (the bounds the query uses).
  int j = i;
  while (j < c.K && c.x[static_cast<std::size_t>(j) + 1] - d <= a_[ih]) ++j;
  const auto I = static_cast<std::size_t>(i), J = static_cast<std::size_t>(j);
  const double E = (c.p[J] - c.p[I]) + c.s[J] * (d - c.x[J]) + c.s[I] * c.x[I];
  return E + (c.s[J] - c.s[I]) * a_[ih] + o_[ih];
}

void TargetIndex::pull(int t) {
  const auto i = static_cast<std::size_t>(t);
  const int l = left_[i], r = right_[i];
  const auto L = static_cast<std::size_t>(lanes_);
  amin_[i] = l >= 0 ? amin_[static_cast<std::size_t>(l)] : a_[i];
  amax_[i] = r >= 0 ? amax_[static_cast<std::size_t>(r)] : a_[i];
  // Keys are ordered by a, so the leftmost node has the lowest segment; lanes below it are empty.
  const int first = l >= 0 ? segmin_[static_cast<std::size_t>(l)] : seg_[i];
  segmin_[i] = first;
  int units = units_[i];
  if (l >= 0) units = std::max(units, units_max_[static_cast<std::size_t>(l)]);
  if (r >= 0) units = std::max(units, units_max_[static_cast<std::size_t>(r)]);
  units_max_[i] = units;
  double gate = gate_[i];
  if (l >= 0) gate = std::min(gate, gate_min_[static_cast<std::size_t>(l)]);
  if (r >= 0) gate = std::min(gate, gate_min_[static_cast<std::size_t>(r)]);
  gate_min_[i] = gate;
  const int K = classes_[static_cast<std::size_t>(cls_[i])].K;
  Key* out = &lane_min_[i * L];
  const double* own = &own_[i * L];
  for (int j = 0; j < first; ++j) out[j] = Key{kInf, -1};
  for (int j = first; j <= K; ++j) out[j] = Key{own[j], t};
  if (l >= 0) {
    const Key* lm = &lane_min_[static_cast<std::size_t>(l) * L];
    for (int j = first; j <= K; ++j)
      if (lm[j] < out[j]) out[j] = lm[j];
  }
  if (r >= 0) {
    const Key* rm = &lane_min_[static_cast<std::size_t>(r) * L];
    for (int j = std::max(first, segmin_[static_cast<std::size_t>(r)]); j <= K; ++j)
      if (rm[j] < out[j]) out[j] = rm[j];
  }
}

int TargetIndex::merge(int l, int r) {
  if (l < 0) return r;
  if (r < 0) return l;
  if (prio_[static_cast<std::size_t>(l)] > prio_[static_cast<std::size_t>(r)]) {
    right_[static_cast<std::size_t>(l)] = merge(right_[static_cast<std::size_t>(l)], r);
    pull(l);
    return l;
  }
  left_[static_cast<std::size_t>(r)] = merge(l, left_[static_cast<std::size_t>(r)]);
  pull(r);
  return r;
}

// Treap insertion and removal by descent and rotation: only the path to the node is pulled again (plus
// about two rotations), a third of what split/merge would pull.
int TargetIndex::rotate_right(int t) {
  const int l = left_[static_cast<std::size_t>(t)];
  left_[static_cast<std::size_t>(t)] = right_[static_cast<std::size_t>(l)];
  right_[static_cast<std::size_t>(l)] = t;
  pull(t);
  return l;
}

int TargetIndex::rotate_left(int t) {
  const int r = right_[static_cast<std::size_t>(t)];
  right_[static_cast<std::size_t>(t)] = left_[static_cast<std::size_t>(r)];
  left_[static_cast<std::size_t>(r)] = t;
  pull(t);
  return r;
}

int TargetIndex::insert_into(int t, int h) {
  if (t < 0) {
    pull(h);
    return h;
  }
  const auto i = static_cast<std::size_t>(t);
  if (Key{a_[static_cast<std::size_t>(h)], h} < Key{a_[i], t}) {
    left_[i] = insert_into(left_[i], h);
    if (prio_[static_cast<std::size_t>(left_[i])] > prio_[i]) t = rotate_right(t);
  } else {
    right_[i] = insert_into(right_[i], h);
    if (prio_[static_cast<std::size_t>(right_[i])] > prio_[i]) t = rotate_left(t);
  }
  pull(t);
  return t;
}

int TargetIndex::erase_from(int t, int h) {
  const auto i = static_cast<std::size_t>(t);
  if (t == h) return merge(left_[i], right_[i]);
  if (Key{a_[static_cast<std::size_t>(h)], h} < Key{a_[i], t})
    left_[i] = erase_from(left_[i], h);
  else
    right_[i] = erase_from(right_[i], h);
  pull(t);
  return t;
}

void TargetIndex::insert_node(int h) {
  const auto i = static_cast<std::size_t>(h);
  present_[i] = 1;
  if (a_[i] == 0) {
    idle_[static_cast<std::size_t>(cls_[i])].hosts.insert(Key{o_[i], h});
    return;
  }
  if (bulk_) return;  // end_bulk() builds the treaps
  Class& c = classes_[static_cast<std::size_t>(cls_[i])];
  left_[i] = right_[i] = -1;
  c.root = insert_into(c.root, h);
}

void TargetIndex::erase_node(int h) {
  const auto i = static_cast<std::size_t>(h);
  present_[i] = 0;
  if (a_[i] == 0) {
    idle_[static_cast<std::size_t>(cls_[i])].hosts.erase(Key{o_[i], h});
    return;
  }
  if (bulk_) return;
  Class& c = classes_[static_cast<std::size_t>(cls_[i])];
  c.root = erase_from(c.root, h);
}

void TargetIndex::set(int h, int cls, double a, double offset_W, int free_units, double gate) {
  const auto i = static_cast<std::size_t>(h);
  if (!(a > 0)) a = 0;
  if (a > 1) a = 1;
  if (std::isnan(gate) || a == 0) gate = -kInf;
  if (present_[i]) {
    if (cls_[i] == cls && a_[i] == a && o_[i] == offset_W && units_[i] == free_units && gate_[i] == gate) return;
    erase_node(h);
  }
  units_[i] = free_units;
  gate_[i] = gate;
  cls_[i] = cls;
  a_[i] = a;
  o_[i] = offset_W;
  seg_[i] = segment(classes_[static_cast<std::size_t>(cls)], a);
  set_own_values(h);
  insert_node(h);
}

void TargetIndex::erase(int h) {
  if (present_[static_cast<std::size_t>(h)]) erase_node(h);
}

void TargetIndex::end_bulk() {
  bulk_ = false;
  for (std::size_t c = 0; c < classes_.size(); ++c) {
    build_order_.clear();
    for (std::size_t h = 0; h < cls_.size(); ++h)
      if (present_[h] && cls_[h] == static_cast<int>(c) && a_[h] != 0) build_order_.push_back(static_cast<int>(h));
    std::sort(build_order_.begin(), build_order_.end(),
              [&](int x, int y) { return Key{a_[static_cast<std::size_t>(x)], x} < Key{a_[static_cast<std::size_t>(y)], y}; });
    classes_[c].root = build(build_order_);
  }
}

// The treap of the given keys is unique (priorities are fixed per host), so it is the one the insertions
// would build: a Cartesian tree by priority over the sorted keys, with a stack, then pulled bottom-up.
int TargetIndex::build(std::vector<int>& sorted) {
  build_stack_.clear();
  for (const int h : sorted) {
    const auto i = static_cast<std::size_t>(h);
    left_[i] = right_[i] = -1;
    int last = -1;
    while (!build_stack_.empty() && prio_[static_cast<std::size_t>(build_stack_.back())] < prio_[i]) {
      last = build_stack_.back();
      build_stack_.pop_back();
    }
    left_[i] = last;
    if (!build_stack_.empty()) right_[static_cast<std::size_t>(build_stack_.back())] = h;
    build_stack_.push_back(h);
  }
  const int root = build_stack_.empty() ? -1 : build_stack_.front();
  // Post-order pulls: children before parents (iterative; `sorted` is reused as the stack).
  sorted.clear();
  build_stack_.clear();
  if (root >= 0) build_stack_.push_back(root);
  while (!build_stack_.empty()) {  // pre-order (node, right, left) reversed = post-order (left, right, node)
    const int t = build_stack_.back();
    build_stack_.pop_back();
    sorted.push_back(t);
    if (left_[static_cast<std::size_t>(t)] >= 0) build_stack_.push_back(left_[static_cast<std::size_t>(t)]);
    if (right_[static_cast<std::size_t>(t)] >= 0) build_stack_.push_back(right_[static_cast<std::size_t>(t)]);
  }
  for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) pull(*it);
  return root;
}

void TargetIndex::range_min(int t, int lane, double lo, double hi, Key& best) const {
  while (t >= 0) {
    const auto i = static_cast<std::size_t>(t);
    if (amax_[i] < lo || amin_[i] >= hi || units_max_[i] < query_units_ || all_gated(t)) return;
    const Key& sub = lane_min_[i * static_cast<std::size_t>(lanes_) + static_cast<std::size_t>(lane)];
    if (!(sub < best)) return;  // nothing here beats the best so far
    if (amin_[i] >= lo && amax_[i] < hi) {
      inside_min(t, lane, best);
      return;
    }
    if (a_[i] >= lo && a_[i] < hi && !gated(t)) {
      const Key own{own_[i * static_cast<std::size_t>(lanes_) + static_cast<std::size_t>(lane)], t};
      if (own < best) best = own;
    }
    // Recurse into one side, loop on the other.
    range_min(left_[i], lane, lo, hi, best);
    t = right_[i];
  }
}

// The lowest (value, id) of a subtree, gated hosts left out. Like the listing in advance(), it does not
// prune by units inside a whole subtree, so both find the same first candidate.
void TargetIndex::inside_min(int t, int lane, Key& best) const {
  const auto L = static_cast<std::size_t>(lanes_);
  while (t >= 0) {
    const auto i = static_cast<std::size_t>(t);
    if (all_gated(t)) return;
    const Key& sub = lane_min_[i * L + static_cast<std::size_t>(lane)];
    if (!(sub < best)) return;
    if (!gated(sub.second)) {
      best = sub;
      return;
    }
    const Key own{own_[i * L + static_cast<std::size_t>(lane)], t};
    if (!gated(t) && own < best) best = own;
    inside_min(left_[i], lane, best);
    t = right_[i];
  }
}

void TargetIndex::begin_query(double demand, bool include_idle, double max_after) {
  ranges_.clear();
  for (int ci = 0; ci < static_cast<int>(classes_.size()); ++ci) {
    const Class& c = classes_[static_cast<std::size_t>(ci)];
    const Idle& idle = idle_[static_cast<std::size_t>(ci)];
    if ((c.root < 0 && idle.hosts.empty()) || demand > c.max_demand) continue;
    const double d = demand / c.capacity;
    if (include_idle && !idle.hosts.empty()) {  // segment pair (0, j) with j = seg(d)
      int j = 0;
      while (j < c.K && c.x[static_cast<std::size_t>(j) + 1] - d <= 0.0) ++j;
      const auto J = static_cast<std::size_t>(j);
      Range r{ci, j, 0.0, 0.0, (c.p[J] - c.p[0]) + c.s[J] * (d - c.x[J]) + c.s[0] * c.x[0], kInf, -1, true, false, {}};
      refresh(r);
      ranges_.push_back(r);
    }
    if (c.root < 0) continue;
    const double a_lo = std::nextafter(0.0, 1.0);  // idle hosts are not in the treap
    // Exclusive bound: hosts above 1 - d cannot take the demand (1e-9: room for the caller's rounding); idle
    // hosts are never refused for load.
    const double a_hi = std::nextafter(std::max(std::min(1.0, max_after) - d + 1e-9, 0.0), kInf);
    for (int i = 0; i <= c.K; ++i) {
      const auto I = static_cast<std::size_t>(i);
      const double si_lo = std::max(c.x[I], a_lo), si_hi = std::min(c.x[I + 1], a_hi);
      if (!(si_lo < si_hi)) continue;
      for (int j = i; j <= c.K; ++j) {
        const auto J = static_cast<std::size_t>(j);
        const double lo = std::max(si_lo, c.x[J] - d), hi = std::min(si_hi, c.x[J + 1] - d);
        if (c.x[J] - d >= si_hi) break;
        if (!(lo < hi)) continue;
        Range r{ci, j, lo, hi, (c.p[J] - c.p[I]) + c.s[J] * (d - c.x[J]) + c.s[I] * c.x[I], kInf, -1, false, false, {}};
        refresh(r);
        ranges_.push_back(r);
      }
    }
  }
}

void TargetIndex::refresh(Range& r) const {
  Key best{kInf, -1};
  if (r.idle) {
    const auto& hosts = idle_[static_cast<std::size_t>(r.cls)].hosts;
    if (!hosts.empty()) best = *hosts.begin();  // lane value o: the same in every lane
  } else {
    range_min(classes_[static_cast<std::size_t>(r.cls)].root, r.lane, r.lo, r.hi, best);
  }
  r.id = best.second;
  r.f = best.second >= 0 ? r.E + best.first : kInf;
}

}  // namespace dcsim::consolidation

namespace dcsim::consolidation {

// The frontier of a treap range: whole subtrees inside [lo, hi) by their minimum, boundary nodes alone.
void TargetIndex::push_range(int t, int lane, double lo, double hi, std::vector<Entry>& frontier) const {
  const auto L = static_cast<std::size_t>(lanes_);
  while (t >= 0) {
    const auto i = static_cast<std::size_t>(t);
    if (amax_[i] < lo || amin_[i] >= hi || units_max_[i] < query_units_ || all_gated(t)) return;
    const Key& sub = lane_min_[i * L + static_cast<std::size_t>(lane)];
    if (sub.second < 0) return;
    if (amin_[i] >= lo && amax_[i] < hi) {
      frontier.push_back(Entry{sub, t, false});
      std::push_heap(frontier.begin(), frontier.end(), std::greater<>());
      return;
    }
    if (a_[i] >= lo && a_[i] < hi && own_[i * L + static_cast<std::size_t>(lane)] < kInf && !gated(t)) {
      frontier.push_back(Entry{Key{own_[i * L + static_cast<std::size_t>(lane)], t}, t, true});
      std::push_heap(frontier.begin(), frontier.end(), std::greater<>());
    }
    push_range(left_[i], lane, lo, hi, frontier);
    t = right_[i];
  }
}

void TargetIndex::advance(std::size_t k) {
  Range& r = ranges_[k];
  if (r.idle) {
    const auto& hosts = idle_[static_cast<std::size_t>(r.cls)].hosts;
    if (!r.listing) r.idle_next = hosts.find(Key{o_[static_cast<std::size_t>(r.id)], r.id});
    r.listing = true;
    ++r.idle_next;
    r.id = -1;
    r.f = kInf;
    if (r.idle_next != hosts.end()) {
      r.id = r.idle_next->second;
      r.f = r.E + r.idle_next->first;
    }
    return;
  }
  if (frontier_.size() <= k) frontier_.resize(k + 1);
  std::vector<Entry>& fr = frontier_[k];
  const auto L = static_cast<std::size_t>(lanes_);
  const auto lane = static_cast<std::size_t>(r.lane);
  auto pop = [&]() {  // the next node in (value, id) order, or -1
    while (!fr.empty()) {
      std::pop_heap(fr.begin(), fr.end(), std::greater<>());
      const Entry e = fr.back();
      fr.pop_back();
      if (e.single) return e.node;
      // A whole subtree: its root alone, and its two subtrees.
      const auto i = static_cast<std::size_t>(e.node);
      if (own_[i * L + lane] < kInf && !gated(e.node)) {
        fr.push_back(Entry{Key{own_[i * L + lane], e.node}, e.node, true});
        std::push_heap(fr.begin(), fr.end(), std::greater<>());
      }
      // (Its children are listed whole, as range_min() took the subtree whole: units prune only the
      // decomposition, the same way in both.)
      for (const int c : {left_[i], right_[i]})
        if (c >= 0 && lane_min_[static_cast<std::size_t>(c) * L + lane].second >= 0 && !all_gated(c)) {
          fr.push_back(Entry{lane_min_[static_cast<std::size_t>(c) * L + lane], c, false});
          std::push_heap(fr.begin(), fr.end(), std::greater<>());
        }
    }
    return -1;
  };
  if (!r.listing) {  // list from the start and pass the current candidate
    r.listing = true;
    fr.clear();
    push_range(classes_[static_cast<std::size_t>(r.cls)].root, r.lane, r.lo, r.hi, fr);
    for (int x = pop(); x >= 0 && x != r.id; x = pop()) {
    }
  }
  const int next = pop();
  r.id = next;
  r.f = next >= 0 ? r.E + own_[static_cast<std::size_t>(next) * L + lane] : kInf;
}

}  // namespace dcsim::consolidation
