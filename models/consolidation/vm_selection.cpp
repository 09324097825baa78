#include "models/consolidation/vm_selection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace dcsim::consolidation {

SelectionMethod parse_selection_method(std::string_view name) {
  if (name == "mmt") return SelectionMethod::Mmt;
  if (name == "mc") return SelectionMethod::Mc;
  if (name == "mu") return SelectionMethod::Mu;
  if (name == "rs") return SelectionMethod::Rs;
  throw std::invalid_argument("unknown VM selection policy '" + std::string(name) +
                              "', expected one of mmt, mc, mu, rs");
}

std::string_view selection_method_name(SelectionMethod method) {
  switch (method) {
    case SelectionMethod::Mmt: return "mmt";
    case SelectionMethod::Mc: return "mc";
    case SelectionMethod::Mu: return "mu";
    case SelectionMethod::Rs: return "rs";
  }
  return "?";
}

int select_min_migration_time(std::span<const double> memory) {
  int best = -1;
  double min_metric = std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < memory.size(); ++i)
    if (memory[i] < min_metric) {
      min_metric = memory[i];
      best = static_cast<int>(i);
    }
  return best;
}

int select_min_utilization(std::span<const double> utilization) {
  int best = -1;
  double min_metric = std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < utilization.size(); ++i)
    if (utilization[i] < min_metric) {
      min_metric = utilization[i];
      best = static_cast<int>(i);
    }
  return best;
}

int select_random(int candidates, Rng& rng) {
  if (candidates <= 0) return -1;
  int i = static_cast<int>(uniform01(rng) * candidates);
  return i < candidates ? i : candidates - 1;
}

namespace {

// One Householder reflection of Commons Math 3.0 QRDecomposition applied to `k` columns:
//   alpha = -(sum_row col[row] * q[row]) / denom;  col[row] -= alpha * q[row]   (rows minor..m-1)
// Columns are independent, so four are reduced at a time (more instruction-level parallelism); each column
// keeps its own sequential summation order, so the result is bit-identical.
void reflect(const double* q, int minor, int m, double denom, double* const* cols, int k) {
  int c = 0;
  for (; c + 4 <= k; c += 4) {
    double* c0 = cols[c];
    double* c1 = cols[c + 1];
    double* c2 = cols[c + 2];
    double* c3 = cols[c + 3];
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int row = minor; row < m; ++row) {
      const double qr = q[row];
      a0 -= c0[row] * qr;
      a1 -= c1[row] * qr;
      a2 -= c2[row] * qr;
      a3 -= c3[row] * qr;
    }
    a0 /= denom;
    a1 /= denom;
    a2 /= denom;
    a3 /= denom;
    for (int row = minor; row < m; ++row) {
      const double qr = q[row];
      c0[row] -= a0 * qr;
      c1[row] -= a1 * qr;
      c2[row] -= a2 * qr;
      c3[row] -= a3 * qr;
    }
  }
  for (; c < k; ++c) {
    double* col = cols[c];
    double a = 0;
    for (int row = minor; row < m; ++row) a -= col[row] * q[row];
    a /= denom;
    for (int row = minor; row < m; ++row) col[row] -= a * q[row];
  }
}

// Pivot step on column q at position `minor`: returns rDiag (0 means exactly singular).
double pivot(double* q, int minor, int m) {
  double x_norm_sqr = 0;
  for (int row = minor; row < m; ++row) x_norm_sqr += q[row] * q[row];
  const double a = q[minor] > 0 ? -std::sqrt(x_norm_sqr) : std::sqrt(x_norm_sqr);
  if (a != 0.0) q[minor] -= a;
  return a;
}

}  // namespace

bool correlation_r2(const double* data, int n, int m, CorrelationWorkspace& ws) {
  // CloudSim builds, for each candidate i, the m x n design matrix X_i = [1, histories of the others in
  // order] and asks Commons Math for R^2 (Householder QR of X_i, Q^T y, back substitution, residuals from the
  // original X_i). Any exception (too few rows, zero rows/columns, exactly singular R) means fallback.
  //
  // Exact shortcut: X_i and X_{i'} (i < i') share their first i+1 columns [1, h_0 .. h_{i-1}], and the
  // Householder steps on a shared prefix transform every later column identically, whatever the others are.
  // So the full matrix F = [1, h_0 .. h_{n-1}] is reduced once, one pivot per candidate, and candidate i
  // continues from F after pivots 0..i on a copy of its remaining columns. Applying a reflection to y as a
  // column (alpha = -dot) is bit-identical to Commons Math's solve, so y rides along as one more column.
  // Same operations in the same order per column: results are bit-identical to the direct computation.
  if (n < 2 || m < 1 || m < n) return false;
  const auto un = static_cast<std::size_t>(n), um = static_cast<std::size_t>(m);
  ws.qrt.resize((un + 1) * um * 2);  // F (n+1 columns) then the candidate's working columns
  ws.y.resize(2 * un + 2);           // rDiag of F, then per-candidate rDiag
  ws.beta.resize(un);
  ws.r2.resize(un);
  double* F = ws.qrt.data();
  double* W = F + (un + 1) * um;
  double* rdiag_f = ws.y.data();
  double* rdiag = rdiag_f + un + 1;
  double* beta = ws.beta.data();
  std::vector<double*>& cols = ws.cols;
  cols.resize(un + 1);
  for (int r = 0; r < m; ++r) F[r] = 1.0;
  for (int j = 0; j < n; ++j) std::copy(data + j * um, data + (j + 1) * um, F + (j + 1) * um);
  auto fcol = [&](int c) { return F + static_cast<std::size_t>(c) * um; };
  for (int i = 0; i < n; ++i) {
    // F pivot i (column i of F is position i of every candidate >= i); transform F's columns i+1..n.
    const double a = pivot(fcol(i), i, m);
    if (a == 0.0) return false;
    rdiag_f[i] = a;
    for (int c = i + 1; c <= n; ++c) cols[static_cast<std::size_t>(c - i - 1)] = fcol(c);
    reflect(fcol(i), i, m, a * fcol(i)[i], cols.data(), n - i);
    // Candidate i: positions 0..i are F columns 0..i (final); y = F column i+1 (h_i); positions i+1..n-1
    // are F columns i+2..n, copied to W (slot 0 = y).
    const int rest = n - 1 - i;  // remaining pivots
    for (int k = 0; k <= rest; ++k) std::copy(fcol(i + 1 + k), fcol(i + 1 + k) + um, W + static_cast<std::size_t>(k) * um);
    auto wcol = [&](int k) { return W + static_cast<std::size_t>(k) * um; };
    for (int p = 0; p <= i; ++p) rdiag[p] = rdiag_f[p];
    for (int k = 1; k <= rest; ++k) {
      const int pos = i + k;
      double* q = wcol(k);
      const double ak = pivot(q, pos, m);
      if (ak == 0.0) return false;
      rdiag[pos] = ak;
      int nc = 0;
      cols[static_cast<std::size_t>(nc++)] = wcol(0);  // y
      for (int c = k + 1; c <= rest; ++c) cols[static_cast<std::size_t>(nc++)] = wcol(c);
      reflect(q, pos, m, ak * q[pos], cols.data(), nc);
    }
    // Back substitution R beta = Q^T y (y is W slot 0); R's column at position p is F column p (p <= i) or
    // W slot p - i (p > i).
    double* y = wcol(0);
    for (int row = n - 1; row >= 0; --row) {
      y[row] /= rdiag[row];
      const double y_row = y[row];
      const double* qr = row <= i ? fcol(row) : wcol(row - i);
      beta[row] = y_row;
      for (int t = 0; t < row; ++t) y[t] -= y_row * qr[t];
    }
    // Residual sum of squares with the original X_i: positions 0 (intercept), 1..i = h_0..h_{i-1},
    // i+1..n-1 = h_{i+1}..h_{n-1}; Array2DRowRealMatrix.operate sums over positions in order.
    const double* yi = data + static_cast<std::size_t>(i) * um;
    double rss = 0;
    for (int r = 0; r < m; ++r) {
      double fit = 0;
      fit += 1.0 * beta[0];
      for (int pos = 1; pos < n; ++pos) {
        const int j = pos <= i ? pos - 1 : pos;
        fit += data[static_cast<std::size_t>(j) * um + static_cast<std::size_t>(r)] * beta[pos];
      }
      const double e = yi[r] - fit;
      rss += e * e;
    }
    // Total sum of squares: Commons Math SecondMoment (Welford).
    double m1 = 0, m2 = 0;
    for (int r = 0; r < m; ++r) {
      const double nn = r + 1;
      const double dev = yi[r] - m1;
      const double ndev = dev / nn;
      m1 += ndev;
      m2 += (nn - 1.0) * dev * ndev;
    }
    ws.r2[static_cast<std::size_t>(i)] = 1.0 - rss / m2;
  }
  return true;
}

namespace {

constexpr int kUndecided = -2;

// All candidates' R^2 from ONE QR of F = [1, h_0 .. h_{n-1}] (m x (n+1), full column rank): the residual sum
// of squares of column j regressed on the others is 1 / ||row j of R^-1||^2 (standard identity,
// (F'F)^-1 = R^-1 R^-T). Rounding differs from CloudSim's per-candidate QR, so the answer is only taken when
// the best candidate leads by a margin far above both computations' rounding (relative error ~ kappa^2 eps,
// kappa estimated from R's diagonal); otherwise kUndecided sends the caller to the exact computation.
// Returns -1 where CloudSim's regression certainly throws (an exactly zero pivot it shares).
int max_correlation_fast(const double* data, int n, int m, CorrelationWorkspace& ws) {
  if (m < n + 1 || n > 64) return kUndecided;
  const auto un = static_cast<std::size_t>(n), um = static_cast<std::size_t>(m);
  ws.qrt.resize((un + 1) * um);
  ws.y.resize(un + 1);
  ws.beta.resize((un + 1) * (un + 1));
  ws.r2.resize(un);
  ws.cols.resize(un + 1);
  double* F = ws.qrt.data();
  double* rdiag = ws.y.data();
  auto fcol = [&](int c) { return F + static_cast<std::size_t>(c) * um; };
  for (int r = 0; r < m; ++r) F[r] = 1.0;
  for (int j = 0; j < n; ++j) std::copy(data + j * um, data + (j + 1) * um, fcol(j + 1));
  double dmax = 0, dmin = std::numeric_limits<double>::infinity();
  for (int p = 0; p <= n; ++p) {
    const double a = pivot(fcol(p), p, m);
    if (a == 0.0) return p < n ? -1 : kUndecided;  // pivots 0..n-1 are shared by CloudSim's candidates
    rdiag[p] = a;
    dmax = std::max(dmax, std::abs(a));
    dmin = std::min(dmin, std::abs(a));
    for (int c = p + 1; c <= n; ++c) ws.cols[static_cast<std::size_t>(c - p - 1)] = fcol(c);
    reflect(fcol(p), p, m, a * fcol(p)[p], ws.cols.data(), n - p);
  }
  const double kappa = dmax / dmin;
  if (!(kappa < 1e4)) return kUndecided;
  // Rows 1..n of R^-1 (R[t][p] = F column p, row t for t < p; R[p][p] = rdiag[p]).
  double* rinv = ws.beta.data();  // row-major (n+1) x (n+1), upper part used
  const std::size_t w = un + 1;
  int best = -1;
  double e1 = std::numeric_limits<double>::infinity(), e2 = e1;
  for (int j = 1; j <= n; ++j) {
    double* row = rinv + static_cast<std::size_t>(j) * w;
    row[j] = 1.0 / rdiag[j];
    double norm2 = row[j] * row[j];
    for (int k = j + 1; k <= n; ++k) {
      const double* rk = fcol(k);
      double sum = 0;
      for (int l = j; l < k; ++l) sum += row[l] * rk[l];
      row[k] = -sum / rdiag[k];
      norm2 += row[k] * row[k];
    }
    const double rss = 1.0 / norm2;
    // SST exactly as CloudSim (SecondMoment).
    const double* yi = data + static_cast<std::size_t>(j - 1) * um;
    double m1 = 0, m2 = 0;
    for (int r = 0; r < m; ++r) {
      const double nn = r + 1;
      const double dev = yi[r] - m1;
      const double ndev = dev / nn;
      m1 += ndev;
      m2 += (nn - 1.0) * dev * ndev;
    }
    const double est = m2 > 0 ? rss / m2 : std::numeric_limits<double>::infinity();  // 1 - R^2
    ws.r2[static_cast<std::size_t>(j - 1)] = 1.0 - est;
    if (est < e1) {
      e2 = e1;
      e1 = est;
      best = j - 1;
    } else if (est < e2) {
      e2 = est;
    }
  }
  const double eps = std::numeric_limits<double>::epsilon();
  const double tol = 1000.0 * (n + 1) * kappa * kappa * eps;
  if (best < 0 || !(e1 < 1.0 - 1e-6)) return kUndecided;    // no clearly positive R^2: CloudSim's edge rules
  if (!(e2 - e1 > tol * e2 + 1e-300)) return kUndecided;   // near tie
  return best;
}

}  // namespace

int select_max_correlation(const double* histories, int n, int m, CorrelationWorkspace& ws) {
  if (n < 2 || m < 1 || m < n) return -1;
  const int fast = max_correlation_fast(histories, n, m, ws);
  if (fast != kUndecided) return fast;
  return select_max_correlation_exact(histories, n, m, ws);
}

int select_max_correlation_exact(const double* histories, int n, int m, CorrelationWorkspace& ws) {
  if (!correlation_r2(histories, n, m, ws)) return -1;
  double max_metric = std::numeric_limits<double>::denorm_min();  // Java Double.MIN_VALUE
  int max_index = 0;
  for (int i = 0; i < n; ++i) {
    const double metric = ws.r2[static_cast<std::size_t>(i)];
    if (metric > max_metric) {
      max_metric = metric;
      max_index = i;
    }
  }
  return max_index;
}

int select_vm(SelectionMethod method, const SelectionInput& in, Rng& rng, CorrelationWorkspace& ws) {
  switch (method) {
    case SelectionMethod::Mmt: return select_min_migration_time(in.memory);
    case SelectionMethod::Mu: return select_min_utilization(in.utilization);
    case SelectionMethod::Rs: return select_random(static_cast<int>(in.memory.size()), rng);
    case SelectionMethod::Mc: {
      const int n = static_cast<int>(in.memory.size());
      if (n == 0) return -1;
      const int pick = in.histories ? select_max_correlation(in.histories, n, in.history_length, ws) : -1;
      return pick >= 0 ? pick : select_min_migration_time(in.memory);
    }
  }
  return -1;
}

}  // namespace dcsim::consolidation
