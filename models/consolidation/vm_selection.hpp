// VM selection from an overloaded host (Beloglazov & Buyya, CCPE 2012, section 7; CloudSim 3.0.3
// PowerVmSelectionPolicy{MinimumMigrationTime,MaximumCorrelation,MinimumUtilization,RandomSelection}).
// Candidates are the host's migratable VMs in host order; each function returns an index into them, -1 if
// there are none. Ties go to the earliest candidate (CloudSim's strict comparisons).
//   MMT ("mmt"): minimum migration time = minimum memory (time = memory / bandwidth, same link for all).
//   MU  ("mu"):  minimum current CPU utilization.
//   RS  ("rs"):  uniformly random candidate, from a core/rng.hpp stream (CloudSim used an unseeded Random).
//   MC  ("mc"):  maximum R^2 of the multiple linear regression (with intercept) of the candidate's
//                utilization history on the histories of the other candidates (OLS by Householder QR, Commons
//                Math 3.0 OLSMultipleLinearRegression arithmetic, so ties resolve as in CloudSim). Needs
//                m >= n history values for n candidates and a non-singular design matrix; otherwise (or with
//                one candidate) CloudSim falls back to MMT, and so does select_vm.
//                R^2 = 1 - RSS / SST, SST = sum (y - mean y)^2 (Welford); the first R^2 > 4.9e-324 that is
//                largest wins, index 0 if none is positive.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "core/rng.hpp"

namespace dcsim::consolidation {

enum class SelectionMethod { Mmt, Mc, Mu, Rs };

// "mmt", "mc", "mu", "rs" (exact, lower case). Throws std::invalid_argument naming the valid ones.
SelectionMethod parse_selection_method(std::string_view name);
std::string_view selection_method_name(SelectionMethod method);

int select_min_migration_time(std::span<const double> memory);
int select_min_utilization(std::span<const double> utilization);
int select_random(int candidates, Rng& rng);

// Histories of n candidates, row-major n x m (row i = candidate i, newest first, m values each).
// Reusable buffers so repeated calls do not allocate.
struct CorrelationWorkspace {
  std::vector<double> qrt, y, beta, r2;
  std::vector<double*> cols;
};
// Fills ws.r2[0..n) and returns true, or returns false where CloudSim's regression throws (n < 2, m < n,
// singular design matrix).
bool correlation_r2(const double* histories, int n, int m, CorrelationWorkspace& ws);
// MC choice; -1 when correlation_r2 fails (the caller applies its fallback, MMT in CloudSim).
// select_max_correlation_exact evaluates every candidate's regression as CloudSim does (bit-identical R^2).
// select_max_correlation first tries one QR of all histories (R^2 of every candidate from R^-1) and keeps
// that answer only when the winner leads by far more than the rounding of either method (margin scaled by
// the estimated condition number squared); near ties, ill-conditioned or degenerate cases go to the exact
// path. Same answers, several times faster for 10-20 candidates.
int select_max_correlation(const double* histories, int n, int m, CorrelationWorkspace& ws);
int select_max_correlation_exact(const double* histories, int n, int m, CorrelationWorkspace& ws);

struct SelectionInput {
  std::span<const double> memory;       // one per candidate (its size is the candidate count); MMT key
                                        // (any unit, e.g. bytes)
  std::span<const double> utilization;  // MU (fraction of the VM's capacity)
  const double* histories = nullptr;    // MC: n x m, newest first
  int history_length = 0;               // MC: m
};
// Dispatch with CloudSim's fallback (MC -> MMT). `rng` is used only by RS; `ws` only by MC.
int select_vm(SelectionMethod method, const SelectionInput& in, Rng& rng, CorrelationWorkspace& ws);

}  // namespace dcsim::consolidation
