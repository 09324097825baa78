// Host overload detection over a utilization history (Beloglazov & Buyya, CCPE 2012, section 6; CloudSim 3.0.3
// PowerVmAllocationPolicyMigration{StaticThreshold,InterQuartileRange,MedianAbsoluteDeviation,LocalRegression,
// LocalRegressionRobust}). u = current REQUESTED utilization of the host (sum of VM requests / capacity, may
// exceed 1); h = host utilization history, newest first (CloudSim: sum over VMs of VM history x VM MIPS / host
// MIPS), zeros at its tail ignored (CloudSim trimZeroTail: length = index of last non-zero + 1, 1 if all zero).
//   THR(t):  overloaded iff u > t                                  (name "thr", default t = 0.8)
//   IQR(s):  overloaded iff u > 1 - s * IQR(h)                     ("iqr", s = 1.5)
//   MAD(s):  overloaded iff u > 1 - s * MAD(h)                     ("mad", s = 2.5)
//   LR(s):   fit y = b0 + b1 x on the w newest values (x = 1..w, oldest first), predict at
//            x* = w + ceil(T_mig,max / interval); overloaded iff s * (b0 + b1 x*) >= 1   ("lr", s = 1.2)
//   LRR(s):  as LR, robust fit (tricube x bisquare re-weighting, Cleveland 1979)        ("lrr", s = 1.2)
// Fallback: IQR/MAD need >= 12 history values, LR/LRR >= w = 10; otherwise THR(0.7) decides.
// IQR uses CloudSim's quartile indices q1 = round(0.25 (n+1)) - 1, q3 = round(0.75 (n+1)) - 1 of the sorted
// data; medians are Apache Commons Math 3.0 Percentile(50) (mean of the two middle values for even n).
// Regression weights: CloudSim 3.0.3 computes tricube weights but never applies them (its weighted
// regression falls back to plain OLS unless >= 40% of weights are <= 0, which its inverted weights never
// are), so its LR and LRR are the same unweighted OLS. `apply_regression_weights = false` reproduces that
// (compat mode); `true` applies the tricube weights w_i = (1 - ((w-1-i)/(w-1))^3)^3 (i = 0 oldest,
// w_0 = w_1 = w_2 as CloudSim) and, for LRR, bisquare robustness weights (1 - (r/6 MAD_r)^2)^2.
// Pure functions; no allocation for histories up to 64 values.
#pragma once
#include <span>
#include <string_view>

namespace dcsim::consolidation {

enum class OverloadMethod { Thr, Iqr, Mad, Lr, Lrr };

// "thr", "iqr", "mad", "lr", "lrr" (exact, lower case). Throws std::invalid_argument naming the valid ones.
OverloadMethod parse_overload_method(std::string_view name);
std::string_view overload_method_name(OverloadMethod method);
// Parameters of Beloglazov & Buyya's best configurations (CloudSim examples): 0.8, 1.5, 2.5, 1.2, 1.2.
double default_overload_parameter(OverloadMethod method);

struct OverloadDetector {
  OverloadMethod method = OverloadMethod::Thr;
  double parameter = 0.8;                 // THR threshold; IQR/MAD/LR/LRR safety parameter
  double fallback_threshold = 0.7;        // THR used when the history is too short
  int min_history = 12;                   // IQR/MAD: values needed
  int regression_window = 10;             // LR/LRR: newest values fitted (and needed)
  double interval_s = 300.0;              // history sampling interval (LR prediction horizon)
  bool apply_regression_weights = false;  // false = CloudSim 3.0.3 (see above)
};

struct OverloadCheck {
  bool overloaded = false;
  double metric = 0.0;    // THR/IQR/MAD: the threshold used; LR/LRR: the scaled prediction
  bool fallback = false;  // history too short: THR(fallback_threshold) decided
};

// history_newest_first: host utilization history (any length; CloudSim passes 30 values, zero-padded).
// max_migration_time_s: longest migration among the host's VMs (LR/LRR horizon; ignored otherwise).
OverloadCheck check_overload(const OverloadDetector& detector, std::span<const double> history_newest_first,
                             double requested_utilization, double max_migration_time_s);
inline bool is_overloaded(const OverloadDetector& detector, std::span<const double> history_newest_first,
                          double requested_utilization, double max_migration_time_s) {
  return check_overload(detector, history_newest_first, requested_utilization, max_migration_time_s).overloaded;
}

// ---- placement screening: which hosts the detector is certain to refuse a VM ----
// PABFD tests "overloaded after adding the VM" on candidate hosts, cheapest first; at scale most tested
// hosts are refused. A bound that splits into a host part and a VM part lets a target index pass over those
// hosts untested: with H the host history and V the VM's (host units, newest first, zero-padded to the same
// length N), u_H and u_V the requested utilizations, accepting the VM implies
//     screen_host(H, u_H, ...) <= screen_limit(V, u_V, ...).
//   THR:     u_H <= t - u_V
//   IQR/MAD: u_H + s S(H) <= 1 - u_V + s range(V), because S(H+V) >= S(H) - range(V) for S = IQR (order
//            statistics shift by at most [min V, max V]) and S = MAD (the median shifts within that range,
//            so every absolute deviation drops by at most range(V)). Needs H untrimmed (length N), so that
//            H+V is evaluated over the same N values.
//   LR/LRR:  the prediction is linear in the history, p(Y) = A(Y) + m B(Y) at horizon m (intervals); with m
//            = max(m_H, m_V) <= m_max: A(H) + min(m_H B(H), m_max B(H)) < 1/s - A(V) - min(m_V B(V), m_max
//            B(V)). Needs >= w values in H (no fallback). LRR only when its fit is linear (CloudSim: OLS).
// screen_host returns -inf when no bound holds (short history; LRR with robust weights). screen_limit
// includes a margin of 1e-9 for rounding: it never refuses a host the detector would accept.
// migration_time_bound_s: the longest migration time any host can have (the largest VM memory / rate).
double screen_host(const OverloadDetector& detector, std::span<const double> history_newest_first,
                   double requested_utilization, double max_migration_time_s, double migration_time_bound_s);
double screen_limit(const OverloadDetector& detector, std::span<const double> vm_history_newest_first,
                    double vm_requested_utilization, double vm_migration_time_s, double migration_time_bound_s);

// ---- statistics (exposed for tests and other policies) ----
// CloudSim MathUtil.countNonZeroBeginning: index of the last non-zero value + 1; 1 if all are zero; 0 if empty.
int trimmed_history_length(std::span<const double> history);
// Apache Commons Math 3.0 Percentile(50): order statistic (odd n) or lo + 0.5 (hi - lo) (even n); NaN if empty.
double median(std::span<const double> values);
// CloudSim MathUtil.iqr: sorted[q3] - sorted[q1], q = round(k (n+1)) - 1 (indices clamped for n < 3).
double interquartile_range(std::span<const double> values);
// CloudSim MathUtil.mad: median(|median(v) - v_i|).
double median_absolute_deviation(std::span<const double> values);

struct Line {
  double intercept = 0.0;
  double slope = 0.0;
};
// Ordinary least squares of y_i on x_i = 1..n with Commons Math SimpleRegression's update arithmetic
// (bit-identical to CloudSim). n >= 2; slope NaN when n < 2.
Line ols_line(std::span<const double> y);
// Weighted least squares of y_i on x_i = 1..n (weights >= 0, same length as y).
Line wls_line(std::span<const double> y, std::span<const double> weights);
// Tricube weights for n points, oldest first (see header comment). n <= 64.
void tricube_weights(int n, std::span<double> out);
// LR fit (oldest first): OLS when !apply_weights (CloudSim), tricube WLS otherwise.
Line local_regression(std::span<const double> y_oldest_first, bool apply_weights);
// LRR fit: CloudSim's robust estimate (= OLS when !apply_weights); tricube x bisquare WLS otherwise.
Line robust_local_regression(std::span<const double> y_oldest_first, bool apply_weights);

}  // namespace dcsim::consolidation
