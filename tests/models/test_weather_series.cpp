// WeatherSeries: hour indexing convention, synthetic constant and monthly series.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "models/weather/weather.hpp"

using namespace dcsim::weather;

TEST(WeatherSeries, HourIndexIsFloorOfTimeModuloSize) {
  // Reference: the documented convention (weather.hpp): row floor(t / 3600) mod size; EPW hour 1 = row 0.
  WeatherSeries s({make_weather_hour(10.0, 0.0, 101325.0), make_weather_hour(11.0, 0.0, 101325.0),
                   make_weather_hour(12.0, 0.0, 101325.0)});
  EXPECT_EQ(s.at(0.0).dry_bulb_C, 10.0);
  EXPECT_EQ(s.at(3599.999).dry_bulb_C, 10.0);
  EXPECT_EQ(s.at(3600.0).dry_bulb_C, 11.0);
  EXPECT_EQ(s.at(2 * 3600.0 + 1.0).dry_bulb_C, 12.0);
  EXPECT_EQ(s.at(3 * 3600.0).dry_bulb_C, 10.0);               // wraps after the last row
  EXPECT_EQ(s.at(-1.0).dry_bulb_C, 12.0);                     // before t = 0: end of the year
  EXPECT_EQ(s.at(1000 * 3 * 3600.0 + 3600.0).dry_bulb_C, 11.0);
  EXPECT_THROW(s.at(NAN), std::invalid_argument);
  EXPECT_THROW(WeatherSeries(std::vector<WeatherHour>{}), std::invalid_argument);
}

TEST(WeatherSeries, ConstantFromRelativeHumidity) {
  // Reference: README check value 25 C / 50% RH / 101325 Pa -> wet-bulb 17.89 C (0.02 K); RH round trip 1e-9;
  // enthalpy by hand: W = 0.621945 * 1584.85 / (101325 - 1584.85) = 0.009883, h = 1.006*25 + W*(2501 + 1.86*25)
  // = 50.33 kJ/kg (0.05).
  const WeatherSeries s = WeatherSeries::constant(25.0, RelHum{0.5});
  ASSERT_EQ(s.size(), 1u);
  const WeatherHour& h = s.at(1.0e9);
  EXPECT_NEAR(h.wet_bulb_C, 17.89, 0.02);
  EXPECT_NEAR(h.rh, 0.5, 1e-9);
  EXPECT_NEAR(h.enthalpy_kJkg, 50.33, 0.05);
  EXPECT_EQ(h.pressure_Pa, 101325.0);
}

TEST(WeatherSeries, ConstantFromDewPointClampsSupersaturation) {
  // Reference: physics: dew point cannot exceed dry-bulb; saturated air has RH 1 and wet-bulb = dry-bulb.
  const WeatherSeries s = WeatherSeries::constant(20.0, DewPoint{22.0}, 90000.0);
  const WeatherHour& h = s.at(0.0);
  EXPECT_EQ(h.dew_point_C, 20.0);
  EXPECT_DOUBLE_EQ(h.rh, 1.0);
  EXPECT_DOUBLE_EQ(h.wet_bulb_C, 20.0);
}

TEST(WeatherSeries, MonthlyMeansExpandToNonLeapYear) {
  // Reference: month lengths of a non-leap year: Feb 1 00:00 = hour 744, Mar 1 = 1416, Dec 31 23:00 = 8759.
  std::array<double, 12> db{}, dp{};
  for (int m = 0; m < 12; ++m) {
    db[m] = m;
    dp[m] = m - 5.0;
  }
  const WeatherSeries s = WeatherSeries::monthly(db, dp, 95000.0);
  ASSERT_EQ(s.size(), 8760u);
  EXPECT_EQ(s.hour(743).dry_bulb_C, 0.0);
  EXPECT_EQ(s.hour(744).dry_bulb_C, 1.0);
  EXPECT_EQ(s.hour(1415).dry_bulb_C, 1.0);
  EXPECT_EQ(s.hour(1416).dry_bulb_C, 2.0);
  EXPECT_EQ(s.hour(8759).dry_bulb_C, 11.0);
  EXPECT_EQ(s.at(744 * 3600.0).dew_point_C, -4.0);
  EXPECT_EQ(s.at(0.0).pressure_Pa, 95000.0);
}
