#include "models/storage/rebalance.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace dcsim::storage {
namespace {

// Shared index of nodes, their disks and usage.
struct Usage {
  std::vector<int> node_index;       // per item: index of the node a disk belongs to, -1 for non-disks
  std::vector<ItemId> nodes;
  std::vector<std::uint8_t> active;  // per node: in and capacity > 0
  std::vector<double> used, cap;     // per node
  std::vector<double> disk_used;     // per item
};

void check_bytes(const PgMap& map, std::span<const double> slot_bytes) {
  if (static_cast<int>(slot_bytes.size()) != map.num_pgs)
    throw std::invalid_argument("storage balancer: slot_bytes must have one entry per PG");
  for (double b : slot_bytes)
    if (!(b >= 0.0) || !std::isfinite(b)) throw std::invalid_argument("storage balancer: slot bytes must be finite and >= 0");
}

Usage compute_usage(const Hierarchy& h, const PgMap& map, std::span<const double> slot_bytes) {
  check_bytes(map, slot_bytes);
  Usage u;
  const int n = h.size();
  u.node_index.assign(n, -1);
  u.disk_used.assign(n, 0.0);
  std::vector<int> index_of_node(n, -1);
  for (ItemId i = 0; i < n; ++i) {
    if (h.level(i) != Level::Disk) continue;
    const ItemId node = h.domain_of(i, Level::Node);
    if (index_of_node[node] < 0) {
      index_of_node[node] = static_cast<int>(u.nodes.size());
      u.nodes.push_back(node);
    }
    u.node_index[i] = index_of_node[node];
  }
  const std::size_t nn = u.nodes.size();
  u.used.assign(nn, 0.0);
  u.cap.assign(nn, 0.0);
  u.active.assign(nn, 0);
  for (std::size_t k = 0; k < nn; ++k) {
    u.cap[k] = h.weight(u.nodes[k]);
    u.active[k] = u.cap[k] > 0.0 && !h.is_effectively_out(u.nodes[k]);
  }
  for (int pg = 0; pg < map.num_pgs; ++pg)
    for (int s = 0; s < map.width; ++s) {
      const ItemId d = map.at(pg, s);
      if (d < 0 || d >= n || u.node_index[d] < 0) continue;
      u.disk_used[d] += slot_bytes[pg];
      u.used[u.node_index[d]] += slot_bytes[pg];
    }
  return u;
}

std::pair<double, double> mean_and_deviation(const Usage& u) {
  double used = 0.0, cap = 0.0;
  for (std::size_t k = 0; k < u.nodes.size(); ++k)
    if (u.active[k]) {
      used += u.used[k];
      cap += u.cap[k];
    }
  const double mean = cap > 0.0 ? used / cap : 0.0;
  double dev = 0.0;
  for (std::size_t k = 0; k < u.nodes.size(); ++k)
    if (u.active[k]) dev = std::max(dev, std::abs(u.used[k] / u.cap[k] - mean));
  return {mean, dev};
}

}  // namespace

NodeUsage node_usage(const Hierarchy& h, const PgMap& map, std::span<const double> slot_bytes) {
  const Usage u = compute_usage(h, map, slot_bytes);
  NodeUsage out;
  out.nodes = u.nodes;
  out.used_bytes = u.used;
  out.capacity_bytes = u.cap;
  std::tie(out.mean_utilization, out.max_deviation) = mean_and_deviation(u);
  return out;
}

BalanceResult balance(const Hierarchy& h, PgMap& map, const PoolRule& rule, std::span<const double> slot_bytes,
                      const BalancerConfig& config) {
  if (!(config.band >= 0.0)) throw std::invalid_argument("storage balancer: band must be >= 0");
  if (map.width != rule.width) throw std::invalid_argument("storage balancer: map width differs from the rule's");
  Usage u = compute_usage(h, map, slot_bytes);
  BalanceResult result;
  std::tie(result.mean_utilization, result.max_deviation_before) = mean_and_deviation(u);
  const double mean = result.mean_utilization;
  const double hi = mean + config.band, lo = mean - config.band;
  const int n_items = h.size();
  const std::size_t nn = u.nodes.size();

  // Failure domain of each disk, the in disks of each node, the slots on each node.
  std::vector<ItemId> domain(n_items, kNoItem);
  std::vector<std::vector<ItemId>> disks_of(nn);
  for (ItemId i = 0; i < n_items; ++i) {
    if (u.node_index[i] < 0) continue;
    domain[i] = h.domain_of(i, rule.failure_domain);
    if (h.weight(i) > 0.0 && !h.is_effectively_out(i)) disks_of[u.node_index[i]].push_back(i);
  }
  std::vector<std::vector<std::int64_t>> slots_of(nn);
  for (std::int64_t f = 0; f < static_cast<std::int64_t>(map.disks.size()); ++f) {
    const ItemId d = map.disks[f];
    if (d >= 0 && d < n_items && u.node_index[d] >= 0 && !h.is_effectively_out(d))
      slots_of[u.node_index[d]].push_back(f);
  }

  auto util = [&](int k) { return u.used[k] / u.cap[k]; };
  std::set<std::pair<double, int>> queue;
  for (std::size_t k = 0; k < nn; ++k)
    if (u.active[k] && !disks_of[k].empty()) queue.emplace(util(static_cast<int>(k)), static_cast<int>(k));

  // Moves one slot from node s to node d if some slot is feasible and the move helps; true if moved.
  auto try_move = [&](int s, int d) -> bool {
    ItemId dst = kNoItem;
    double best = 0.0;
    for (ItemId disk : disks_of[d]) {
      const double du = u.disk_used[disk] / h.weight(disk);
      if (dst == kNoItem || du < best) {
        dst = disk;
        best = du;
      }
    }
    if (dst == kNoItem) return false;
    const double gap = 2.0 * (util(s) - util(d));
    const double inv = 1.0 / u.cap[s] + 1.0 / u.cap[d];
    auto& list = slots_of[s];
    for (std::size_t idx = list.size(); idx-- > 0;) {
      const std::int64_t f = list[idx];
      const int pg = static_cast<int>(f / map.width);
      const int slot = static_cast<int>(f % map.width);
      const double b = slot_bytes[pg];
      if (!(b > 0.0) || !(gap > b * inv)) continue;
      bool ok = true;
      for (int j = 0; j < map.width && ok; ++j) {
        const ItemId other = map.at(pg, j);
        if (j != slot && other != kNoItem) ok = other != dst && domain[other] != domain[dst];
      }
      if (!ok) continue;
      const ItemId src = map.disks[f];
      queue.erase({util(s), s});
      queue.erase({util(d), d});
      map.disks[f] = dst;
      u.disk_used[src] -= b;
      u.disk_used[dst] += b;
      u.used[s] -= b;
      u.used[d] += b;
      list[idx] = list.back();
      list.pop_back();
      slots_of[d].push_back(f);
      queue.emplace(util(s), s);
      queue.emplace(util(d), d);
      result.moves.push_back(PgMove{pg, slot, src, dst, b});
      result.bytes_moved += b;
      return true;
    }
    return false;
  };

  while (!queue.empty() && static_cast<std::int64_t>(result.moves.size()) < config.max_moves) {
    const auto top = *queue.rbegin();
    const auto bottom = *queue.begin();
    const bool over = top.first > hi;
    const bool under = bottom.first < lo;
    if (!over && !under) break;
    bool moved = false;
    int tried = 0;
    if (over) {  // drain the fullest node into the emptiest ones
      for (auto it = queue.begin(); it != queue.end() && tried < config.candidates; ++it, ++tried) {
        if (it->second == top.second) break;
        if ((moved = try_move(top.second, it->second))) break;
      }
      if (!moved) queue.erase(top);
    } else {  // fill the emptiest node from the fullest ones
      for (auto it = queue.rbegin(); it != queue.rend() && tried < config.candidates; ++it, ++tried) {
        if (it->second == bottom.second) break;
        if ((moved = try_move(it->second, bottom.second))) break;
      }
      if (!moved) queue.erase(bottom);
    }
  }
  result.max_deviation_after = mean_and_deviation(u).second;
  result.within_band = result.max_deviation_after <= config.band + 1e-12;
  return result;
}

BalanceResult balance(const Hierarchy& h, PgMap& map, const PoolRule& rule, double slot_bytes,
                      const BalancerConfig& config) {
  const std::vector<double> bytes(static_cast<std::size_t>(map.num_pgs), slot_bytes);
  return balance(h, map, rule, bytes, config);
}

double ideal_moved_fraction(double total_weight, double delta_weight) {
  if (!(total_weight > 0.0) || total_weight + delta_weight < 0.0)
    throw std::invalid_argument("storage::ideal_moved_fraction: need W > 0 and W + dW >= 0");
  return delta_weight >= 0.0 ? delta_weight / (total_weight + delta_weight) : -delta_weight / total_weight;
}

}  // namespace dcsim::storage
