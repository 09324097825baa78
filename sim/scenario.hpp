// Scenario: the plain, typed description of one site and its workload (schema version 1). No behaviour:
// sim/scenario_loader.cpp fills it from YAML with full validation; sim/ builds models and the SimGrid
// platform from it. All values in SI (see core/units.hpp). docs/scenario.md is the reference.
#pragma once
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cooling_plant.hpp"

#include "sim/storage/storage_spec.hpp"
#include "sim/workload_extras.hpp"

namespace dcsim {

struct WeatherSpec {
  std::string kind = "constant";  // "file" (EPW), "constant", "monthly"
  std::string file;               // absolute path when kind == "file"
  double dry_bulb_C = 20.0, dew_point_C = 10.0, pressure_Pa = 101325.0;
  std::vector<double> monthly_dry_bulb_C, monthly_dew_point_C;  // 12 values when kind == "monthly"
};

struct SiteSpec {
  std::string name;
  WeatherSpec weather;
};

struct PStateSpec {
  double core_speed_flops = 0;
  std::vector<double> power_curve_W;  // >= 2 equally spaced points from 0% to 100% utilization
};

struct ServerTypeSpec {
  std::string name;
  int cores = 0;
  double memory_B = 0;
  std::vector<PStateSpec> pstates;  // [0] = fastest
  double off_W = 0, sleep_W = 0;
  double boot_time_s = 0, boot_W = 0, shutdown_time_s = 0, shutdown_W = 0;
};

struct RackTypeSpec {
  std::string name;
  struct Group {
    int server_type = 0;  // index into Scenario::server_types
    int count = 0;
  };
  std::vector<Group> servers;
  int server_count() const {
    int n = 0;
    for (const auto& g : servers) n += g.count;
    return n;
  }
};

struct HallSpec {
  std::string name;
  struct RackGroup {
    int rack_type = 0;  // index into Scenario::rack_types
    int count = 0;
  };
  std::vector<RackGroup> racks;
  int racks_per_row = 10;  // layout only (names, thermal positions)
};

struct SwitchModelSpec {
  std::string name;
  double chassis_W = 0;
  struct PortGroup {
    double speed_Bps = 0;
    int count = 0;
    double port_W = 0;
  };
  std::vector<PortGroup> ports;
  double idle_fraction = 0.9;  // port power at zero traffic / port power at full traffic
};

struct NetworkSpec {
  std::string topology = "leaf-spine";  // "leaf-spine", "fat-tree"
  double server_link_Bps = 0;
  double hop_latency_s = 0;
  double tcp_goodput = 0.97;  // SimGrid LV08 bandwidth factor: the share of a link's rate a TCP flow gets
  // leaf-spine
  double leaf_uplink_Bps = 0;
  double leaf_oversubscription = 1;
  int spine_radix = 64;
  double spine_port_Bps = 0;
  double spine_oversubscription = 1;
  // fat-tree
  int fat_tree_k = 0;  // 0 = smallest even k that holds the racks
  double fat_tree_port_Bps = 0;
  // switch power models by tier
  std::vector<SwitchModelSpec> switch_models;
  std::string leaf_model, spine_model, super_spine_model, core_model;
};

struct PowerChainSpec {
  double transformer_loss_fraction = 0.015, transformer_no_load_W = 0;
  std::string ups_preset = "transformerless";  // legacy, transformerless, eco, custom
  double ups_a = 0, ups_b = 0, ups_c = 0;      // custom loss coefficients
  double ups_unit_rating_W = 500e3;
  int ups_units = 0;  // 0 = sized to the design IT load
  std::string ups_redundancy = "N";  // N, N+1, 2N
  double pdu_loss_fraction = 0.02, pdu_no_load_W = 0;
};

// CoolingSpec (cooling designs, facility thermal/carbon/tariff): sim/cooling_plant.hpp.

struct DistributionSpec {
  std::string kind = "fixed";  // fixed, exponential, lognormal, weibull, uniform
  double mean = 0;             // SI (seconds for lifetimes)
  double sigma = 0;            // lognormal: sigma of log; weibull: shape
  double min = 0, max = 0;     // uniform
};

struct VmTypeSpec {
  int cores = 1;
  double memory_B = 0;
  double weight = 1;
};

struct SyntheticWorkloadSpec {
  bool enabled = false;
  double arrival_rate_per_s = 0;
  double diurnal_amplitude = 0, diurnal_peak_s = 14 * 3600.0;
  std::vector<VmTypeSpec> vm_types;
  DistributionSpec lifetime;
  std::string initial = "empty";  // "empty" or "steady-state"
  double utilization_mean = 0.3, utilization_stddev = 0.15;  // across VMs (Beta)
  double utilization_phi = 0.8, utilization_noise = 0.05;    // AR(1) per VM
  double utilization_interval_s = 300;
};

struct ExplicitVmSpec {  // `workload.vms`: a fixed list, handy for what-ifs and hand checks
  double arrival_s = 0, duration_s = 0;  // duration 0 = until the end
  int cores = 1;
  double memory_B = 0;
  double utilization = 0;
  int count = 1;
};

struct PlanetLabWorkloadSpec {
  bool enabled = false;
  std::string directory;
  VmTypeSpec vm;  // every trace becomes one VM of this size
  int copies = 1;  // scale test: every trace drives this many VMs (the day tiled)
};

struct WorkloadSpec {
  SyntheticWorkloadSpec synthetic;
  std::vector<ExplicitVmSpec> vms;
  PlanetLabWorkloadSpec planetlab;
  WorkloadExtras extras;  // traces, batch, autoscaled (sim/workload_extras.hpp)
};

struct SchedulerSpec {
  std::string placement = "first-fit";
  double cpu_overcommit = 1.0;      // virtual cores allocatable per physical core
  std::string dvfs = "performance";  // governor: performance, powersave, ondemand
  double dvfs_up_threshold = 0.8;
};

struct ConsolidationSpec {  // dynamic VM consolidation with live migration (Beloglazov & Buyya 2012)
  bool enabled = false;
  double interval_s = 300;
  std::string overload = "thr";      // thr, iqr, mad, lr, lrr
  double overload_parameter = 0.8;
  std::string selection = "mmt";     // mmt, mc, mu, rs
  bool underload = true;             // empty the least-utilized hosts, all or nothing
  bool switch_off_idle = true;       // empty hosts are switched off; booted again when capacity is needed
  int history = 30;                  // utilization samples kept per host (and per VM for mc)
  double dirty_rate_Bps = 0;         // per VM, during pre-copy
  double max_downtime_s = 0.030;     // stop-and-copy when the remainder fits this at the measured rate
  int max_rounds = 30;
  int max_concurrent = 0;            // transfers in flight at once, site-wide (0: no limit); others wait FIFO
  double migration_degradation = 0.1;  // share of a VM's demand lost while it migrates (Beloglazov & Buyya)
};

struct SimulationSpec {
  double duration_s = 86400;
  double sampling_interval_s = 300;
  std::uint64_t seed = 1;
};

struct OutputSpec {
  std::string directory;          // absolute; default: ./out/<site name>
  std::vector<std::string> series{"site", "halls"};  // which series/*.csv files to write
};

// `compat: cloudsim-3.0.3`: the scenario is CloudSim 3.0.3's PlanetLab benchmark, run by its exact
// re-implementation (models/compat/), for comparison with published results (docs/cloudsim-compat.md).
struct CompatSpec {
  std::string mode;              // "" (dcsim's own semantics) or "cloudsim-3.0.3"
  std::string policy;            // "npa", "dvfs", "<thr|iqr|mad|lr|lrr>-<mmt|mc|mu|rs>[-<parameter>]"
  int hosts = 800;
  int tile = 1;  // scale test: the hosts and the day's traces repeated this many times
  bool weighted_regression = false;
};

struct Scenario {
  std::string file;  // where it was loaded from
  int version = 1;
  CompatSpec compat;
  SiteSpec site;
  std::vector<ServerTypeSpec> server_types;
  std::vector<RackTypeSpec> rack_types;
  std::vector<HallSpec> halls;
  NetworkSpec network;
  PowerChainSpec power;
  CoolingSpec cooling;
  WorkloadSpec workload;
  SchedulerSpec scheduler;
  ConsolidationSpec consolidation;
  SimulationSpec simulation;
  OutputSpec output;
  StorageSpec storage;
  FailureSpec failures;
  YAML::Node resolved;  // the document after overrides, with defaults filled in

  long server_count() const;
};

}  // namespace dcsim
