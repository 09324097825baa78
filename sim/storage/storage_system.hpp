// Storage clusters, failure injection and recovery inside a Simulation (issue 5; docs/storage.md).
//
// One subsystem, one SimGrid actor: an event loop over its own time-ordered queue (failures, repairs,
// detection and re-replication timeouts, expansions, access ticks, migration chunks) that also waits on the
// network flows it started (Comm::wait_any_for). Data is placement groups (PGs): per slot (replica or EC
// chunk) a disk, a state (ok / down / lost / rebuilding) and an epoch; per disk the list of its slots.
// - Placement: CRUSH straw2 (models/storage/straw2) at the start and on expansion; a lost slot is rebuilt on
//   a destination drawn at random among up nodes in a new failure domain (best of two by fill: declustered
//   recovery that also refills returned empty nodes).
// - Rebuild job (one failure event): sources S = distinct surviving disks read, destinations D; on an idle
//   network it lasts T0 = max(read / (rate x S), written / (rate x D)) = capacity x fullness / (rate x S) for a
//   replicated disk; its bytes go over SimGrid as a few rate-capped flows (one per destination node group),
//   so they contend with VM traffic and migrations and finish later when links are busy.
// - Failures: servers, storage nodes (a share permanent), disks, racks, PDUs (groups of racks), leaf
//   switches (the rack's servers unreachable = down), renewal processes with distributions from YAML.
//   Failed servers go through Simulation::fail_server (VMs restart elsewhere, downtime counted).
// - Metrics: data-loss events and bytes (then the PG is restored, as from a backup, and counted), PG
//   availability, per-5-minute service availability, analytic MTTDL next to the count, rebuild times and
//   traffic, disk energy, degraded-PG series, expansion movement vs dW/(W+dW), migration progress.
#pragma once
#include <memory>
#include <string>

#include "sim/subsystem.hpp"

namespace dcsim {
class Simulation;
struct Scenario;

class StorageSystem : public Subsystem {
 public:
  explicit StorageSystem(Simulation& sim);
  ~StorageSystem() override;
  std::string name() const override { return "storage"; }
  void start(Simulation& sim) override;
  double power_W() const override;
  nlohmann::json summary() const override;
  void check_invariants() const override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Adds the storage/failure subsystem when the scenario has a `storage:` or an enabled `failures:` section.
void add_storage_subsystems(Simulation& sim);

}  // namespace dcsim
