#include "models/power/power_chain.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dcsim::power {
namespace {

void require_fraction(double f, const std::string& what) {
  if (!std::isfinite(f) || f < 0.0 || f > 1.0)
    throw std::invalid_argument(what + " must be a fraction in [0, 1], got " + std::to_string(f));
}

void validate_linear_loss(const LinearLoss& l, const std::string& what) {
  if (!std::isfinite(l.no_load_W) || l.no_load_W < 0.0)
    throw std::invalid_argument(what + " no-load loss must be finite and >= 0 W, got " + std::to_string(l.no_load_W));
  require_fraction(l.load_fraction, what + " load loss fraction");
  require_fraction(l.heat_to_room_fraction, what + " heat-to-room fraction");
}

}  // namespace

UpsConfig UpsConfig::sized_for(double design_load_W, double unit_rating_W, UpsRedundancy redundancy,
                               UpsLossCoefficients loss) {
  if (!std::isfinite(design_load_W) || design_load_W < 0.0)
    throw std::invalid_argument("UPS design load must be finite and >= 0 W");
  if (!std::isfinite(unit_rating_W) || unit_rating_W <= 0.0)
    throw std::invalid_argument("UPS unit rating must be > 0 W");
  UpsConfig c;
  c.loss = loss;
  c.unit_rating_W = unit_rating_W;
  // A tiny tolerance so that 1e6 / 250e3 is 4 modules, not 5 from rounding.
  c.units_needed = std::max(1, static_cast<int>(std::ceil(design_load_W / unit_rating_W * (1.0 - 1e-12))));
  c.redundancy = redundancy;
  return c;
}

UpsModel::UpsModel(const UpsConfig& config) : config_(config) {
  if (!std::isfinite(config_.unit_rating_W) || config_.unit_rating_W <= 0.0)
    throw std::invalid_argument("UPS unit rating must be > 0 W, got " + std::to_string(config_.unit_rating_W));
  if (config_.units_needed < 1)
    throw std::invalid_argument("UPS units needed (N) must be >= 1, got " + std::to_string(config_.units_needed) +
                                " (size it for the design load, e.g. UpsConfig::sized_for)");
  const auto& k = config_.loss;
  if (!std::isfinite(k.a) || !std::isfinite(k.b) || !std::isfinite(k.c) || k.a < 0.0)
    throw std::invalid_argument("UPS loss coefficients must be finite with a >= 0");
  if (k.a + k.b + k.c < 0.0)
    throw std::invalid_argument("UPS loss coefficients give a negative loss at full load (a + b + c < 0)");
  require_fraction(config_.heat_to_room_fraction, "UPS heat-to-room fraction");
  switch (config_.redundancy) {
    case UpsRedundancy::N: active_ = config_.units_needed; break;
    case UpsRedundancy::NPlus1: active_ = config_.units_needed + 1; break;
    case UpsRedundancy::TwoN: active_ = 2 * config_.units_needed; break;
  }
}

double UpsModel::loss_W(double load_W) const {
  const auto& k = config_.loss;
  const double x = module_load_fraction(load_W);
  const double per_unit = k.a + x * (k.b + x * k.c);
  return std::max(0.0, per_unit) * config_.unit_rating_W * active_;
}

double UpsModel::efficiency(double load_W) const {
  if (!(load_W > 0.0)) return 0.0;
  return load_W / (load_W + loss_W(load_W));
}

LinearLoss LinearLoss::transformer_for_rating(double rating_W) {
  if (!std::isfinite(rating_W) || rating_W <= 0.0)
    throw std::invalid_argument("transformer rating must be > 0 W, got " + std::to_string(rating_W));
  return LinearLoss{0.002 * rating_W, 0.013, 0.0};
}

PowerChain::PowerChain(const PowerChainConfig& config) : config_(config), ups_(config.ups) {
  validate_linear_loss(config_.pdu, "PDU");
  validate_linear_loss(config_.transformer, "transformer");
}

PowerChainResult PowerChain::evaluate(double it_W, double cooling_W) const {
  PowerChainResult r;
  r.it_W = it_W;
  r.cooling_W = cooling_W;
  r.pdu_loss_W = config_.pdu.loss_W(it_W);
  r.ups_load_W = it_W + r.pdu_loss_W + (config_.cooling_on_ups ? cooling_W : 0.0);
  r.ups_loss_W = ups_.loss_W(r.ups_load_W);
  r.ups_module_load_fraction = ups_.module_load_fraction(r.ups_load_W);
  r.ups_overloaded = ups_.overloaded(r.ups_load_W);
  const double transformer_load_W = r.ups_load_W + r.ups_loss_W + (config_.cooling_on_ups ? 0.0 : cooling_W);
  r.transformer_loss_W = config_.transformer.loss_W(transformer_load_W);
  r.facility_W = transformer_load_W + r.transformer_loss_W;
  r.heat_to_room_W = r.pdu_loss_W * config_.pdu.heat_to_room_fraction +
                     r.ups_loss_W * config_.ups.heat_to_room_fraction +
                     r.transformer_loss_W * config_.transformer.heat_to_room_fraction;
  return r;
}

bool PowerChain::overloaded(double it_W, double cooling_W) const {
  const double load = it_W + config_.pdu.loss_W(it_W) + (config_.cooling_on_ups ? cooling_W : 0.0);
  return ups_.overloaded(load);
}

}  // namespace dcsim::power
