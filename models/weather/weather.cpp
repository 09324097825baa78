#include "models/weather/weather.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dcsim::weather {

WeatherHour make_weather_hour(double dry_bulb_C, double dew_point_C, double pressure_Pa) {
  const double dew = std::min(dew_point_C, dry_bulb_C);
  const double W = humidity_ratio_from_dew_point(dew, pressure_Pa);
  return WeatherHour{dry_bulb_C,
                     dew,
                     relative_humidity_from_dew_point(dry_bulb_C, dew),
                     pressure_Pa,
                     wet_bulb_from_dew_point_C(dry_bulb_C, dew, pressure_Pa),
                     moist_air_enthalpy_kJkg(dry_bulb_C, W)};
}

WeatherSeries::WeatherSeries(std::vector<WeatherHour> hours, Station station)
    : hours_(std::move(hours)), station_(std::move(station)) {
  if (hours_.empty()) throw std::invalid_argument("WeatherSeries: at least one hour is required");
}

WeatherSeries WeatherSeries::constant(double dry_bulb_C, DewPoint dew_point, double pressure_Pa) {
  return WeatherSeries({make_weather_hour(dry_bulb_C, dew_point.C, pressure_Pa)}, Station{"constant"});
}

WeatherSeries WeatherSeries::constant(double dry_bulb_C, RelHum rh, double pressure_Pa) {
  return constant(dry_bulb_C, DewPoint{dew_point_from_relative_humidity_C(dry_bulb_C, rh.fraction)}, pressure_Pa);
}

WeatherSeries WeatherSeries::monthly(const std::array<double, 12>& dry_bulb_C,
                                     const std::array<double, 12>& dew_point_C, double pressure_Pa) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<WeatherHour> hours;
  hours.reserve(kHoursPerYear);
  for (std::size_t m = 0; m < 12; ++m) {
    const WeatherHour h = make_weather_hour(dry_bulb_C[m], dew_point_C[m], pressure_Pa);
    hours.insert(hours.end(), static_cast<std::size_t>(kDays[m]) * 24, h);
  }
  return WeatherSeries(std::move(hours), Station{"monthly means"});
}

const WeatherHour& WeatherSeries::at(double t_s) const {
  if (hours_.empty()) throw std::invalid_argument("WeatherSeries::at on an empty series");
  if (!std::isfinite(t_s)) throw std::invalid_argument("WeatherSeries::at: time is not finite");
  const double n = static_cast<double>(hours_.size());
  double k = std::fmod(std::floor(t_s / kHour_s), n);  // exact for integral doubles
  if (k < 0.0) k += n;                                 // times before t = 0 wrap to the end of the year
  return hours_[static_cast<std::size_t>(k)];
}

}  // namespace dcsim::weather
