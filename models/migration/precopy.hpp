// Iterative pre-copy live migration (Clark et al., NSDI 2005), analytic form of Liu et al. (HPDC 2011):
//   l = dirty rate / link goodput R; round 0 sends the memory V, round i sends V l^i (what was dirtied
//   during round i-1); rounds stop at the first n with V l^n <= R x max_downtime (or n = max_rounds); the
//   remainder V l^n is sent with the VM paused (stop-and-copy).
//   total time  T = (V/R) (1 - l^(n+1)) / (1 - l)      (l != 1; the sum of all rounds incl. stop-and-copy)
//   downtime    = V l^n / R + resume time;  bytes sent = V (1 - l^(n+1)) / (1 - l)
//   energy      E = alpha x bytes sent + beta    (Liu et al.: linear in the data transferred)
// Parameters: V (bytes), R (bytes/s goodput), dirty rate (bytes/s), max downtime (s, default 30 ms),
// max rounds (default 30), resume time (s). Reference checks (MODELS.md): 4 GiB over 1 Gb/s at 94% goodput,
// stop at R x 30 ms: 36.6 s without dirtying, 40.0 s at 10 MB/s, 63.6 s at 50 MB/s; 3.7-4.0 s at 10 Gb/s.
// The simulator runs the same rounds as real transfers over the simulated network, so contention changes R
// round by round; this model is its reference and its planning estimate (e.g. the MMT selection policy).
#pragma once

namespace dcsim::migration {

struct PreCopyParams {
  double memory_B = 0;
  double goodput_Bps = 0;
  double dirty_rate_Bps = 0;
  double max_downtime_s = 0.030;
  int max_rounds = 30;
  double resume_s = 0;
};

struct PreCopyResult {
  int rounds = 0;            // pre-copy rounds before stop-and-copy (n)
  double total_s = 0;        // all rounds, stop-and-copy included
  double downtime_s = 0;     // stop-and-copy + resume
  double bytes_sent = 0;
  bool converged = true;     // false when max_rounds ended it (dirty rate too high)
};

// Throws std::invalid_argument unless memory >= 0, goodput > 0, dirty rate >= 0.
PreCopyResult precopy(const PreCopyParams& p);

// When the next round stops: the stop-and-copy threshold in bytes.
inline double stop_threshold_B(const PreCopyParams& p) { return p.goodput_Bps * p.max_downtime_s; }

// CloudSim 3.0.3's simplification (compat mode): time = RAM / (host bandwidth / 2).
inline double cloudsim_migration_time_s(double ram_B, double host_bandwidth_Bps) {
  return ram_B / (host_bandwidth_Bps / 2.0);
}

}  // namespace dcsim::migration
