#include "models/policy/autoscaler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dcsim::policy {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

Autoscaler::Autoscaler(const AutoscalerConfig& config, int initial_size)
    : cfg_(config),
      size_(initial_size),
      last_t_(-std::numeric_limits<double>::infinity()),
      above_since_(kNaN),
      below_since_(kNaN),
      cooldown_until_(-std::numeric_limits<double>::infinity()) {
  const auto& c = cfg_;
  if (!(c.lower < c.upper)) throw std::invalid_argument("Autoscaler: lower must be < upper");
  if (c.step_out < 1 || c.step_in < 1) throw std::invalid_argument("Autoscaler: steps must be >= 1");
  if (c.min_size < 0 || c.min_size > c.max_size) throw std::invalid_argument("Autoscaler: need 0 <= min_size <= max_size");
  if (!(c.out_breach_s >= 0.0) || !(c.in_breach_s >= 0.0) || !(c.cooldown_s >= 0.0))
    throw std::invalid_argument("Autoscaler: durations must be >= 0");
  if (initial_size < c.min_size || initial_size > c.max_size)
    throw std::invalid_argument("Autoscaler: initial size outside [min_size, max_size]");
}

void Autoscaler::set_size(int size) { size_ = std::clamp(size, cfg_.min_size, cfg_.max_size); }

int Autoscaler::decide(double t_s, double utilization) {
  if (std::isnan(t_s) || t_s < last_t_) throw std::invalid_argument("Autoscaler::decide: time went backwards");
  if (std::isnan(utilization)) throw std::invalid_argument("Autoscaler::decide: utilization is NaN");
  last_t_ = t_s;
  // Track the breaches: a sample beyond a threshold starts or continues one, any other sample ends it.
  if (utilization > cfg_.upper) {
    if (std::isnan(above_since_)) above_since_ = t_s;
  } else {
    above_since_ = kNaN;
  }
  if (utilization < cfg_.lower) {
    if (std::isnan(below_since_)) below_since_ = t_s;
  } else {
    below_since_ = kNaN;
  }
  if (t_s < cooldown_until_) return 0;
  int delta = 0;
  if (!std::isnan(above_since_) && t_s - above_since_ >= cfg_.out_breach_s)
    delta = std::min(cfg_.step_out, cfg_.max_size - size_);
  else if (!std::isnan(below_since_) && t_s - below_since_ >= cfg_.in_breach_s)
    delta = -std::min(cfg_.step_in, size_ - cfg_.min_size);
  if (delta != 0) {
    size_ += delta;
    cooldown_until_ = t_s + cfg_.cooldown_s;
  }
  return delta;
}

}  // namespace dcsim::policy
