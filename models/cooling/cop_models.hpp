// The simplest cooling plants: electric power = heat removed / COP.
//   ConstantCop:  P = Q / COP.
//   MooreCracCop: COP(T) = 0.0068 T^2 + 0.0008 T + 0.458, T = CRAC supply-air temperature in C
//                 (Moore, Chase, Ranganathan, Sharma, "Making Scheduling Cool", USENIX ATC 2005; chilled-water
//                 CRAC of the HP Labs Utility Data Center). COP(15) = 2.00, COP(20) = 3.194, COP(25) = 4.728.
//                 Fitted on roughly 10-30 C supply air; the quadratic has no real root, so COP > 0 everywhere.
// CoolingModel is the common interface of plants that only need the heat load and the current air and
// outdoor conditions (CracDx implements it too); richer plants expose their own breakdowns.
#pragma once

namespace dcsim::cooling {

// Conditions a cooling plant sees at one instant. Defaults: EnergyPlus 1-zone data-center example
// (return-air setpoint 29.3 C) with an 18 C supply; outdoor values are placeholders to be set from weather.
struct ConditionsIn {
  double supply_air_C = 18.0;        // air leaving the cooling unit towards the IT inlets
  double return_air_C = 29.3;        // air returning from the IT exhausts
  double outdoor_dry_bulb_C = 20.0;
  double outdoor_dew_point_C = 10.0;
  double outdoor_wet_bulb_C = 14.0;
  double pressure_Pa = 101325.0;
};

class CoolingModel {
 public:
  virtual ~CoolingModel() = default;
  // Electric power (W) drawn to remove heat_W (W, >= 0; negative is treated as 0).
  virtual double cooling_power_W(double heat_W, const ConditionsIn& conditions) const = 0;
};

class ConstantCop final : public CoolingModel {
 public:
  explicit ConstantCop(double cop);  // throws std::invalid_argument unless cop > 0 and finite
  double cop() const { return cop_; }
  double cooling_power_W(double heat_W, const ConditionsIn& conditions) const override;

 private:
  double cop_;
};

class MooreCracCop final : public CoolingModel {
 public:
  // Coefficients of COP(T) = c2 T^2 + c1 T + c0; defaults are Moore et al. 2005.
  MooreCracCop() = default;
  MooreCracCop(double c0, double c1, double c2);  // throws std::invalid_argument if COP can reach <= 0
  double cop(double supply_air_C) const { return (c2_ * supply_air_C + c1_) * supply_air_C + c0_; }
  double cooling_power_W(double heat_W, const ConditionsIn& conditions) const override;

 private:
  double c0_ = 0.458, c1_ = 0.0008, c2_ = 0.0068;
};

}  // namespace dcsim::cooling
