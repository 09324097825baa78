#include "sim/storage/storage_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "models/failure/distributions.hpp"
#include "sim/scenario.hpp"
#include "sim/spec_reader.hpp"

namespace dcsim {
namespace {
using spec::MapReader;
using units::Dimension;

constexpr double kHour = 3600.0;

struct MigrationPlacement {  // what earlier migrations already claimed (check_migration_placement)
  std::set<std::string> dest_pools, moved_pools;  // "cluster/pool"
  std::map<std::string, double> raw_used;         // destination raw bytes after the migrations so far
};

TimeDistributionSpec exponential(double mean_s) { return {"exponential", mean_s, 0, 0, 0}; }
TimeDistributionSpec fixed(double value_s) { return {"fixed", value_s, 0, 0, 0}; }
TimeDistributionSpec lognormal_median_mean(double median_s, double mean_s) {
  return {"lognormal", mean_s, 0, median_s, 0};
}
TimeDistributionSpec lognormal_median_sigma(double median_s, double sigma) {
  return {"lognormal", median_s * std::exp(sigma * sigma / 2), 0, median_s, sigma};
}

// {kind: exponential, mean: 2880h} | {kind: weibull, shape: 0.75, mean: 2880h} | {kind: fixed, value: 6h} |
// {kind: lognormal, median: 54min, mean: 355min} | {kind: lognormal, median: 2.45h, sigma: 0.54}
TimeDistributionSpec read_distribution(MapReader& parent, std::string_view key, const TimeDistributionSpec& def) {
  if (!parent.has(key)) return def;
  MapReader r = parent.map(key);
  TimeDistributionSpec d;
  d.kind = r.choice("kind", {"fixed", "exponential", "weibull", "lognormal"}, def.kind);
  if (d.kind == "fixed") {
    d.mean_s = r.quantity("value", Dimension::Time);
  } else if (d.kind == "exponential") {
    d.mean_s = r.quantity("mean", Dimension::Time);
  } else if (d.kind == "weibull") {
    d.shape = r.number("shape", 0.75, 0.05, 20);
    d.mean_s = r.quantity("mean", Dimension::Time);
  } else {
    d.median_s = r.quantity("median", Dimension::Time);
    if (r.has("sigma")) {
      d.sigma = r.number("sigma", std::nullopt, 0.0, 10.0);
      d.mean_s = d.median_s * std::exp(d.sigma * d.sigma / 2);
    } else {
      d.mean_s = r.quantity("mean", Dimension::Time);
      if (d.mean_s < d.median_s) r.error("mean", "a lognormal's mean must be at least its median");
    }
  }
  if (d.kind != "fixed" && !(d.mean_s > 0)) r.error_here("expected a positive mean time");
  if (d.kind == "fixed" && d.mean_s < 0) r.error("value", "expected a time >= 0");
  r.finish();
  return d;
}

FailureProcessSpec read_process(MapReader& root, std::string_view key, TimeDistributionSpec ttf,
                                TimeDistributionSpec repair, double permanent, bool afr_allowed) {
  FailureProcessSpec p;
  p.time_to_failure = ttf;
  p.repair = repair;
  p.permanent_fraction = permanent;
  auto r = root.optional_map(key);
  if (!r) return p;
  p.enabled = r->flag("enabled", true);
  if (afr_allowed && r->has("afr")) {
    const double afr = r->number("afr", std::nullopt, 1e-6, 10.0);
    p.time_to_failure = exponential(failure::mttf_s_from_afr(afr));
  }
  p.time_to_failure = read_distribution(*r, "time_to_failure", p.time_to_failure);
  p.repair = read_distribution(*r, "repair", p.repair);
  p.permanent_fraction = r->number("permanent_fraction", permanent, 0.0, 1.0);
  r->finish();
  return p;
}

long count_servers_of_type(const Scenario& sc, int type, const std::vector<std::string>& halls) {
  long n = 0;
  for (const auto& h : sc.halls) {
    if (!halls.empty() && std::find(halls.begin(), halls.end(), h.name) == halls.end()) continue;
    for (const auto& g : h.racks)
      for (const auto& s : sc.rack_types[g.rack_type].servers)
        if (s.server_type == type) n += static_cast<long>(s.count) * g.count;
  }
  return n;
}

StorageClusterSpec read_cluster(MapReader& r, const Scenario& sc) {
  StorageClusterSpec c;
  c.name = r.text("name");
  c.site = r.text("site", sc.site.name);
  const std::string type = r.text("node_type");
  for (size_t i = 0; i < sc.server_types.size(); ++i)
    if (sc.server_types[i].name == type) c.node_server_type = static_cast<int>(i);
  if (c.node_server_type < 0 && !type.empty()) r.error("node_type", "no server type named '" + type + "'");
  if (r.has("halls")) {
    c.halls = r.text_list("halls");
    for (const auto& h : c.halls) {
      bool found = false;
      for (const auto& hall : sc.halls) found = found || hall.name == h;
      if (!found) r.error("halls", "no hall named '" + h + "'");
    }
  }
  c.disks_per_node = static_cast<int>(r.integer("disks_per_node", 24, 1, 1000));
  MapReader d = r.map_or_empty("disk");
  c.disk_capacity_B = d.quantity("capacity", Dimension::DataSize, "14TB");
  c.disk_bandwidth_Bps = d.quantity("bandwidth", Dimension::Bandwidth, "250MB/s");
  c.disk_iops = d.number("iops", 200, 1, 1e8);
  c.disk_idle_W = d.quantity("power_idle", Dimension::Power, "5W");
  c.disk_active_W = d.quantity("power_active", Dimension::Power, "8W");
  if (c.disk_capacity_B <= 0) d.error("capacity", "expected a positive capacity");
  if (c.disk_bandwidth_Bps <= 0) d.error("bandwidth", "expected a positive bandwidth");
  if (c.disk_active_W < c.disk_idle_W) d.error("power_active", "expected power_active >= power_idle");
  d.finish();
  c.fullness = r.number("fullness", 0.7, 0.0, 1.0);

  std::set<std::string> pool_names;
  for (auto& p : r.map_list("pools", true, 1)) {
    StoragePoolSpec pool;
    pool.name = p.text("name");
    if (!pool_names.insert(pool.name).second) p.error("name", "duplicate pool name '" + pool.name + "'");
    const std::string red = p.choice("redundancy", {"replicated", "erasure"}, "replicated");
    pool.erasure = red == "erasure";
    if (pool.erasure) {
      pool.k = static_cast<int>(p.integer("k", std::nullopt, 1, 31));
      pool.m = static_cast<int>(p.integer("m", std::nullopt, 0, 31));
      if (pool.k + pool.m > 32) p.error("m", "k + m must be at most 32");
    } else {
      pool.replicas = static_cast<int>(p.integer("replicas", 3, 1, 32));
    }
    pool.failure_domain = p.choice("failure_domain", {"disk", "node", "rack", "pdu"}, "rack");
    pool.pgs = p.integer("pgs", 4096, 1, 50'000'000);
    pool.share = p.number("share", 1.0, 0.0, 1e9);
    p.finish();
    c.pools.push_back(pool);
  }
  double share = 0;
  for (const auto& p : c.pools) share += p.share;
  if (!c.pools.empty() && !(share > 0)) r.error("pools", "the pools' shares add up to 0");

  MapReader rec = r.map_or_empty("recovery");
  c.recovery_rate_Bps = rec.quantity("rate_per_disk", Dimension::Bandwidth, "100MB/s");
  if (c.recovery_rate_Bps <= 0) rec.error("rate_per_disk", "expected a positive rate");
  c.flows_per_job = static_cast<int>(rec.integer("min_flows_per_job", 4, 1, 4096));
  c.max_flows_per_job = static_cast<int>(rec.integer("max_flows_per_job", 1024, c.flows_per_job, 16384));
  c.max_jobs = static_cast<int>(rec.integer("max_jobs", 0, 0, 1000000));
  c.max_concurrent_flows = rec.integer("max_concurrent_flows", 2048, 1, 1000000);
  if (rec.has("time")) {
    c.rebuild_time_given = true;
    c.rebuild_time = read_distribution(rec, "time", exponential(3600));
  }
  rec.finish();

  MapReader bal = r.map_or_empty("balancer");
  c.balance_band = bal.number("band", 0.10, 0.001, 1.0);
  bal.finish();

  const long nodes = count_servers_of_type(sc, c.node_server_type, c.halls);
  long held_back = 0;
  for (auto& e : r.map_list("expansions", false)) {
    ExpansionSpec x;
    x.at_s = e.quantity("at", Dimension::Time);
    x.nodes = e.integer("nodes", std::nullopt, 1, 10'000'000);
    held_back += x.nodes;
    e.finish();
    c.expansions.push_back(x);
  }
  if (c.node_server_type >= 0 && nodes - held_back < 1)
    r.error("node_type", "the cluster has " + std::to_string(nodes) + " servers of type '" + type +
                             "' but its expansions hold back " + std::to_string(held_back));

  for (auto& a : r.map_list("access", false)) {
    AccessStreamSpec s;
    s.kind = a.choice("kind", {"block", "object", "file"}, "object");
    s.pool = a.text("pool", "");
    if (!s.pool.empty() && !pool_names.count(s.pool)) a.error("pool", "no pool named '" + s.pool + "'");
    s.rate_per_s = a.quantity("rate", Dimension::Rate);
    const char* def_size = s.kind == "block" ? "16KiB" : s.kind == "file" ? "1MiB" : "4MiB";
    s.size_B = a.quantity("size", Dimension::DataSize, def_size);
    s.read_fraction = a.number("read_fraction", 0.7, 0.0, 1.0);
    if (s.rate_per_s < 0) a.error("rate", "expected a rate >= 0");
    if (s.size_B <= 0) a.error("size", "expected a positive size");
    a.finish();
    c.access.push_back(s);
  }
  c.access_interval_s = r.quantity("access_interval", Dimension::Time, "60s");
  if (c.access_interval_s < 1) r.error("access_interval", "expected at least 1s");
  c.access_flows = static_cast<int>(r.integer("access_flows", 8, 1, 1024));
  r.finish();
  return c;
}

// Raw capacity of a cluster's nodes at the start (expansions join later), bytes.
double initial_raw_capacity(const StorageClusterSpec& c, const Scenario& sc) {
  long held = 0;
  for (const auto& x : c.expansions) held += x.nodes;
  const long nodes = count_servers_of_type(sc, c.node_server_type, c.halls) - held;
  return static_cast<double>(std::max(0L, nodes)) * c.disks_per_node * c.disk_capacity_B;
}

std::string format_bytes(double b) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.4g TB", b / 1e12);
  return buf;
}

// A completed migration places its PGs in the destination cluster (docs/storage.md): each moved pool becomes a
// pool of the destination, so its name must be new there, a pool can leave only once, and the destination must
// hold the data below Ceph's default full ratio (mon_osd_full_ratio = 0.95).
constexpr double kMigrationFullRatio = 0.95;

void check_migration_placement(MapReader& m, const MigrationSpec& g, const StorageClusterSpec& from,
                               const StorageClusterSpec& to, const Scenario& sc, MigrationPlacement& placed) {
  double share = 0;
  for (const auto& p : from.pools) share += p.share;
  const double from_cap = initial_raw_capacity(from, sc);
  double incoming_raw = 0;
  for (const auto& p : from.pools) {
    if (!g.pool.empty() && p.name != g.pool) continue;
    const std::string dest = g.to_pool.empty() ? p.name : g.to_pool;
    const std::string key = g.to_pool.empty() ? "pool" : "to_pool";
    for (const auto& q : to.pools)
      if (q.name == dest)
        m.error(key, "cluster '" + to.name + "' already has a pool named '" + dest +
                         "'; the migrated PGs form a new pool there: name it with to_pool");
    if (!placed.dest_pools.insert(to.name + "/" + dest).second)
      m.error(key, "another migration also creates pool '" + dest + "' in cluster '" + to.name + "'");
    if (!placed.moved_pools.insert(from.name + "/" + p.name).second)
      m.error(g.pool.empty() ? "from" : "pool", "pool '" + p.name + "' of cluster '" + from.name +
                                                   "' is already moved by another migration");
    const long pgs = std::llround(g.fraction * static_cast<double>(p.pgs));
    if (share > 0) incoming_raw += from_cap * from.fullness * p.share / share * static_cast<double>(pgs) / p.pgs;
  }
  const double cap = initial_raw_capacity(to, sc);
  double& used = placed.raw_used[to.name];
  if (used == 0) used = cap * to.fullness;
  used += incoming_raw;
  if (used > kMigrationFullRatio * cap)
    m.error("to", "cluster '" + to.name + "' cannot hold the migrated data: " + format_bytes(used) +
                      " raw would be stored on " + format_bytes(cap) + " (full ratio " +
                      std::to_string(kMigrationFullRatio).substr(0, 4) +
                      "); migrate a smaller fraction or give it more nodes");
}

}  // namespace

void read_storage_sections(spec::MapReader& root, Scenario& sc) {
  using failure::defaults::kHour_s;
  if (auto st = root.optional_map("storage")) {
    auto& S = sc.storage;
    S.enabled = true;
    std::set<std::string> names, sites;
    for (auto& c : st->map_list("clusters", true, 1)) {
      S.clusters.push_back(read_cluster(c, sc));
      if (!names.insert(S.clusters.back().name).second)
        c.error("name", "duplicate cluster name '" + S.clusters.back().name + "'");
      sites.insert(S.clusters.back().site);
    }
    for (auto& w : st->map_list("wan_links", false)) {
      WanLinkSpec l;
      const auto between = w.text_list("between");
      if (between.size() != 2) w.error("between", "expected two site names, e.g. [site-a, site-b]");
      else {
        l.a = between[0];
        l.b = between[1];
        for (const auto& s : between)
          if (!sites.count(s)) w.error("between", "no storage cluster is at site '" + s + "'");
      }
      l.bandwidth_Bps = w.quantity("bandwidth", Dimension::Bandwidth);
      l.latency_s = w.quantity("latency", Dimension::Time, "10ms");
      if (l.bandwidth_Bps <= 0) w.error("bandwidth", "expected a positive bandwidth");
      w.finish();
      S.wan_links.push_back(l);
    }
    MigrationPlacement placed;
    for (auto& m : st->map_list("migrations", false)) {
      MigrationSpec g;
      g.name = m.text("name", "migration-" + std::to_string(S.migrations.size()));
      g.from = m.text("from");
      g.to = m.text("to");
      const StorageClusterSpec* from = nullptr;
      for (const auto& c : S.clusters) if (c.name == g.from) from = &c;
      if (!from) m.error("from", "no storage cluster named '" + g.from + "'");
      if (!names.count(g.to)) m.error("to", "no storage cluster named '" + g.to + "'");
      if (g.from == g.to) m.error("to", "a migration needs two different clusters");
      g.pool = m.text("pool", "");
      if (from && !g.pool.empty()) {
        bool found = false;
        for (const auto& p : from->pools) found = found || p.name == g.pool;
        if (!found) m.error("pool", "cluster '" + g.from + "' has no pool named '" + g.pool + "'");
      }
      g.to_pool = m.text("to_pool", "");
      if (!g.to_pool.empty() && g.pool.empty()) m.error("to_pool", "needs `pool` (the one pool that moves)");
      g.fraction = m.number("fraction", 1.0, 0.0, 1.0);
      g.start_s = m.quantity("start", Dimension::Time, "0s");
      g.bandwidth_cap_Bps = m.quantity("bandwidth_cap", Dimension::Bandwidth, "0B/s");
      g.streams = static_cast<int>(m.integer("streams", 16, 1, 4096));
      g.chunk_B = m.quantity("chunk", Dimension::DataSize, "1TB");
      if (g.chunk_B <= 0) m.error("chunk", "expected a positive size");
      const StorageClusterSpec* to = nullptr;
      for (const auto& c : S.clusters) if (c.name == g.to) to = &c;
      if (from && to && from->site != to->site) {
        bool linked = false;
        for (const auto& l : S.wan_links)
          linked = linked || (l.a == from->site && l.b == to->site) || (l.b == from->site && l.a == to->site);
        if (!linked) m.error("to", "sites '" + from->site + "' and '" + to->site + "' have no wan_links entry");
      }
      if (from && to && from != to) check_migration_placement(m, g, *from, *to, sc, placed);
      m.finish();
      S.migrations.push_back(g);
    }
    st->finish();
  }

  if (auto fr = root.optional_map("failures")) {
    auto& F = sc.failures;
    F.enabled = fr->flag("enabled", true);
    namespace d = failure::defaults;
    const auto repair = lognormal_median_mean(54 * 60.0, 355 * 60.0);  // Schroeder & Gibson, DSN 2006
    F.servers = read_process(*fr, "servers", exponential(d::kMachineMttf_s), repair, 0.0, false);
    F.storage_nodes = read_process(*fr, "storage_nodes", exponential(d::kMachineMttf_s), repair,
                                   d::kMachinePermanentFraction, false);
    F.disks = read_process(*fr, "disks", exponential(failure::mttf_s_from_afr(d::kDiskAfr)), fixed(24 * kHour),
                           1.0, true);
    F.disks.permanent_fraction = 1.0;  // a failed disk's data is gone
    const auto rack_repair = lognormal_median_sigma(std::sqrt(6.0) * kHour, 0.5447);  // 1-6 h: 5th/95th pct
    F.racks = read_process(*fr, "racks", exponential(d::kRackMttf_s), rack_repair, 0.0, false);
    F.pdus = read_process(*fr, "pdus", exponential(d::kPduMttf_s), fixed(d::kPduRepair_s), 0.0, false);
    F.switches = read_process(*fr, "switches", exponential(d::kRackMttf_s), rack_repair, 0.0, false);
    F.racks_per_pdu = static_cast<int>(fr->integer("racks_per_pdu", 10, 1, 100000));
    F.detection_delay_s = fr->quantity("detection_delay", Dimension::Time, "30s");
    F.rereplication_timeout_s = fr->quantity("rereplication_timeout", Dimension::Time, "15min");
    F.accelerate = fr->number("accelerate", 1.0, 1e-6, 1e12);
    for (auto& i : fr->map_list("inject", false)) {
      ScriptedFailureSpec x;
      x.at_s = i.quantity("at", Dimension::Time);
      x.component = i.choice("component", {"disk", "server", "storage_node", "rack", "pdu", "switch"}, "disk");
      x.id = i.integer("id", 0, 0, 1'000'000'000);
      if (i.has("repair_after")) x.repair_after_s = i.quantity("repair_after", Dimension::Time);
      i.finish();
      F.inject.push_back(x);
    }
    fr->finish();
  }
  (void)kHour_s;
}

}  // namespace dcsim
