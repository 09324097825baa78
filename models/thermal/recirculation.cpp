#include "models/thermal/recirculation.hpp"

#include <cmath>
#include <stdexcept>

namespace dcsim::thermal {

Recirculation::Recirculation(const Eigen::MatrixXd& A, const Eigen::VectorXd& flow_m3_s, double air_density_kg_m3,
                             double air_cp_J_kgK) {
  const Eigen::Index n = flow_m3_s.size();
  if (A.rows() != n || A.cols() != n) throw std::invalid_argument("Recirculation: A must be n x n, n = flows");
  if (!(air_density_kg_m3 > 0.0) || !(air_cp_J_kgK > 0.0))
    throw std::invalid_argument("Recirculation: air properties must be > 0");
  if (n > 0 && !((flow_m3_s.array() > 0.0).all() && flow_m3_s.allFinite()))
    throw std::invalid_argument("Recirculation: flows must be > 0");
  if (n > 0 && !((A.array() >= 0.0).all() && (A.array() <= 1.0).all()))
    throw std::invalid_argument("Recirculation: A entries must be in [0, 1]");
  constexpr double tol = 1e-12;
  if (n > 0 && (A.rowwise().sum().array() > 1.0 + tol).any())
    throw std::invalid_argument("Recirculation: a row of A sums above 1");

  k_ = flow_m3_s * (air_density_kg_m3 * air_cp_J_kgK);
  // M = K - A^T K: M(j,i) = K_j delta_ji - A(i,j) K_i.
  Eigen::MatrixXd M = -A.transpose() * k_.asDiagonal();
  M.diagonal() += k_;
  // Row j of M sums to K_j - sum_i A(i,j) K_i: the supply air node j draws, which cannot be negative.
  if (n > 0 && (M.rowwise().sum().array() < -tol * k_.array()).any())
    throw std::invalid_argument("Recirculation: recirculated inflow exceeds a node's airflow");
  Eigen::PartialPivLU<Eigen::MatrixXd> lu(M);
  D_ = lu.inverse();
  if (!D_.allFinite()) throw std::invalid_argument("Recirculation: K - A^T K is singular");
  D_.diagonal() -= k_.cwiseInverse();
}

void Recirculation::inlet_temperatures(double supply_C, const Eigen::VectorXd& power_W,
                                       Eigen::VectorXd& inlet_C) const {
  if (power_W.size() != k_.size()) throw std::invalid_argument("Recirculation: power vector size");
  inlet_C.resize(k_.size());
  inlet_C.noalias() = D_ * power_W;
  inlet_C.array() += supply_C;
}

Eigen::VectorXd Recirculation::inlet_temperatures(double supply_C, const Eigen::VectorXd& power_W) const {
  Eigen::VectorXd t;
  inlet_temperatures(supply_C, power_W, t);
  return t;
}

Eigen::VectorXd Recirculation::outlet_temperatures(double supply_C, const Eigen::VectorXd& power_W) const {
  Eigen::VectorXd t = inlet_temperatures(supply_C, power_W);
  t.array() += power_W.array() / k_.array();
  return t;
}

double Recirculation::max_supply_C(double inlet_limit_C, const Eigen::VectorXd& power_W) const {
  if (k_.size() == 0) return inlet_limit_C;
  return inlet_limit_C - (D_ * power_W).maxCoeff();
}

}  // namespace dcsim::thermal
