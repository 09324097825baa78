#include "models/workload/distribution.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "models/workload/random_variates.hpp"

namespace dcsim::workload {

namespace {
void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("Distribution: ") + what);
}
}  // namespace

Distribution Distribution::fixed(double value) {
  require(std::isfinite(value) && value >= 0, "fixed value must be finite and >= 0");
  return {Kind::Fixed, value, 0.0};
}
Distribution Distribution::exponential(double mean) {
  require(std::isfinite(mean) && mean > 0, "exponential mean must be finite and > 0");
  return {Kind::Exponential, mean, 0.0};
}
Distribution Distribution::lognormal(double mu, double sigma) {
  require(std::isfinite(mu) && std::isfinite(sigma) && sigma >= 0, "lognormal needs finite mu and sigma >= 0");
  return {Kind::Lognormal, mu, sigma};
}
Distribution Distribution::lognormal_from_mean(double mean, double sigma) {
  require(std::isfinite(mean) && mean > 0, "lognormal mean must be finite and > 0");
  require(std::isfinite(sigma) && sigma >= 0, "lognormal sigma must be finite and >= 0");
  return {Kind::Lognormal, std::log(mean) - 0.5 * sigma * sigma, sigma};
}
Distribution Distribution::weibull(double shape, double scale) {
  require(std::isfinite(shape) && shape > 0 && std::isfinite(scale) && scale > 0, "weibull shape and scale must be > 0");
  return {Kind::Weibull, shape, scale};
}
Distribution Distribution::uniform(double low, double high) {
  require(std::isfinite(low) && std::isfinite(high) && low >= 0 && high >= low, "uniform needs 0 <= low <= high");
  return {Kind::Uniform, low, high};
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::Fixed: return a_;
    case Kind::Exponential: return a_;
    case Kind::Lognormal: return std::exp(a_ + 0.5 * b_ * b_);
    case Kind::Weibull: return b_ * std::tgamma(1.0 + 1.0 / a_);
    case Kind::Uniform: return 0.5 * (a_ + b_);
  }
  return 0.0;
}

double Distribution::sample(Rng& rng) const {
  RngUniform u{rng};
  switch (kind_) {
    case Kind::Fixed: return a_;
    case Kind::Exponential: return -a_ * std::log(1.0 - u());
    case Kind::Lognormal: return std::exp(a_ + b_ * standard_normal(u));
    case Kind::Weibull: return b_ * std::pow(-std::log(1.0 - u()), 1.0 / a_);
    case Kind::Uniform: return a_ + (b_ - a_) * u();
  }
  return 0.0;
}

double Distribution::residual_mean() const {
  switch (kind_) {
    case Kind::Fixed: return 0.5 * a_;
    case Kind::Exponential: return a_;
    case Kind::Lognormal: return 0.5 * std::exp(a_ + 1.5 * b_ * b_);
    case Kind::Weibull: return 0.5 * b_ * std::tgamma(1.0 + 2.0 / a_) / std::tgamma(1.0 + 1.0 / a_);
    case Kind::Uniform: return a_ + b_ > 0 ? (a_ * a_ + a_ * b_ + b_ * b_) / (3.0 * (a_ + b_)) : 0.0;
  }
  return 0.0;
}

double Distribution::sample_residual(Rng& rng) const {
  RngUniform u{rng};
  switch (kind_) {
    case Kind::Fixed: return a_ * u();
    case Kind::Exponential: return -a_ * std::log(1.0 - u());
    case Kind::Lognormal: {
      const double v = u();
      return v * std::exp(a_ + b_ * b_ + b_ * standard_normal(u));
    }
    case Kind::Weibull: return b_ * std::pow(gamma_variate(1.0 / a_, u), 1.0 / a_);
    case Kind::Uniform: {
      // F_e(x) = x/m for x <= a;  (a + ((b-a)^2 - (b-x)^2) / (2(b-a))) / m for a <= x <= b;  m = (a+b)/2.
      const double a = a_, b = b_, w = b - a, m = 0.5 * (a + b);
      const double v = u() * m;
      if (v <= a || w <= 0) return v;
      return b - std::sqrt(std::fmax(0.0, w * w - 2.0 * w * (v - a)));
    }
  }
  return 0.0;
}

}  // namespace dcsim::workload
