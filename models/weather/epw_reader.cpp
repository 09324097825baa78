#include "models/weather/epw_reader.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"

namespace dcsim::weather {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kHeaderLines = 8;
constexpr std::size_t kUsedFields = 10;  // columns 1..10 hold everything read here
constexpr int kHourCol = 4, kDryBulbCol = 7, kDewPointCol = 8, kPressureCol = 10;  // 1-based, as in the EPW dictionary

const char* column_name(int col) {
  switch (col) {
    case 1: return "year";
    case 2: return "month";
    case 3: return "day";
    case 4: return "hour";
    case 5: return "minute";
    case 6: return "data source flags";
    case 7: return "dry-bulb temperature";
    case 8: return "dew point temperature";
    case 9: return "relative humidity";
    case 10: return "station pressure";
    default: return "field";
  }
}

std::string column_label(int col) { return "column " + std::to_string(col) + " (" + column_name(col) + ")"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

// Splits into at most N leading fields; returns the total number of fields in the line.
template <std::size_t N>
std::size_t split(std::string_view line, std::array<std::string_view, N>& fields) {
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    if (count < N) fields[count] = line.substr(start, end - start);
    ++count;
    if (comma == std::string_view::npos) return count;
    start = comma + 1;
  }
}

std::string excerpt(std::string_view s) {
  s = trim(s);
  if (s.size() > 40) return std::string(s.substr(0, 40)) + "...";
  return std::string(s);
}

// Fills NaN gaps by linear interpolation between the nearest valid neighbours; ends are held constant.
// Returns false when there is no valid value at all.
bool fill_gaps(std::vector<double>& v) {
  const std::size_t n = v.size();
  std::size_t prev = n;  // index of the last valid value, n if none yet
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(v[i])) continue;
    if (prev == n) {
      for (std::size_t j = 0; j < i; ++j) v[j] = v[i];
    } else if (i > prev + 1) {
      const double a = v[prev], b = v[i];
      const double span = static_cast<double>(i - prev);
      for (std::size_t j = prev + 1; j < i; ++j) v[j] = a + (b - a) * static_cast<double>(j - prev) / span;
    }
    prev = i;
  }
  if (prev == n) return false;
  for (std::size_t j = prev + 1; j < n; ++j) v[j] = v[prev];
  return true;
}

}  // namespace

WeatherSeries read_epw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw_file_error(path, 0, "cannot open the weather file for reading");
  // One bulk read (a 1.6 MB EPW): much faster than character-wise stream iteration.
  const std::streamoff size = in.tellg();
  if (size < 0) throw_file_error(path, 0, "cannot determine the size of the weather file");
  if (size > (std::streamoff(1) << 30)) throw_file_error(path, 0, "file is larger than 1 GiB; not an hourly EPW file");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  if (in.gcount() != size) throw_file_error(path, 0, "error while reading the weather file");

  Station station;
  double elevation_m = kNaN;
  std::vector<double> dry_bulb, dew_point, pressure;
  dry_bulb.reserve(8784);
  dew_point.reserve(8784);
  pressure.reserve(8784);

  std::array<std::string_view, 12> f{};
  std::size_t pos = 0;
  int line_no = 0;
  int first_blank_line = 0;  // a blank line is only allowed at the end of the file
  int last_data_line = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line = trim(std::string_view(text).substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 byte-order mark

    if (line_no <= kHeaderLines) {
      if (line_no == 1) {
        if (line.substr(0, 8) != "LOCATION") {
          throw_file_error(path, 1, "expected the EPW header line 'LOCATION,...', found '" + excerpt(line) + "'");
        }
        const std::size_t n = split(line, f);
        for (std::size_t i = 1; i <= 3 && i < n; ++i) {
          const std::string_view part = trim(f[i]);
          if (part.empty()) continue;
          if (!station.name.empty()) station.name += ", ";
          station.name += std::string(part);
        }
        double v = 0.0;
        if (n > 6 && parse_number(f[6], v)) station.latitude_deg = v;
        if (n > 7 && parse_number(f[7], v)) station.longitude_deg = v;
        if (n > 8 && parse_number(f[8], v)) station.time_zone_h = v;
        if (n > 9 && parse_number(f[9], v)) elevation_m = v;
      } else if (line_no == kHeaderLines) {
        if (line.substr(0, 12) != "DATA PERIODS") {
          throw_file_error(path, line_no,
                           "expected the EPW header line 'DATA PERIODS,...' (8th line), found '" + excerpt(line) + "'");
        }
        const std::size_t n = split(line, f);
        double per_hour = 1.0;
        if (n > 2 && parse_number(f[2], per_hour) && per_hour != 1.0) {
          throw_file_error(path, line_no,
                           "the file has " + excerpt(f[2]) + " records per hour; only hourly EPW files (1) are supported");
        }
      }
      continue;
    }

    if (line.empty()) {
      if (first_blank_line == 0) first_blank_line = line_no;
      continue;
    }
    if (first_blank_line != 0) {
      throw_file_error(path, first_blank_line, "empty line between hourly data rows");
    }
    const std::size_t row = dry_bulb.size();
    if (row >= 8784) {
      throw_file_error(path, line_no, "more than 8784 hourly rows; expected 8760 (8784 for a leap year)");
    }
    const std::size_t n = split(line, f);
    if (n < kUsedFields) {
      const int missing_col = n < 4 ? kHourCol : n < 7 ? kDryBulbCol : n < 8 ? kDewPointCol : kPressureCol;
      throw_file_error(path, line_no,
                       "row has " + std::to_string(n) + " comma-separated fields, expected 35; " +
                           column_label(missing_col) + " is missing");
    }
    double hour = 0.0;
    if (!parse_number(f[kHourCol - 1], hour)) {
      throw_file_error(path, line_no,
                       column_label(kHourCol) + ": expected a number, found '" + excerpt(f[kHourCol - 1]) + "'");
    }
    const double expected_hour = static_cast<double>(row % 24 + 1);
    if (hour != expected_hour) {
      throw_file_error(path, line_no,
                       column_label(kHourCol) + ": found " + excerpt(f[kHourCol - 1]) + ", expected " +
                           std::to_string(row % 24 + 1) + " (rows must be consecutive hours 1..24 of each day)");
    }
    double v[3];
    const int cols[3] = {kDryBulbCol, kDewPointCol, kPressureCol};
    for (int k = 0; k < 3; ++k) {
      if (!parse_number(f[cols[k] - 1], v[k])) {
        throw_file_error(path, line_no,
                         column_label(cols[k]) + ": expected a number, found '" + excerpt(f[cols[k] - 1]) + "'");
      }
    }
    // Missing codes (99.9, 999999) lie outside the dictionary's valid ranges, so one range test covers both.
    dry_bulb.push_back(v[0] > -70.0 && v[0] < 70.0 ? v[0] : kNaN);
    dew_point.push_back(v[1] > -70.0 && v[1] < 70.0 ? v[1] : kNaN);
    pressure.push_back(v[2] > 31000.0 && v[2] < 120000.0 ? v[2] : kNaN);
    last_data_line = line_no;
  }

  if (line_no < kHeaderLines) {
    throw_file_error(path, line_no, "the file ends inside the 8-line EPW header");
  }
  const std::size_t rows = dry_bulb.size();
  if (rows != 8760 && rows != 8784) {
    throw_file_error(path, last_data_line > 0 ? last_data_line : line_no,
                     "found " + std::to_string(rows) + " hourly rows, expected 8760 (8784 for a leap year)");
  }
  if (!fill_gaps(dry_bulb)) throw_file_error(path, 0, column_label(kDryBulbCol) + ": every value is missing");
  if (!fill_gaps(dew_point)) throw_file_error(path, 0, column_label(kDewPointCol) + ": every value is missing");
  const double fallback_Pa = std::isnan(elevation_m) ? kStandardPressure_Pa : standard_pressure_Pa(elevation_m);
  station.elevation_m = std::isnan(elevation_m) ? 0.0 : elevation_m;

  std::vector<WeatherHour> hours;
  hours.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const double p = std::isnan(pressure[i]) ? fallback_Pa : pressure[i];
    hours.push_back(make_weather_hour(dry_bulb[i], dew_point[i], p));
  }
  return WeatherSeries(std::move(hours), std::move(station));
}

}  // namespace dcsim::weather
