#include "models/failure/distributions.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace dcsim::failure {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("failure::Distribution: ") + what);
}
bool positive(double x) { return x > 0.0 && std::isfinite(x); }

}  // namespace

Distribution Distribution::fixed(double value_s) {
  require(value_s >= 0.0 && std::isfinite(value_s), "fixed value must be finite and >= 0");
  return {Kind::Fixed, value_s, 0.0};
}
Distribution Distribution::exponential_mean(double mean_s) {
  require(positive(mean_s), "exponential mean must be > 0");
  return {Kind::Exponential, mean_s, 0.0};
}
Distribution Distribution::exponential_rate(double rate_per_s) {
  require(positive(rate_per_s), "exponential rate must be > 0");
  return {Kind::Exponential, 1.0 / rate_per_s, 0.0};
}
Distribution Distribution::weibull(double shape, double scale_s) {
  require(positive(shape) && positive(scale_s), "Weibull shape and scale must be > 0");
  return {Kind::Weibull, shape, scale_s};
}
Distribution Distribution::weibull_mean(double shape, double mean_s) {
  require(positive(shape) && positive(mean_s), "Weibull shape and mean must be > 0");
  return weibull(shape, mean_s / std::tgamma(1.0 + 1.0 / shape));
}
Distribution Distribution::lognormal(double mu, double sigma) {
  require(std::isfinite(mu) && sigma >= 0.0 && std::isfinite(sigma), "lognormal needs finite mu and sigma >= 0");
  return {Kind::Lognormal, mu, sigma};
}
Distribution Distribution::lognormal_mean_sigma(double mean_s, double sigma) {
  require(positive(mean_s), "lognormal mean must be > 0");
  return lognormal(std::log(mean_s) - 0.5 * sigma * sigma, sigma);
}
Distribution Distribution::lognormal_mean_sd(double mean_s, double sd_s) {
  require(positive(mean_s) && sd_s >= 0.0, "lognormal needs mean > 0 and sd >= 0");
  const double cv = sd_s / mean_s;
  return lognormal_mean_sigma(mean_s, std::sqrt(std::log1p(cv * cv)));
}
Distribution Distribution::lognormal_median_mean(double median_s, double mean_s) {
  require(positive(median_s) && mean_s >= median_s, "lognormal needs 0 < median <= mean");
  return lognormal(std::log(median_s), std::sqrt(2.0 * std::log(mean_s / median_s)));
}

double standard_normal(Rng& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1]
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Distribution::sample(Rng& rng) const {
  switch (kind_) {
    case Kind::Fixed: return a_;
    case Kind::Exponential: return -a_ * std::log1p(-uniform01(rng));
    case Kind::Weibull: return b_ * std::pow(-std::log1p(-uniform01(rng)), 1.0 / a_);
    case Kind::Lognormal: return std::exp(a_ + b_ * standard_normal(rng));
  }
  return 0.0;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::Fixed: return a_;
    case Kind::Exponential: return a_;
    case Kind::Weibull: return b_ * std::tgamma(1.0 + 1.0 / a_);
    case Kind::Lognormal: return std::exp(a_ + 0.5 * b_ * b_);
  }
  return 0.0;
}

double Distribution::stddev() const {
  switch (kind_) {
    case Kind::Fixed: return 0.0;
    case Kind::Exponential: return a_;
    case Kind::Weibull: {
      const double g1 = std::tgamma(1.0 + 1.0 / a_), g2 = std::tgamma(1.0 + 2.0 / a_);
      return b_ * std::sqrt(g2 - g1 * g1);
    }
    case Kind::Lognormal: return mean() * std::sqrt(std::expm1(b_ * b_));
  }
  return 0.0;
}

double Distribution::cv() const { return stddev() / mean(); }

double Distribution::cdf(double t_s) const {
  if (t_s <= 0.0) return kind_ == Kind::Fixed && a_ <= t_s ? 1.0 : 0.0;
  switch (kind_) {
    case Kind::Fixed: return t_s >= a_ ? 1.0 : 0.0;
    case Kind::Exponential: return -std::expm1(-t_s / a_);
    case Kind::Weibull: return -std::expm1(-std::pow(t_s / b_, a_));
    case Kind::Lognormal:
      if (b_ == 0.0) return std::log(t_s) >= a_ ? 1.0 : 0.0;
      return 0.5 * std::erfc(-(std::log(t_s) - a_) / (b_ * std::numbers::sqrt2));
  }
  return 0.0;
}

double mttf_s_from_afr(double afr) {
  if (!positive(afr)) throw std::invalid_argument("failure::mttf_s_from_afr: AFR must be > 0");
  return defaults::kYear_s / afr;
}
double afr_from_mttf_s(double mttf_s) {
  if (!positive(mttf_s)) throw std::invalid_argument("failure::afr_from_mttf_s: MTTF must be > 0");
  return defaults::kYear_s / mttf_s;
}

namespace defaults {
Distribution disk_time_to_failure() { return Distribution::exponential_mean(mttf_s_from_afr(kDiskAfr)); }
Distribution machine_time_to_failure() { return Distribution::exponential_mean(kMachineMttf_s); }
Distribution machine_time_to_failure_weibull() {
  return Distribution::weibull_mean(kMachineWeibullShape, kMachineMttf_s);
}
Distribution repair_time() { return Distribution::lognormal_median_mean(54.0 * 60.0, 355.0 * 60.0); }
Distribution rack_time_to_failure() { return Distribution::exponential_mean(kRackMttf_s); }
Distribution rack_repair_time() {
  // 5th and 95th percentiles at 1 h and 6 h: mu = ln(sqrt(1 x 6) h), sigma = ln(6) / (2 x 1.6449).
  return Distribution::lognormal(std::log(std::sqrt(6.0) * kHour_s), std::log(6.0) / (2.0 * 1.6448536269514722));
}
Distribution pdu_time_to_failure() { return Distribution::exponential_mean(kPduMttf_s); }
Distribution pdu_repair_time() { return Distribution::fixed(kPduRepair_s); }
}  // namespace defaults

}  // namespace dcsim::failure
