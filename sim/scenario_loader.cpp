#include "sim/scenario_loader.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "models/compat/cloudsim_planetlab.hpp"
#include "sim/spec_reader.hpp"
#include "sim/storage/storage_spec.hpp"

namespace dcsim {
namespace {

using spec::MapReader;
using units::Dimension;

template <class T>
int find_by_name(const std::vector<T>& items, const std::string& name) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}

template <class T>
std::string names_of(const std::vector<T>& items) {
  std::string out;
  for (const auto& it : items) out += (out.empty() ? "" : ", ") + it.name;
  return out.empty() ? "(none defined)" : out;
}

// A name reference: error names the key, what exists, and the nearest name.
template <class T>
int resolve_name(MapReader& r, std::string_view key, const std::vector<T>& items, const char* what) {
  const std::string name = r.text(key);
  if (name.empty()) return -1;
  const int idx = find_by_name(items, name);
  if (idx < 0) {
    std::string msg = std::string("no ") + what + " named '" + name + "'";
    size_t best = 99;
    std::string guess;
    for (const auto& it : items) {
      const size_t d = spec::edit_distance(name, it.name);
      if (d < best) best = d, guess = it.name;
    }
    if (best <= 2) msg += " (did you mean '" + guess + "'?)";
    msg += "; expected one of: " + names_of(items);
    r.error(key, msg);
  }
  return idx;
}

void check_unique_names(MapReader& parent, std::string_view key, std::vector<MapReader>& readers,
                        const std::vector<std::string>& names) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) continue;
    auto [it, inserted] = seen.emplace(names[i], i);
    if (!inserted)
      readers[i].error("name", "'" + names[i] + "' is already used by " + std::string(key) + "[" +
                                   std::to_string(it->second) + "]; names must be unique");
  }
}

std::vector<double> read_power_curve(MapReader& power) {
  // Either `curve: [W, ...]` (SPECpower style, equally spaced from 0% to 100%) or `idle` + `peak`.
  if (power.has("curve")) {
    power.accept("idle");
    power.accept("peak");
    if (power.has("idle") || power.has("peak")) power.error("curve", "give either 'curve' or 'idle'+'peak', not both");
    auto curve = power.quantity_list("curve", Dimension::Power, 2, 101);
    for (size_t i = 1; i < curve.size(); ++i)
      if (curve[i] < curve[i - 1]) {
        power.error("curve", "power must not decrease with utilization (entry " + std::to_string(i) + ")");
        break;
      }
    return curve;
  }
  power.accept("curve");
  const double idle = power.quantity("idle", Dimension::Power);
  const double peak = power.quantity("peak", Dimension::Power);
  if (peak < idle) power.error("peak", "peak power is below idle power; expected peak >= idle");
  return {idle, peak};
}

ServerTypeSpec read_server_type(MapReader& r) {
  ServerTypeSpec s;
  s.name = r.text("name");
  s.cores = static_cast<int>(r.integer("cores", std::nullopt, 1, 4096));
  s.memory_B = r.quantity("memory", Dimension::DataSize);
  if (r.has("pstates")) {
    r.accept("core_speed");
    r.accept("power");
    if (r.has("core_speed") || r.has("power"))
      r.error("pstates", "give either 'pstates' or 'core_speed'+'power', not both");
    auto states = r.map_list("pstates", true, 1);
    for (auto& p : states) {
      PStateSpec ps;
      ps.core_speed_flops = p.quantity("core_speed", Dimension::ComputeSpeed);
      MapReader power = p.map("power");
      ps.power_curve_W = read_power_curve(power);
      power.finish();
      p.finish();
      s.pstates.push_back(ps);
    }
    for (size_t i = 1; i < s.pstates.size(); ++i)
      if (s.pstates[i].core_speed_flops > s.pstates[i - 1].core_speed_flops)
        states[i].error("core_speed", "P-states must be listed fastest first");
  } else {
    PStateSpec ps;
    ps.core_speed_flops = r.quantity("core_speed", Dimension::ComputeSpeed);
    MapReader power = r.map("power");
    ps.power_curve_W = read_power_curve(power);
    power.finish();
    s.pstates.push_back(ps);
  }
  s.off_W = r.quantity("off_power", Dimension::Power, "0W");
  s.sleep_W = r.quantity("sleep_power", Dimension::Power, "0W");
  s.boot_time_s = r.quantity("boot_time", Dimension::Time, "0s");
  s.boot_W = r.quantity("boot_power", Dimension::Power, "0W");
  s.shutdown_time_s = r.quantity("shutdown_time", Dimension::Time, "0s");
  s.shutdown_W = r.quantity("shutdown_power", Dimension::Power, "0W");
  r.finish();
  return s;
}

void read_weather(MapReader& site, WeatherSpec& w) {
  MapReader r = site.map_or_empty("weather");
  const int given = int(r.has("file")) + int(r.has("constant")) + int(r.has("monthly"));
  if (given > 1) r.error_here("give one of 'file', 'constant' or 'monthly'");
  if (r.has("file")) {
    w.kind = "file";
    w.file = r.path_value("file", true);
    if (!w.file.empty() && !std::filesystem::is_regular_file(w.file))
      r.error("file", "weather file '" + w.file + "' does not exist; expected an EnergyPlus .epw file");
  } else if (r.has("monthly")) {
    w.kind = "monthly";
    MapReader m = r.map("monthly");
    w.monthly_dry_bulb_C = m.quantity_list("dry_bulb", Dimension::Temperature, 12, 12);
    w.monthly_dew_point_C = m.quantity_list("dew_point", Dimension::Temperature, 12, 12);
    w.pressure_Pa = m.quantity("pressure", Dimension::Pressure, "101325Pa");
    m.finish();
  } else {
    w.kind = "constant";
    MapReader c = r.map_or_empty("constant");
    w.dry_bulb_C = c.quantity("dry_bulb", Dimension::Temperature, "20C");
    w.dew_point_C = c.quantity("dew_point", Dimension::Temperature, "10C");
    w.pressure_Pa = c.quantity("pressure", Dimension::Pressure, "101325Pa");
    if (w.dew_point_C > w.dry_bulb_C) c.error("dew_point", "dew point above dry-bulb; expected dew_point <= dry_bulb");
    c.finish();
  }
  r.accept("file");
  r.accept("constant");
  r.accept("monthly");
  r.finish();
}

NetworkSpec read_network(MapReader& root) {
  NetworkSpec n;
  MapReader r = root.map("network");
  n.topology = r.choice("topology", {"leaf-spine", "fat-tree"}, "leaf-spine");
  n.server_link_Bps = r.quantity("server_link", Dimension::Bandwidth, "25Gbps");
  n.hop_latency_s = r.quantity("hop_latency", Dimension::Time, "1us");
  n.tcp_goodput = r.number("tcp_goodput", 0.97, 0.1, 1.0);
  auto models = r.map_list("switch_models", false);
  std::vector<std::string> names;
  for (auto& m : models) {
    SwitchModelSpec s;
    s.name = m.text("name");
    s.chassis_W = m.quantity("chassis_power", Dimension::Power);
    for (auto& p : m.map_list("ports", true, 1)) {
      SwitchModelSpec::PortGroup g;
      g.speed_Bps = p.quantity("speed", Dimension::Bandwidth);
      g.count = static_cast<int>(p.integer("count", std::nullopt, 1, 4096));
      g.port_W = p.quantity("power", Dimension::Power);
      p.finish();
      s.ports.push_back(g);
    }
    s.idle_fraction = m.number("idle_fraction", 0.9, 0.0, 1.0);
    m.finish();
    names.push_back(s.name);
    n.switch_models.push_back(s);
  }
  check_unique_names(r, "network.switch_models", models, names);
  auto model_ref = [&](MapReader& tier) -> std::string {
    if (!tier.has("model")) {
      tier.accept("model");
      return "";
    }
    const int idx = resolve_name(tier, "model", n.switch_models, "switch model");
    return idx >= 0 ? n.switch_models[idx].name : "";
  };
  if (n.topology == "leaf-spine") {
    r.accept("fat_tree");
    if (r.has("fat_tree")) r.error("fat_tree", "only used with topology: fat-tree");
    MapReader leaf = r.map_or_empty("leaf");
    n.leaf_uplink_Bps = leaf.quantity("uplink_speed", Dimension::Bandwidth, "100Gbps");
    n.leaf_oversubscription = leaf.number("oversubscription", 3.0, 0.1, 100.0);
    n.leaf_model = model_ref(leaf);
    leaf.finish();
    MapReader spine = r.map_or_empty("spine");
    n.spine_radix = static_cast<int>(spine.integer("radix", 64, 2, 4096));
    n.spine_port_Bps = spine.quantity("port_speed", Dimension::Bandwidth, "100Gbps");
    n.spine_oversubscription = spine.number("oversubscription", 1.0, 0.1, 100.0);
    n.spine_model = model_ref(spine);
    spine.finish();
    MapReader super = r.map_or_empty("super_spine");
    n.super_spine_model = model_ref(super);
    super.finish();
  } else {
    for (auto k : {"leaf", "spine", "super_spine"}) {
      r.accept(k);
      if (r.has(k)) r.error(k, "only used with topology: leaf-spine");
    }
    MapReader ft = r.map_or_empty("fat_tree");
    n.fat_tree_k = static_cast<int>(ft.integer("k", 0, 0, 256));
    if (n.fat_tree_k % 2) ft.error("k", "k must be even");
    n.fat_tree_port_Bps = ft.quantity("port_speed", Dimension::Bandwidth, "100Gbps");
    n.leaf_model = model_ref(ft);  // one model for all three tiers of a fat-tree
    ft.finish();
  }
  r.finish();
  return n;
}

PowerChainSpec read_power(MapReader& root) {
  PowerChainSpec p;
  MapReader r = root.map_or_empty("power");
  MapReader t = r.map_or_empty("transformer");
  p.transformer_loss_fraction = t.number("loss", 0.015, 0.0, 0.5);
  p.transformer_no_load_W = t.quantity("no_load", Dimension::Power, "0W");
  t.finish();
  MapReader u = r.map_or_empty("ups");
  p.ups_preset = u.choice("preset", {"legacy", "transformerless", "eco", "custom"}, "transformerless");
  if (p.ups_preset == "custom") {
    p.ups_a = u.number("a", std::nullopt, -1, 1);
    p.ups_b = u.number("b", std::nullopt, -1, 1);
    p.ups_c = u.number("c", std::nullopt, -1, 1);
  } else {
    for (auto k : {"a", "b", "c"}) {
      u.accept(k);
      if (u.has(k)) u.error(k, "loss coefficients are only read with preset: custom");
    }
  }
  p.ups_unit_rating_W = u.quantity("unit_rating", Dimension::Power, "500kW");
  if (p.ups_unit_rating_W <= 0) u.error("unit_rating", "expected a positive power");
  p.ups_units = static_cast<int>(u.integer("units", 0, 0, 100000));
  p.ups_redundancy = u.choice("redundancy", {"N", "N+1", "2N"}, "N");
  u.finish();
  MapReader d = r.map_or_empty("pdu");
  p.pdu_loss_fraction = d.number("loss", 0.02, 0.0, 0.5);
  p.pdu_no_load_W = d.quantity("no_load", Dimension::Power, "0W");
  d.finish();
  r.finish();
  return p;
}

CoolingSpec read_cooling(MapReader& root) {
  MapReader r = root.map_or_empty("cooling");
  CoolingSpec c = read_cooling_section(r);  // sim/cooling_plant.cpp
  r.finish();
  MapReader f = root.map_or_empty("facility");
  read_facility_section(f, c);
  f.finish();
  return c;
}

DistributionSpec read_distribution(MapReader& r) {
  DistributionSpec d;
  d.kind = r.choice("distribution", {"fixed", "exponential", "lognormal", "weibull", "uniform"});
  if (d.kind == "uniform") {
    d.min = r.quantity("min", Dimension::Time);
    d.max = r.quantity("max", Dimension::Time);
    if (d.max < d.min) r.error("max", "expected max >= min");
    d.mean = 0.5 * (d.min + d.max);
    r.accept("mean");
  } else {
    d.mean = r.quantity("mean", Dimension::Time);
    if (d.mean <= 0) r.error("mean", "expected a positive duration");
  }
  if (d.kind == "lognormal") d.sigma = r.number("sigma", 1.0, 0.01, 5.0);
  else if (d.kind == "weibull") d.sigma = r.number("shape", 1.0, 0.05, 20.0);
  r.finish();
  return d;
}

VmTypeSpec read_vm_type(MapReader& r, bool with_weight) {
  VmTypeSpec v;
  v.cores = static_cast<int>(r.integer("cores", std::nullopt, 1, 4096));
  v.memory_B = r.quantity("memory", Dimension::DataSize);
  if (with_weight) v.weight = r.number("weight", 1.0, 0.0, 1e9);
  return v;
}

WorkloadSpec read_workload(MapReader& root) {
  WorkloadSpec w;
  MapReader r = root.map("workload");
  if (auto s = r.optional_map("synthetic")) {
    auto& syn = w.synthetic;
    syn.enabled = true;
    syn.arrival_rate_per_s = s->quantity("arrival_rate", Dimension::Rate);
    MapReader diurnal = s->map_or_empty("diurnal");
    syn.diurnal_amplitude = diurnal.number("amplitude", 0.0, 0.0, 1.0);
    syn.diurnal_peak_s = diurnal.quantity("peak", Dimension::Time, "14h");
    diurnal.finish();
    for (auto& t : s->map_list("vm_types", true, 1)) {
      syn.vm_types.push_back(read_vm_type(t, true));
      t.finish();
    }
    MapReader life = s->map("lifetime");
    syn.lifetime = read_distribution(life);
    syn.initial = s->choice("initial", {"empty", "steady-state"}, "empty");
    MapReader u = s->map_or_empty("utilization");
    syn.utilization_mean = u.number("mean", 0.3, 0.0, 1.0);
    syn.utilization_stddev = u.number("stddev", 0.15, 0.0, 0.5);
    syn.utilization_phi = u.number("phi", 0.8, 0.0, 0.999);
    syn.utilization_noise = u.number("noise", 0.05, 0.0, 1.0);
    syn.utilization_interval_s = u.quantity("interval", Dimension::Time, "300s");
    if (syn.utilization_interval_s < 1) u.error("interval", "expected at least 1s");
    if (syn.utilization_stddev * syn.utilization_stddev >= syn.utilization_mean * (1 - syn.utilization_mean) &&
        syn.utilization_stddev > 0)
      u.error("stddev", "too large for a Beta distribution with this mean; expected stddev^2 < mean*(1-mean)");
    u.finish();
    s->finish();
  }
  for (auto& v : r.map_list("vms", false)) {
    ExplicitVmSpec e;
    e.arrival_s = v.quantity("arrival", Dimension::Time, "0s");
    e.duration_s = v.quantity("duration", Dimension::Time, "0s");
    e.cores = static_cast<int>(v.integer("cores", std::nullopt, 1, 4096));
    e.memory_B = v.quantity("memory", Dimension::DataSize);
    e.utilization = v.number("utilization", 0.0, 0.0, 1.0);
    e.count = static_cast<int>(v.integer("count", 1, 1, 10000000));
    v.finish();
    w.vms.push_back(e);
  }
  if (auto p = r.optional_map("planetlab")) {
    w.planetlab.enabled = true;
    w.planetlab.directory = p->path_value("directory", true);
    if (!w.planetlab.directory.empty() && !std::filesystem::is_directory(w.planetlab.directory))
      p->error("directory", "'" + w.planetlab.directory + "' is not a directory; expected a PlanetLab trace folder");
    w.planetlab.copies = static_cast<int>(p->integer("copies", 1, 1, 10000));
    MapReader vm = p->map_or_empty("vm");
    w.planetlab.vm.cores = static_cast<int>(vm.integer("cores", 1, 1, 4096));
    w.planetlab.vm.memory_B = vm.quantity("memory", Dimension::DataSize, "1GiB");
    vm.finish();
    p->finish();
  }
  read_workload_extras(r, w.extras);
  if (!w.synthetic.enabled && w.vms.empty() && !w.planetlab.enabled && !w.extras.any())
    r.error_here("no workload; expected at least one of 'synthetic', 'vms', 'planetlab', 'traces', 'batch', 'autoscaled'");
  r.finish();
  return w;
}

// A compatibility scenario holds only what CloudSim's benchmark takes; anything else is an unknown key.
void read_compat_document(MapReader& root, Scenario& sc) {
  sc.compat.mode = root.choice("compat", {"cloudsim-3.0.3"});
  MapReader site = root.map("site");
  sc.site.name = site.text("name");
  site.finish();
  MapReader cs = root.map("cloudsim");
  sc.compat.policy = cs.text("policy");
  try {
    if (!sc.compat.policy.empty()) compat::parse_compat_policy(sc.compat.policy);
  } catch (const std::exception& e) {
    cs.error("policy", e.what());
  }
  sc.compat.hosts = static_cast<int>(cs.integer("hosts", 800, 2, 1000000));
  sc.compat.weighted_regression = cs.flag("weighted_regression", false);
  sc.compat.tile = static_cast<int>(cs.integer("tile", 1, 1, 1000));
  cs.finish();
  MapReader w = root.map("workload");
  MapReader p = w.map("planetlab");
  sc.workload.planetlab.enabled = true;
  sc.workload.planetlab.directory = p.path_value("directory", true);
  if (!sc.workload.planetlab.directory.empty() && !std::filesystem::is_directory(sc.workload.planetlab.directory))
    p.error("directory", "'" + sc.workload.planetlab.directory + "' is not a directory; expected a PlanetLab trace folder");
  p.finish();
  w.finish();
  MapReader sim = root.map_or_empty("simulation");
  sc.simulation.seed = static_cast<std::uint64_t>(sim.integer("seed", 1, 0, 9007199254740991L));
  sc.simulation.duration_s = 86400;
  sim.finish();
  MapReader out = root.map_or_empty("output");
  sc.output.directory = out.path_value("directory", false);
  out.finish();
  root.finish();
}

Scenario read_document(YAML::Node doc, spec::Context& ctx, const std::string& base_dir) {
  Scenario sc;
  sc.file = ctx.file;
  sc.resolved = YAML::Clone(doc);
  MapReader root(ctx, doc, "", sc.resolved);
  root.base_dir = base_dir;
  if (!doc.IsMap()) {
    if (ctx.errors.empty()) ctx.error(doc, "<document>", "expected a mapping with keys version, site, ...");
    ctx.throw_if_errors();
  }
  sc.version = static_cast<int>(root.integer("version", std::nullopt, 1, 1));
  if (root.has("compat")) {
    read_compat_document(root, sc);
    ctx.throw_if_errors();
    return sc;
  }
  root.accept("compat");

  MapReader site = root.map("site");
  sc.site.name = site.text("name");
  read_weather(site, sc.site.weather);
  site.finish();

  auto server_readers = root.map_list("server_types", true, 1);
  std::vector<std::string> names;
  for (auto& r : server_readers) {
    sc.server_types.push_back(read_server_type(r));
    names.push_back(sc.server_types.back().name);
  }
  check_unique_names(root, "server_types", server_readers, names);

  auto rack_readers = root.map_list("rack_types", true, 1);
  names.clear();
  for (auto& r : rack_readers) {
    RackTypeSpec rt;
    rt.name = r.text("name");
    for (auto& g : r.map_list("servers", true, 1)) {
      RackTypeSpec::Group group;
      group.server_type = resolve_name(g, "type", sc.server_types, "server type");
      group.count = static_cast<int>(g.integer("count", std::nullopt, 1, 1000));
      g.finish();
      rt.servers.push_back(group);
    }
    r.finish();
    names.push_back(rt.name);
    sc.rack_types.push_back(rt);
  }
  check_unique_names(root, "rack_types", rack_readers, names);

  auto hall_readers = root.map_list("halls", true, 1);
  names.clear();
  for (auto& r : hall_readers) {
    HallSpec h;
    h.name = r.text("name");
    const long copies = r.integer("count", 1, 1, 10000);
    for (auto& g : r.map_list("racks", true, 1)) {
      HallSpec::RackGroup group;
      group.rack_type = resolve_name(g, "type", sc.rack_types, "rack type");
      group.count = static_cast<int>(g.integer("count", std::nullopt, 1, 1000000));
      g.finish();
      h.racks.push_back(group);
    }
    h.racks_per_row = static_cast<int>(r.integer("racks_per_row", 10, 1, 10000));
    r.finish();
    names.push_back(h.name);
    if (copies == 1) {
      sc.halls.push_back(h);
    } else {
      for (long c = 1; c <= copies; ++c) {
        HallSpec copy = h;
        copy.name = h.name + "-" + std::to_string(c);
        sc.halls.push_back(copy);
      }
    }
  }
  check_unique_names(root, "halls", hall_readers, names);

  sc.network = read_network(root);
  sc.power = read_power(root);
  sc.cooling = read_cooling(root);
  sc.workload = read_workload(root);

  MapReader sched = root.map_or_empty("scheduler");
  sc.scheduler.placement = sched.choice("placement", {"first-fit", "best-fit", "worst-fit", "round-robin"}, "first-fit");
  sc.scheduler.cpu_overcommit = sched.number("cpu_overcommit", 1.0, 1.0, 16.0);
  sc.scheduler.dvfs = sched.choice("dvfs", {"performance", "powersave", "ondemand"}, "performance");
  sc.scheduler.dvfs_up_threshold = sched.number("dvfs_up_threshold", 0.8, 0.05, 1.0);
  sched.finish();

  if (auto c = root.optional_map("consolidation")) {
    auto& cs = sc.consolidation;
    cs.enabled = true;
    cs.interval_s = c->quantity("interval", Dimension::Time, "300s");
    if (cs.interval_s < 1) c->error("interval", "expected at least 1s");
    MapReader over = c->map_or_empty("overload");
    cs.overload = over.choice("method", {"thr", "iqr", "mad", "lr", "lrr"}, "thr");
    const double default_parameter = cs.overload == "thr" ? 0.8 : cs.overload == "iqr" ? 1.5
                                     : cs.overload == "mad" ? 2.5 : 1.2;
    cs.overload_parameter = over.number("parameter", default_parameter, 0.0, 10.0);
    over.finish();
    cs.selection = c->choice("selection", {"mmt", "mc", "mu", "rs"}, "mmt");
    cs.underload = c->flag("underload", true);
    cs.switch_off_idle = c->flag("switch_off_idle", true);
    cs.history = static_cast<int>(c->integer("history", 30, 12, 1000));
    MapReader mig = c->map_or_empty("migration");
    cs.dirty_rate_Bps = mig.quantity("dirty_rate", Dimension::Bandwidth, "0B/s");
    cs.max_downtime_s = mig.quantity("max_downtime", Dimension::Time, "30ms");
    cs.max_rounds = static_cast<int>(mig.integer("max_rounds", 30, 0, 1000));
    cs.max_concurrent = static_cast<int>(mig.integer("max_concurrent", 0, 0, 100000000));
    cs.migration_degradation = mig.number("degradation", 0.1, 0.0, 1.0);
    mig.finish();
    c->finish();
  }

  MapReader sim = root.map_or_empty("simulation");
  sc.simulation.duration_s = sim.quantity("duration", Dimension::Time, "24h");
  if (sc.simulation.duration_s <= 0) sim.error("duration", "expected a positive duration");
  sc.simulation.sampling_interval_s = sim.quantity("sampling_interval", Dimension::Time, "5min");
  if (sc.simulation.sampling_interval_s <= 0) sim.error("sampling_interval", "expected a positive duration");
  sc.simulation.seed = static_cast<std::uint64_t>(sim.integer("seed", 1, 0, 9007199254740991L));
  sim.finish();

  MapReader out = root.map_or_empty("output");
  sc.output.directory = out.path_value("directory", false);
  if (out.has("series")) {
    sc.output.series = out.text_list("series");
    for (const auto& name : sc.output.series)
      if (name != "site" && name != "halls")
        out.error("series", "unknown series '" + name + "'; expected a list of: site, halls");
  } else {
    out.accept("series");
  }
  out.finish();

  read_storage_sections(root, sc);
  root.finish();

  if (ctx.errors.empty()) {
    const long servers = sc.server_count();
    if (servers <= 0) root.error("halls", "the site has no servers");
    if (servers > 2000000) root.error("halls", "more than 2,000,000 servers; expected at most 2,000,000");
  }
  ctx.throw_if_errors();
  return sc;
}

Scenario load_from_node(YAML::Node doc, spec::Context& ctx, const std::string& base_dir,
                        const std::vector<std::string>& overrides) {
  for (const auto& o : overrides) spec::apply_override(doc, o, ctx);
  ctx.throw_if_errors();
  return read_document(doc, ctx, base_dir);
}

YAML::Node parse_yaml(const std::string& text, spec::Context& ctx) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    ctx.errors.push_back(InputError{ctx.file, e.mark.line + 1, e.mark.column + 1, "",
                                    "YAML syntax error: " + e.msg});
  } catch (const YAML::Exception& e) {
    ctx.errors.push_back(InputError{ctx.file, 0, 0, "", "YAML error: " + e.msg});
  }
  ctx.throw_if_errors();
  return {};
}

}  // namespace

long Scenario::server_count() const {
  long n = 0;
  for (const auto& h : halls)
    for (const auto& g : h.racks)
      if (g.rack_type >= 0 && g.rack_type < static_cast<int>(rack_types.size()))
        n += static_cast<long>(g.count) * rack_types[g.rack_type].server_count();
  return n;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  spec::Context ctx;
  ctx.file = path;
  std::ifstream in(path);
  if (!in) throw InputErrors(InputError{path, 0, 0, "", "cannot open the scenario file"});
  std::stringstream buf;
  buf << in.rdbuf();
  YAML::Node doc = parse_yaml(buf.str(), ctx);
  const std::string base = std::filesystem::absolute(path).parent_path().string();
  return load_from_node(doc, ctx, base, overrides);
}

Scenario load_scenario_text(const std::string& yaml_text, const std::string& name, const std::string& base_dir,
                            const std::vector<std::string>& overrides) {
  spec::Context ctx;
  ctx.file = name;
  YAML::Node doc = parse_yaml(yaml_text, ctx);
  return load_from_node(doc, ctx, base_dir, overrides);
}

}  // namespace dcsim
