// Time-to-failure and repair-time distributions, sampled by inversion (or Box-Muller) from core/rng.hpp
// streams, so the same seed and stream give the same times on every platform.
//   fixed(v):              T = v
//   exponential(mean):     F(t) = 1 - exp(-t/mean);              mean, sd = mean
//   weibull(k, s):         F(t) = 1 - exp(-(t/s)^k);             mean = s G(1+1/k),
//                                                                 var = s^2 [G(1+2/k) - G(1+1/k)^2]
//                          (k < 1: decreasing hazard, as Schroeder & Gibson, DSN 2006, found for time
//                          between failures)
//   lognormal(mu, sigma):  ln T ~ N(mu, sigma^2);                mean = exp(mu + sigma^2/2),
//                                                                 var = (exp(sigma^2) - 1) mean^2
// All times in seconds. Defaults from public figures are in dcsim::failure::defaults below.
#pragma once
#include <cstdint>

#include "core/rng.hpp"

namespace dcsim::failure {

class Distribution {
 public:
  enum class Kind : std::uint8_t { Fixed, Exponential, Weibull, Lognormal };

  static Distribution fixed(double value_s);
  static Distribution exponential_mean(double mean_s);
  static Distribution exponential_rate(double rate_per_s);
  static Distribution weibull(double shape, double scale_s);
  static Distribution weibull_mean(double shape, double mean_s);  // scale = mean / G(1 + 1/shape)
  static Distribution lognormal(double mu, double sigma);         // parameters of ln(T), T in s
  static Distribution lognormal_mean_sigma(double mean_s, double sigma);  // mu = ln(mean) - sigma^2/2
  static Distribution lognormal_mean_sd(double mean_s, double sd_s);      // sigma^2 = ln(1 + (sd/mean)^2)
  static Distribution lognormal_median_mean(double median_s, double mean_s);  // mu = ln(median)

  double sample(Rng& rng) const;
  double mean() const;
  double stddev() const;
  double cv() const;  // stddev / mean
  double cdf(double t_s) const;

  Kind kind() const { return kind_; }
  double param1() const { return a_; }  // value | mean | shape | mu
  double param2() const { return b_; }  // -     | -    | scale | sigma

 private:
  Distribution(Kind kind, double a, double b) : kind_(kind), a_(a), b_(b) {}
  Kind kind_;
  double a_;
  double b_;
};

// Standard normal variate (Box-Muller, two uniforms per call; no cached state).
double standard_normal(Rng& rng);

// Annualized failure rate (failures per unit-year, as Backblaze reports it) <-> mean time to failure, s.
double mttf_s_from_afr(double afr);
double afr_from_mttf_s(double mttf_s);

namespace defaults {
inline constexpr double kHour_s = 3600.0;
inline constexpr double kYear_s = 8760.0 * kHour_s;  // 365 days, as Backblaze annualizes

// Disks: AFR 1.57 % (Backblaze drive stats, 2024), exponential: mean 8760 h / 0.0157 = 557,962 h.
inline constexpr double kDiskAfr = 0.0157;
Distribution disk_time_to_failure();
// Machines (Ford et al., OSDI 2010): time to failure exponential, mean 2880 h; 0.8 % of failures are
// permanent (the machine's disks are lost); re-replication starts after a 15-minute timeout.
inline constexpr double kMachineMttf_s = 2880.0 * kHour_s;
inline constexpr double kMachinePermanentFraction = 0.008;
inline constexpr double kReReplicationTimeout_s = 15.0 * 60.0;
Distribution machine_time_to_failure();
// Alternative with decreasing hazard (Schroeder & Gibson, DSN 2006: Weibull shape 0.7-0.8): shape 0.75,
// same 2880 h mean.
inline constexpr double kMachineWeibullShape = 0.75;
Distribution machine_time_to_failure_weibull();
// Repairs (Schroeder & Gibson, DSN 2006, LANL data, all systems): lognormal, median 54 min, mean 355 min
// (mu = ln(3240 s) = 8.08, sigma = sqrt(2 ln(355/54)) = 1.94).
Distribution repair_time();
// Racks (Ford et al., OSDI 2010): failures mean 87,600 h (10 years); back in 1-6 h (J. Dean, first year of a
// new cluster), taken as the 5th and 95th percentiles of a lognormal (median sqrt(6) h, sigma 0.545).
inline constexpr double kRackMttf_s = 87600.0 * kHour_s;
Distribution rack_time_to_failure();
Distribution rack_repair_time();
// PDUs (J. Dean): ~1 PDU failure per cluster-year, 500-1000 machines for ~6 h. Assuming 2 PDUs per cluster:
// per-PDU exponential mean 2 years (17,520 h); repair fixed 6 h.
inline constexpr double kPduMttf_s = 17520.0 * kHour_s;
inline constexpr double kPduRepair_s = 6.0 * kHour_s;
Distribution pdu_time_to_failure();
Distribution pdu_repair_time();
}  // namespace defaults

}  // namespace dcsim::failure
