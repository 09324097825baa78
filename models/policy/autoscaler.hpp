// Threshold autoscaler for a VM group (the rule of AWS EC2 Auto Scaling "simple scaling" with CloudWatch
// alarms, and of OpenStack Heat / Kubernetes-style threshold policies):
//   scale out by step_out when the mean group utilization has stayed > upper for at least out_breach_s;
//   scale in  by step_in  when it has stayed < lower for at least in_breach_s (default 0: immediately);
//   size stays within [min_size, max_size] (a step is cut short at the bound);
//   after any action no further action until cooldown_s has passed (one cooldown for both directions).
// A breach starts at the first sample beyond the threshold and ends at the first sample that is not; it is
// not restarted by an action, so a breach that persists scales again once the cooldown has passed (AWS
// semantics: the alarm stays in ALARM). Pure state machine: the caller samples utilization (e.g. every 60 s)
// and applies the returned delta.
#pragma once

namespace dcsim::policy {

struct AutoscalerConfig {
  double upper = 0.8;          // fraction 0..1
  double lower = 0.3;          // fraction 0..1, < upper
  int step_out = 1;            // VMs added per action, >= 1
  int step_in = 1;             // VMs removed per action, >= 1
  int min_size = 1;
  int max_size = 100;
  double out_breach_s = 300.0; // s above upper before scaling out
  double in_breach_s = 0.0;    // s below lower before scaling in
  double cooldown_s = 300.0;   // s after an action before the next
};

class Autoscaler {
 public:
  // Throws std::invalid_argument for an inconsistent config or an initial size outside [min, max].
  Autoscaler(const AutoscalerConfig& config, int initial_size);

  // One sample at time t_s (non-decreasing) of the group's mean utilization. Returns the size change
  // (+ out, - in, 0 none) and applies it to size(). Throws std::invalid_argument if t_s decreases or
  // utilization is NaN.
  int decide(double t_s, double utilization);

  int size() const { return size_; }
  // The group changed outside the autoscaler (a VM failed, an operator resized it); clamped to [min, max].
  void set_size(int size);
  const AutoscalerConfig& config() const { return cfg_; }

 private:
  AutoscalerConfig cfg_;
  int size_;
  double last_t_;
  double above_since_;     // start of the current breach above upper, NaN if none
  double below_since_;     // start of the current breach below lower, NaN if none
  double cooldown_until_;  // no action before this time
};

}  // namespace dcsim::policy
