// A subsystem that runs inside a Simulation on its SimGrid clock (storage clusters, failure injection, ...):
// it creates its own actors in start(), reports its electrical power, and tells the engine before and after
// it changes that power or the servers' state, so energy stays exactly integrated.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace dcsim {

class Simulation;

class Subsystem {
 public:
  virtual ~Subsystem() = default;
  virtual std::string name() const = 0;
  // Called once the platform exists, before the run: create actors here.
  virtual void start(Simulation& sim) = 0;
  // Extra IT power (W) drawn now beyond the servers' power curves (e.g. disks); counted as IT.
  virtual double power_W() const { return 0.0; }
  // Figures for summary.json under the subsystem's name.
  virtual nlohmann::json summary() const { return nlohmann::json::object(); }
  // Throws std::logic_error if an invariant of the subsystem is violated (e.g. data lost silently).
  virtual void check_invariants() const {}
};

}  // namespace dcsim
