// Index of PABFD target hosts: the host with the lowest power increase for a VM in O(K log n) instead of a
// scan of all n hosts (K = segments of the power curve), so placement and consolidation stay near-linear.
//
// Increase model. A host h of class c (capacity C, power curve with K+1 equally spaced points p_k at
// x_k = k/K, slopes s_k = (p_{k+1} - p_k) K, and s_K = 0 beyond u = 1) with planned utilization a_h in [0,1]
// (its tentative load / C) and baseline power B_h (what it draws now, as the policy sees it):
//     dP_h(r) = P(min(1, a_h + r/C)) - B_h
//             = E_ij(d) + v_j(h),   d = r/C,  i = seg(a_h),  j = seg(a_h + d)
//     E_ij(d) = (p_j - p_i) + s_j (d - x_j) + s_i x_i            (the same for every host of the pair)
//     v_j(h)  = (s_j - s_i) a_h + o_h,   o_h = P(a_h) - B_h      (offset; exactly 0 when B_h = P(a_h))
// Hosts are kept per class in a treap ordered by a_h; every node holds, per lane j, the minimum (v_j, id)
// of its subtree. Idle hosts (a_h = 0, usually most of a large site) have v_j = o_h in every lane: they sit
// in a set ordered by (o_h, id) instead, which keeps the treap small. A query visits each (i, j) pair the
// demand can produce (about 2K of them) with one range minimum over a_h in [x_i, x_{i+1}) and
// [x_j - d, x_{j+1} - d). Written this way, hosts whose increase is
// mathematically equal in the same segment pair (e.g. idle hosts, or hosts whose load stays within one
// linear segment) compare exactly equal and the lowest id wins, instead of floating-point noise deciding;
// across pairs, increases are compared as computed. Hosts with a_h > 1 - d (+1e-9) cannot take the demand
// and are not visited. (Beloglazov & Buyya, CCPE 2012, Alg. 1 defines the minimum; the index is ours.)
// Gates: each busy host may carry a scalar g_h, and a query a limit L_c per class; hosts with g_h > L_c are
// passed over without a call to accept(), whole subtrees at once (each node keeps its subtree's minimum g).
// The caller guarantees that accept() would refuse them (consolidation::screen_host/screen_limit), so the
// answer is the same; only the hosts tested change. Idle hosts are never gated.
#pragma once
#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <utility>
#include <vector>

namespace dcsim::consolidation {

class TargetIndex {
  static constexpr double kInf = std::numeric_limits<double>::infinity();

 public:
  enum class Verdict { Accept, Skip, Drop };  // Skip: passed over for this query; Drop: erased from the index

  // A class of identical hosts: capacity (> 0, in the demand's unit: MIPS, cores), >= 2 points (W), and the
  // largest single demand a host can take (e.g. one core's MIPS); larger demands skip the class.
  // Returns the class id. Throws std::invalid_argument; std::logic_error after resize().
  int add_class(double capacity, std::span<const double> points_W, double max_demand = kInf);
  void resize(int hosts);  // host ids 0..hosts-1, all absent

  // Inserts host h, or moves it: class, planned utilization a (clamped to [0,1]), offset_W (o_h above), and
  // its free units (e.g. free cores): subtrees whose hosts all have fewer than a query's `units` are not
  // visited, so a VM that fits almost nowhere does not list the whole index.
  // gate: g_h above (NaN or -inf: never gated).
  void set(int h, int cls, double a, double offset_W, int free_units = std::numeric_limits<int>::max(),
           double gate = -kInf);
  void erase(int h);  // no-op when absent
  // Between begin_bulk() and end_bulk(), set() and erase() only record; end_bulk() rebuilds every treap in
  // O(n log n) sorting + O(n) pulls - cheaper than many single updates when most hosts move (each round's
  // new utilizations). No queries in between.
  void begin_bulk() { bulk_ = true; }
  void end_bulk();
  bool contains(int h) const { return present_[static_cast<std::size_t>(h)] != 0; }
  int host_class(int h) const { return cls_[static_cast<std::size_t>(h)]; }
  double planned_utilization(int h) const { return a_[static_cast<std::size_t>(h)]; }
  double offset_W(int h) const { return o_[static_cast<std::size_t>(h)]; }

  double power_W(int cls, double u) const;         // P(u) in the index's arithmetic
  double increase_W(int h, double demand) const;   // dP_h(demand) of a present host, as the query computes it

  // The present host with the lowest (increase, id) for `demand` whose accept(h) is Verdict::Accept, or -1.
  // Hosts at a = 0 are visited only with include_idle. Busy hosts whose utilization after the demand would
  // exceed max_after (<= 1; e.g. a static overload threshold) are not visited: the caller knows accept()
  // refuses them. gate_limit: L_c per class (empty: no gating). *increase_W gets the winner's increase.
  template <class Accept>
  int best(double demand, bool include_idle, double max_after, Accept&& accept, double* increase_W = nullptr,
           int units = 0, std::span<const double> gate_limit = {});

 private:
  struct Class {
    double capacity = 1, max_demand = kInf;
    int K = 1;  // segments
    std::vector<double> p, s, x;  // p_0..p_K, s_0..s_K (s_K = 0), x_0..x_{K+1} (x_{K+1} = +inf)
    int root = -1;
  };
  using Key = std::pair<double, int>;  // (value, host id)
  struct Idle {  // a class's idle hosts
    std::set<Key> hosts;
  };
  struct Range {  // one (i, j) pair of one class in a query, and its current minimum
    int cls, lane;
    double lo, hi, E;
    double f;
    int id;
    bool idle;  // the class's idle hosts (a = 0) rather than a treap range
    // After its first candidate is passed over, a range lists its hosts in (value, id) order, reading only:
    // the idle set by iterator, the treap by a heap of subtrees (frontier_[range index]).
    bool listing = false;
    std::set<Key>::const_iterator idle_next;
  };
  struct Entry {  // a frontier item: a whole subtree (its minimum) or one node
    Key key;
    int node;
    bool single;
    bool operator>(const Entry& o) const { return o.key < key; }
  };

  int segment(const Class& c, double u) const;
  void set_own_values(int h);  // lane values of h itself
  void pull(int t);
  int rotate_right(int t);
  int rotate_left(int t);
  int insert_into(int t, int h);  // returns the new subtree root
  int erase_from(int t, int h);
  int merge(int l, int r);        // every key of l below every key of r
  void insert_node(int h);
  void erase_node(int h);
  int build(std::vector<int>& sorted);  // treap of hosts sorted by (a, id); returns the root
  void range_min(int t, int lane, double lo, double hi, Key& best) const;
  void inside_min(int t, int lane, Key& best) const;  // range_min of a subtree wholly inside the range
  bool gated(int t) const { return gate_[static_cast<std::size_t>(t)] > gate_limit_[static_cast<std::size_t>(cls_[static_cast<std::size_t>(t)])]; }
  bool all_gated(int t) const { return gate_min_[static_cast<std::size_t>(t)] > gate_limit_[static_cast<std::size_t>(cls_[static_cast<std::size_t>(t)])]; }
  void begin_query(double demand, bool include_idle, double max_after);
  void refresh(Range& r) const;
  void advance(std::size_t r);  // range r's next candidate in (value, id) order
  void push_range(int t, int lane, double lo, double hi, std::vector<Entry>& frontier) const;

  std::vector<Class> classes_;
  std::vector<Idle> idle_;  // per class
  int lanes_ = 1;  // stride of lane_min_: max K + 1 over classes
  std::vector<int> cls_, seg_, segmin_, left_, right_;  // segmin_: lowest segment in the subtree
  std::vector<char> present_;
  std::vector<std::uint64_t> prio_;
  std::vector<double> a_, o_, amin_, amax_;
  std::vector<int> units_, units_max_;  // free units, and their subtree maximum
  int query_units_ = 0;
  std::vector<double> gate_, gate_min_;  // per host, and its subtree minimum
  std::vector<double> gate_limit_;       // per class, for the current query (+inf: none)
  std::vector<Key> lane_min_;  // per node and lane: the subtree's minimum (value, id)
  std::vector<double> own_;    // per node and lane: its own value
  std::vector<Range> ranges_;
  std::vector<std::vector<Entry>> frontier_;  // per range of the current query
  std::vector<int> dropped_;                  // erased when the query ends
  bool bulk_ = false;
  std::vector<int> build_order_, build_stack_;
};

template <class Accept>
int TargetIndex::best(double demand, bool include_idle, double max_after, Accept&& accept, double* increase_W,
                      int units, std::span<const double> gate_limit) {
  query_units_ = units;
  for (std::size_t c = 0; c < gate_limit_.size(); ++c) gate_limit_[c] = c < gate_limit.size() ? gate_limit[c] : kInf;
  begin_query(demand, include_idle, max_after);
  dropped_.clear();
  int found = -1;
  double found_f = kInf;
  for (;;) {
    std::size_t pick = ranges_.size();
    for (std::size_t k = 0; k < ranges_.size(); ++k) {
      const Range& r = ranges_[k];
      if (r.id >= 0 && (pick == ranges_.size() || r.f < ranges_[pick].f ||
                        (r.f == ranges_[pick].f && r.id < ranges_[pick].id)))
        pick = k;
    }
    if (pick == ranges_.size()) break;
    const int h = ranges_[pick].id;
    const Verdict v = accept(h);
    if (v == Verdict::Accept) {
      found = h;
      found_f = ranges_[pick].f;
      break;
    }
    if (v == Verdict::Drop) dropped_.push_back(h);
    advance(pick);  // h lies in this range only
  }
  for (const int h : dropped_) erase_node(h);
  if (increase_W) *increase_W = found_f;
  return found;
}

}  // namespace dcsim::consolidation
