// EnergyPlus/NREL EPW weather file reader (format: EnergyPlus "Auxiliary Programs", Weather Converter,
// "EnergyPlus Weather File (EPW) Data Dictionary").
//   8 header lines: LOCATION (field 10 = elevation m), DESIGN CONDITIONS, TYPICAL/EXTREME PERIODS,
//   GROUND TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1, COMMENTS 2, DATA PERIODS (field 3 = records
//   per hour; only 1 is supported), then hourly rows of 35 comma-separated fields. Used columns (1-based):
//   4 hour (1..24, hour ending), 7 dry-bulb C (missing 99.9), 8 dew point C (99.9), 10 station pressure Pa
//   (999999). The RH column 9 is not used: rh is recomputed from dry-bulb and dew point so that all derived
//   quantities agree with each other (as EnergyPlus derives humidity from dew point and pressure).
// Missing values (the code, or outside the dictionary's valid range: -70 < T < 70 C, 31000 < p < 120000 Pa):
//   dry-bulb and dew point are interpolated linearly in time between the nearest valid neighbours (held
//   constant before the first / after the last valid value); pressure becomes the standard-atmosphere pressure
//   at the LOCATION elevation (101325 Pa if the elevation is unreadable). A column with no valid value at
//   all is an error.
// Errors (dcsim::InputErrors with file and line): missing/garbled header, sub-hourly data, a row with fewer
// than 10 fields or a non-number in a used column (the message names the column), an hour field out of
// sequence, a row count other than 8760 (or 8784 for a leap-year file).
#pragma once
#include <string>

#include "models/weather/weather.hpp"

namespace dcsim::weather {

WeatherSeries read_epw(const std::string& path);

}  // namespace dcsim::weather
