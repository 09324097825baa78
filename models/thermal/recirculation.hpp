// Rack/chassis inlet temperatures with hot-air recirculation.
// Heat-recirculation matrix (Tang, Gupta, Varsamopoulos, "Energy-efficient thermal-aware task scheduling for
// homogeneous high-performance computing data centers: a cyber-physical approach", IEEE TPDS 19(11), 2008):
//   A(i,j) = fraction of node i's outlet air that reaches node j's inlet; K = diag(rho cp flow_i) (W/K);
//   the rest of each inlet is supply air. Inlet mixing: K T_in = A^T K T_out + (K - A^T K) 1 T_sup, with
//   T_out = T_in + K^-1 P, gives
//     T_in = T_sup + D P,   D = (K - A^T K)^-1 - K^-1   (K/W).
//   A = 0 gives D = 0. D is dense (n x n): use racks or chassis as nodes (thousands), not servers.
// Simple containment presets instead of a matrix (EnergyPlus ITE "supply/return approach temperature"):
//   T_inlet = T_supply + supply approach;  T_return = mean IT outlet + return approach.
//   EnergyPlus 1-zone data-center example: +2 K / -1 K; open hall (openstudio-standards LargeDataCenterLowITE,
//   LBNL CFD scorecard, fully open): +9.67 K / -7.36 K; SustainDC defaults: +5.0 K / -2.5 K
//   (json "ite_aircooled_energyplus_example", "approach_temperatures_other_sources").
#pragma once
#include <Eigen/Dense>

namespace dcsim::thermal {

class Recirculation {
 public:
  // A: n x n, entries in [0, 1], each row sum <= 1 (an outlet splits at most whole), and each node's
  // recirculated inflow sum_i A(i,j) K_i <= K_j. flow_m3_s: n airflows > 0. Air properties default to
  // 1.19 kg/m3, 1006 J/(kg K). Throws std::invalid_argument otherwise.
  Recirculation(const Eigen::MatrixXd& A, const Eigen::VectorXd& flow_m3_s, double air_density_kg_m3 = 1.19,
                double air_cp_J_kgK = 1006.0);

  const Eigen::MatrixXd& D() const { return D_; }
  const Eigen::VectorXd& K() const { return k_; }
  Eigen::Index size() const { return k_.size(); }

  // inlet_C = supply_C + D power_W. inlet_C is resized if needed (no allocation when already n).
  void inlet_temperatures(double supply_C, const Eigen::VectorXd& power_W, Eigen::VectorXd& inlet_C) const;
  Eigen::VectorXd inlet_temperatures(double supply_C, const Eigen::VectorXd& power_W) const;
  // outlet = inlet + P / K.
  Eigen::VectorXd outlet_temperatures(double supply_C, const Eigen::VectorXd& power_W) const;
  // Highest supply temperature keeping every inlet <= inlet_limit_C (Tang et al.'s use of D).
  double max_supply_C(double inlet_limit_C, const Eigen::VectorXd& power_W) const;

 private:
  Eigen::VectorXd k_;
  Eigen::MatrixXd D_;
};

struct ApproachPreset {
  double supply_K;
  double return_K;
};

inline constexpr ApproachPreset kEnergyPlus1Zone{2.0, -1.0};
inline constexpr ApproachPreset kOpenHall{9.67, -7.36};
inline constexpr ApproachPreset kSustainDC{5.0, -2.5};

inline double rack_inlet_C(double supply_C, const ApproachPreset& p) { return supply_C + p.supply_K; }
inline double return_air_C(double mean_outlet_C, const ApproachPreset& p) { return mean_outlet_C + p.return_K; }

}  // namespace dcsim::thermal
