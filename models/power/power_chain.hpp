// Facility power chain: utility -> transformer -> UPS -> PDU -> IT, with cooling fed from the transformer
// (or through the UPS when cooling_on_ups).
//
//   PDU and transformer (linear loss):  loss = no_load_W + load_fraction * load_W  (load = output power).
//     Defaults: PDU 2% (design/MODELS.md: 1.5-3% typical for transformer and PDU losses), transformer 1.5%,
//     no-load 0 W unless sized (LinearLoss::transformer_for_rating: 0.2% of rating no-load + 1.3% of load,
//     1.5% at rated load).
//   UPS (Schneider Electric White Paper 113 form, per unit of module rating R):
//     loss_module = R (a + b x + c x^2),  x = module output / R;  efficiency = out / (out + loss).
//     Presets (design/MODELS.md, illustrative fits): legacy double conversion a=0.029 b=0.0115 c=0.0347
//     (eff 0.77 at 10%, 0.93 at 75%), modern transformerless a=0.0055 b=0.0305 c=0.0002 (0.92 / 0.963),
//     eco mode a=0.0017 b=0.0151 c=-0.0068 (0.97 / 0.988).
//     We use this form rather than EnergyPlus's loss = P (1 - eff(PLR)) because loss is explicit in the load
//     (no iteration) and its constant term gives the no-load loss that makes lightly loaded UPSs inefficient.
//   Redundancy: N modules are needed for the load. N: N active; N+1: N+1 active sharing equally; 2N: two
//   independent systems of N, each carrying half. Active modules share the load equally, so redundancy lowers
//   x and raises the losses. Overloaded when the load exceeds N x rating.
//   Heat: PDU and UPS losses are heat in the cooled room (fraction 1 by default), the transformer stands
//   outdoors (fraction 0).
//   Invariant: facility = IT + cooling + PDU loss + UPS loss + transformer loss.
#pragma once

namespace dcsim::power {

struct UpsLossCoefficients {
  double a = 0.0;  // no-load loss per unit of rating
  double b = 0.0;  // proportional loss per unit of rating
  double c = 0.0;  // quadratic (I^2 R) loss per unit of rating
};

inline constexpr UpsLossCoefficients kUpsLegacyDoubleConversion{0.029, 0.0115, 0.0347};
inline constexpr UpsLossCoefficients kUpsModernTransformerless{0.0055, 0.0305, 0.0002};
inline constexpr UpsLossCoefficients kUpsEcoMode{0.0017, 0.0151, -0.0068};

enum class UpsRedundancy { N, NPlus1, TwoN };

struct UpsConfig {
  UpsLossCoefficients loss = kUpsModernTransformerless;
  double unit_rating_W = 500e3;  // one module's output rating
  int units_needed = 0;          // N; must be set (>= 1), e.g. with sized_for()
  UpsRedundancy redundancy = UpsRedundancy::N;
  double heat_to_room_fraction = 1.0;

  // N = ceil(design_load_W / unit_rating_W) (at least 1).
  static UpsConfig sized_for(double design_load_W, double unit_rating_W, UpsRedundancy redundancy,
                             UpsLossCoefficients loss = kUpsModernTransformerless);
};

class UpsModel {
 public:
  explicit UpsModel(const UpsConfig& config);  // throws std::invalid_argument
  int active_modules() const { return active_; }
  double capacity_W() const { return config_.units_needed * config_.unit_rating_W; }  // N x rating
  double module_load_fraction(double load_W) const { return load_W / (active_ * config_.unit_rating_W); }
  // Total loss of the active modules at output load_W (>= 0; clamped at 0 for fits with c < 0).
  double loss_W(double load_W) const;
  double efficiency(double load_W) const;  // out / (out + loss); 0 at zero load
  bool overloaded(double load_W) const { return load_W > capacity_W(); }
  const UpsConfig& config() const { return config_; }

 private:
  UpsConfig config_;
  int active_ = 1;
};

struct LinearLoss {
  double no_load_W = 0.0;
  double load_fraction = 0.0;
  double heat_to_room_fraction = 1.0;

  double loss_W(double load_W) const { return no_load_W + load_fraction * load_W; }
  // A transformer of the given rating: no-load 0.2% of rating, 1.3% of load (1.5% in total at rated load),
  // outdoors (heat fraction 0).
  static LinearLoss transformer_for_rating(double rating_W);
};

inline constexpr LinearLoss kDefaultPdu{0.0, 0.02, 1.0};
inline constexpr LinearLoss kDefaultTransformer{0.0, 0.015, 0.0};

struct PowerChainConfig {
  LinearLoss pdu = kDefaultPdu;
  UpsConfig ups;
  LinearLoss transformer = kDefaultTransformer;
  bool cooling_on_ups = false;  // cooling fed through the UPS (e.g. chilled-water pumps and CRAH fans on UPS)
};

struct PowerChainResult {
  double it_W = 0.0;
  double cooling_W = 0.0;
  double pdu_loss_W = 0.0;
  double ups_loss_W = 0.0;
  double transformer_loss_W = 0.0;
  double facility_W = 0.0;       // drawn from the utility
  double heat_to_room_W = 0.0;   // chain losses dissipated in the cooled room (IT heat not included)
  double ups_load_W = 0.0;       // UPS output
  double ups_module_load_fraction = 0.0;
  bool ups_overloaded = false;

  double losses_W() const { return pdu_loss_W + ups_loss_W + transformer_loss_W; }
};

class PowerChain {
 public:
  explicit PowerChain(const PowerChainConfig& config);  // throws std::invalid_argument
  PowerChainResult evaluate(double it_W, double cooling_W) const;
  bool overloaded(double it_W, double cooling_W = 0.0) const;  // UPS load > N x unit rating
  const UpsModel& ups() const { return ups_; }
  const PowerChainConfig& config() const { return config_; }

 private:
  PowerChainConfig config_;
  UpsModel ups_;
};

}  // namespace dcsim::power
