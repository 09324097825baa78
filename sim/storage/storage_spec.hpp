// Storage clusters and failure processes in the scenario (the `storage:` and `failures:` sections), as plain
// typed values in SI units. Filled and validated by read_storage_sections (storage_spec.cpp); docs/storage.md
// is the reference for the YAML. Owned by the storage subsystem (sim/storage/); scenario.hpp includes this.
#pragma once
#include <string>
#include <vector>

namespace dcsim {
namespace spec {
class MapReader;
}
struct Scenario;

// A time distribution: fixed(value), exponential(mean), weibull(shape, mean), lognormal(median, mean) or
// lognormal(mean, sigma). Seconds.
struct TimeDistributionSpec {
  std::string kind = "exponential";  // fixed, exponential, weibull, lognormal
  double mean_s = 0;                 // fixed: the value
  double shape = 0;                  // weibull shape
  double median_s = 0;               // lognormal: median (0 = use sigma)
  double sigma = 0;                  // lognormal sigma of ln T
};

struct StoragePoolSpec {
  std::string name;
  bool erasure = false;
  int replicas = 3;     // replication
  int k = 0, m = 0;     // erasure coding
  std::string failure_domain = "rack";  // disk, node, rack, pdu
  long pgs = 0;                         // placement groups
  double share = 1;                     // fraction of the cluster's stored user data in this pool (normalized)
};

struct AccessStreamSpec {
  std::string kind = "object";  // block, object, file
  std::string pool;             // "" = first pool
  double rate_per_s = 0;        // requests per second
  double size_B = 0;            // request size
  double read_fraction = 0.7;
};

struct ExpansionSpec {
  double at_s = 0;
  long nodes = 0;  // the last `nodes` storage nodes of the cluster (server id order) join at `at_s`
};

struct StorageClusterSpec {
  std::string name;
  std::string site;               // label for cross-site migration (default: the site's name)
  int node_server_type = -1;      // index into Scenario::server_types: every server of that type is a node
  std::vector<std::string> halls;  // restrict to these halls ("" = all)
  int disks_per_node = 24;
  double disk_capacity_B = 14e12;
  double disk_bandwidth_Bps = 250e6;  // sequential, read = write
  double disk_iops = 200;
  double disk_idle_W = 5.0, disk_active_W = 8.0;
  double fullness = 0.7;   // raw bytes stored / raw capacity at the start
  std::vector<StoragePoolSpec> pools;
  // Recovery.
  double recovery_rate_Bps = 100e6;  // per source disk (and per destination disk)
  int flows_per_job = 4;             // at least this many network flows per rebuild or move job
  int max_flows_per_job = 1024;      // at most (flows = job rate / server link, within these bounds)
  int max_jobs = 0;                  // concurrent rebuild jobs (0 = unlimited; 1 = serial repair)
  long max_concurrent_flows = 2048;  // jobs wait while this many storage flows are in flight (SIMGRID.md)
  bool rebuild_time_given = false;   // draw each rebuild job's duration (idle network) instead of the formula
  TimeDistributionSpec rebuild_time;
  // Balancing and expansion.
  double balance_band = 0.10;
  std::vector<ExpansionSpec> expansions;
  std::vector<AccessStreamSpec> access;
  double access_interval_s = 60;
  int access_flows = 8;  // per stream and interval
};

struct WanLinkSpec {
  std::string a, b;  // site labels
  double bandwidth_Bps = 0;
  double latency_s = 0;
};

struct MigrationSpec {
  std::string name;
  std::string from, to;  // cluster names
  std::string pool;      // "" = all pools of `from`
  std::string to_pool;   // name of the pool its PGs form at `to` ("" = the source pool's name; needs `pool`)
  double fraction = 1;   // of the pool's PGs (rounded to whole PGs)
  double start_s = 0;
  double bandwidth_cap_Bps = 0;  // 0 = none (the WAN or the network limits)
  int streams = 16;
  double chunk_B = 1e12;  // data per flow
};

struct StorageSpec {
  bool enabled = false;
  std::vector<StorageClusterSpec> clusters;
  std::vector<WanLinkSpec> wan_links;
  std::vector<MigrationSpec> migrations;
};

struct FailureProcessSpec {
  bool enabled = false;
  TimeDistributionSpec time_to_failure;
  TimeDistributionSpec repair;
  double permanent_fraction = 0;  // storage nodes: their disks' data is lost
};

struct ScriptedFailureSpec {  // `failures.inject`: one failure at a given time (tests, what-ifs)
  double at_s = 0;
  std::string component = "disk";  // disk, server, storage_node, rack, pdu, switch
  long id = 0;                     // global disk index, server id, storage node index, rack or PDU index
  double repair_after_s = -1;      // < 0: drawn from the component's repair distribution
};

struct FailureSpec {
  bool enabled = false;
  std::vector<ScriptedFailureSpec> inject;
  FailureProcessSpec servers, storage_nodes, disks, racks, pdus, switches;
  int racks_per_pdu = 10;               // PDU = this many consecutive racks (also the storage PDU domain)
  double detection_delay_s = 30;        // disk failure -> rebuild starts (self-diagnosis)
  double rereplication_timeout_s = 900;  // node down -> its data is re-replicated (Ford et al., OSDI 2010)
  double accelerate = 1;                // divides every mean time to failure (for checks)
};

// Reads the `storage` and `failures` sections of the root map (marking them known); reports errors through the
// reader. Called by the scenario loader after everything else is read.
void read_storage_sections(spec::MapReader& root, Scenario& scenario);

}  // namespace dcsim
