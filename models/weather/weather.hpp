// Outdoor weather as an hourly series. Each hour carries the measured dry-bulb, dew point and station
// pressure and the derived relative humidity, wet-bulb and enthalpy (ASHRAE Fundamentals ch.1, see
// psychrometrics.hpp), so consumers never redo the iterative psychrometrics.
//
// Time convention: simulation time t = 0 is 1 January 00:00 local standard time. Row k covers
// [3600 k, 3600 (k + 1)) s. EPW rows are "hour ending": EPW hour h (1..24) of a day describes the hour that
// ends at h:00, so EPW hour 1 of 1 January is row 0, i.e. t in [0, 3600). at(t) returns row
// floor(t / 3600) mod size(): step-wise, no interpolation, wraps around after a year.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "models/weather/psychrometrics.hpp"

namespace dcsim::weather {

struct WeatherHour {
  double dry_bulb_C;
  double dew_point_C;
  double rh;  // relative humidity 0..1
  double pressure_Pa;
  double wet_bulb_C;
  double enthalpy_kJkg;  // moist air, per kg dry air
};

// Derives rh, wet-bulb and enthalpy from dry-bulb, dew point and pressure. A dew point above the dry-bulb
// (supersaturated; can occur in rounded data) is lowered to the dry-bulb.
WeatherHour make_weather_hour(double dry_bulb_C, double dew_point_C, double pressure_Pa);

// Tagged humidity inputs for the synthetic constructors.
struct DewPoint {
  double C;
};
struct RelHum {
  double fraction;  // 0..1
};

struct Station {
  std::string name;  // e.g. "San Francisco Intl Ap, CA, USA"
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double time_zone_h = 0.0;
  double elevation_m = 0.0;
};

class WeatherSeries {
 public:
  static constexpr double kHour_s = 3600.0;
  static constexpr std::size_t kHoursPerYear = 8760;

  WeatherSeries() = default;
  // Takes any positive number of hourly rows (8760 normally); throws std::invalid_argument on none.
  explicit WeatherSeries(std::vector<WeatherHour> hours, Station station = {});

  // One condition all year (a single row: at(t) is the same for every t).
  static WeatherSeries constant(double dry_bulb_C, DewPoint dew_point, double pressure_Pa = kStandardPressure_Pa);
  static WeatherSeries constant(double dry_bulb_C, RelHum rh, double pressure_Pa = kStandardPressure_Pa);
  // Twelve monthly means (January first) expanded to 8760 hours of a non-leap year, constant within a month.
  static WeatherSeries monthly(const std::array<double, 12>& dry_bulb_C, const std::array<double, 12>& dew_point_C,
                               double pressure_Pa = kStandardPressure_Pa);

  // Conditions at simulation time t (s): row floor(t / 3600) mod size(). Throws std::invalid_argument for a
  // non-finite t or an empty series.
  const WeatherHour& at(double t_s) const;
  const WeatherHour& hour(std::size_t index) const { return hours_[index]; }
  std::size_t size() const { return hours_.size(); }
  bool empty() const { return hours_.empty(); }
  const std::vector<WeatherHour>& hours() const { return hours_; }
  const Station& station() const { return station_; }

 private:
  std::vector<WeatherHour> hours_;
  Station station_;
};

}  // namespace dcsim::weather
