// EPW reader: synthetic files (valid, missing values, malformed) and the three shared TMY3 files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "core/input_error.hpp"
#include "models/weather/epw_reader.hpp"

#ifndef DCSIM_SHARED_DIR
#define DCSIM_SHARED_DIR DCSIM_SOURCE_DIR "/../shared"
#endif

using namespace dcsim::weather;
namespace fs = std::filesystem;

namespace {

// Hourly row i of a synthetic year: dry-bulb 10 + 0.5 (hour of day), dew point 5, pressure 100000 Pa.
struct Row {
  std::string year = "1999", hour, dry_bulb, dew_point, rh = "70", pressure = "100000";
};

// Writes 8 header lines and `rows` data rows of 35 fields; edit(i, row) may change row i.
std::string write_epw(const fs::path& path, int rows, const std::function<void(int, Row&)>& edit = {},
                      const std::string& eol = "\n", const std::string& elevation = "1000.0") {
  std::ostringstream out;
  out << "LOCATION,Testville,XX,USA,TMY3,999999,40.00,-100.00,-6.0," << elevation << eol
      << "DESIGN CONDITIONS,0" << eol << "TYPICAL/EXTREME PERIODS,0" << eol << "GROUND TEMPERATURES,0" << eol
      << "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0" << eol << "COMMENTS 1,synthetic" << eol << "COMMENTS 2,synthetic"
      << eol << "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31" << eol;
  for (int i = 0; i < rows; ++i) {
    Row r;
    r.hour = std::to_string(i % 24 + 1);
    r.dry_bulb = std::to_string(10.0 + 0.5 * (i % 24));
    r.dew_point = "5.0";
    if (edit) edit(i, r);
    out << r.year << ",1,1," << r.hour << ",0,?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9," << r.dry_bulb
        << ',' << r.dew_point << ',' << r.rh << ',' << r.pressure
        << ",0,0,290,0,0,0,0,0,0,0,0,0.0,2,2,16.0,77777,9,999999999,129,0.1080,0,88,0.160,0.0,1.0" << eol;
  }
  std::ofstream(path, std::ios::binary) << out.str();
  return path.string();
}

class EpwReader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dcsim_epw_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path file(const std::string& name) const { return dir_ / name; }

  // Runs read_epw expecting an InputErrors; returns its first error.
  static dcsim::InputError expect_error(const std::string& path) {
    try {
      read_epw(path);
    } catch (const dcsim::InputErrors& e) {
      return e.errors().at(0);
    }
    ADD_FAILURE() << "no InputErrors for " << path;
    return {};
  }

  fs::path dir_;
};

}  // namespace

TEST_F(EpwReader, ReadsSyntheticYearWithCrlf) {
  // Reference: the values written by write_epw (row 13 = hour 14: 10 + 0.5*13 = 16.5 C) and the documented
  // hour-ending convention (EPW hour 1 of Jan 1 = row 0 = t in [0, 3600)).
  const WeatherSeries s = read_epw(write_epw(file("ok.epw"), 8760, {}, "\r\n"));
  ASSERT_EQ(s.size(), 8760u);
  EXPECT_EQ(s.at(0.0).dry_bulb_C, 10.0);
  EXPECT_EQ(s.at(13 * 3600.0 + 10.0).dry_bulb_C, 16.5);
  EXPECT_EQ(s.hour(8759).dry_bulb_C, 21.5);
  EXPECT_EQ(s.hour(5).pressure_Pa, 100000.0);
  EXPECT_EQ(s.station().name, "Testville, XX, USA");
  EXPECT_EQ(s.station().elevation_m, 1000.0);
}

TEST_F(EpwReader, InterpolatesMissingTemperaturesAndFillsPressure) {
  // Reference: hand interpolation. Row 100 (hour 5, neighbours 11.5 and 12.5 C) -> 12.0 C; dew points of rows
  // 200..202 missing between 5.0 (row 199) and 9.0 (row 203) -> 6, 7, 8 C; leading missing dry-bulb (row 0)
  // takes the first valid value 10.5 C; missing pressure -> standard atmosphere at the LOCATION elevation
  // 1000 m = 89875 Pa (ASHRAE Fundamentals 2017 ch.1 Table 1, +-1 Pa).
  const WeatherSeries s = read_epw(write_epw(file("gaps.epw"), 8760, [](int i, Row& r) {
    if (i == 0 || i == 100) r.dry_bulb = "99.9";
    if (i >= 200 && i <= 202) r.dew_point = "99.9";
    if (i == 203) r.dew_point = "9.0";
    if (i == 300) r.pressure = "999999";
  }));
  EXPECT_DOUBLE_EQ(s.hour(0).dry_bulb_C, 10.5);
  EXPECT_DOUBLE_EQ(s.hour(100).dry_bulb_C, 12.0);
  EXPECT_DOUBLE_EQ(s.hour(200).dew_point_C, 6.0);
  EXPECT_DOUBLE_EQ(s.hour(201).dew_point_C, 7.0);
  EXPECT_DOUBLE_EQ(s.hour(202).dew_point_C, 8.0);
  EXPECT_NEAR(s.hour(300).pressure_Pa, 89875.0, 1.0);
  EXPECT_EQ(s.hour(301).pressure_Pa, 100000.0);
}

TEST_F(EpwReader, MissingPressureWithoutElevationIsSeaLevel) {
  // Reference: documented fallback 101325 Pa when the LOCATION elevation cannot be read.
  const WeatherSeries s = read_epw(write_epw(
      file("noelev.epw"), 8760, [](int i, Row& r) { if (i == 7) r.pressure = "999999"; }, "\n", "unknown"));
  EXPECT_EQ(s.hour(7).pressure_Pa, 101325.0);
}

TEST_F(EpwReader, NonNumberNamesFileLineAndColumn) {
  // Row index 5 is on line 8 + 5 + 1 = 14.
  const auto e = expect_error(write_epw(file("nan.epw"), 8760, [](int i, Row& r) { if (i == 5) r.dry_bulb = "abc"; }));
  EXPECT_EQ(e.line, 14);
  EXPECT_NE(e.file.find("nan.epw"), std::string::npos);
  EXPECT_NE(e.message.find("column 7 (dry-bulb temperature)"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("abc"), std::string::npos) << e.message;
}

TEST_F(EpwReader, TooFewFieldsNamesMissingColumn) {
  const fs::path p = file("short.epw");
  write_epw(p, 8760);
  // Truncate data row 3 (line 12) after the dry-bulb column.
  std::ifstream in(p);
  std::stringstream all;
  all << in.rdbuf();
  in.close();
  std::string text = all.str(), out;
  std::istringstream lines(text);
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (n == 12) line = "1999,1,1,4,0,?9,12.5";
    out += line + "\n";
  }
  std::ofstream(p, std::ios::binary) << out;
  const auto e = expect_error(p.string());
  EXPECT_EQ(e.line, 12);
  EXPECT_NE(e.message.find("column 8 (dew point temperature) is missing"), std::string::npos) << e.message;
}

TEST_F(EpwReader, WrongRowCount) {
  const auto e = expect_error(write_epw(file("short_year.epw"), 8759));
  EXPECT_NE(e.message.find("found 8759 hourly rows, expected 8760"), std::string::npos) << e.message;
  EXPECT_EQ(e.line, 8 + 8759);
  const auto e2 = expect_error(write_epw(file("long_year.epw"), 8800));
  EXPECT_NE(e2.message.find("more than 8784"), std::string::npos) << e2.message;
}

TEST_F(EpwReader, OtherMalformedInputs) {
  // Hour out of sequence (row 30 should be hour 7).
  auto e = expect_error(write_epw(file("hour.epw"), 8760, [](int i, Row& r) { if (i == 30) r.hour = "8"; }));
  EXPECT_EQ(e.line, 39);
  EXPECT_NE(e.message.find("column 4 (hour)"), std::string::npos) << e.message;
  // Every dew point missing: nothing to interpolate from.
  e = expect_error(write_epw(file("nodew.epw"), 8760, [](int, Row& r) { r.dew_point = "99.9"; }));
  EXPECT_NE(e.message.find("dew point"), std::string::npos) << e.message;
  // Not an EPW file at all / empty / absent.
  std::ofstream(file("csv.epw")) << "a,b,c\n1,2,3\n";
  e = expect_error(file("csv.epw").string());
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("LOCATION"), std::string::npos) << e.message;
  std::ofstream(file("empty.epw")) << "";
  e = expect_error(file("empty.epw").string());
  EXPECT_NE(e.message.find("header"), std::string::npos) << e.message;
  e = expect_error(file("does_not_exist.epw").string());
  EXPECT_NE(e.message.find("cannot open"), std::string::npos) << e.message;
  // A blank line in the middle of the data.
  write_epw(file("blank.epw"), 8760);
  {
    std::ifstream in(file("blank.epw"));
    std::stringstream all;
    all << in.rdbuf();
    std::string text = all.str();
    std::size_t pos = 0;
    for (int n = 0; n < 20; ++n) pos = text.find('\n', pos) + 1;  // after line 20
    text.insert(pos, "\n");
    std::ofstream(file("blank.epw"), std::ios::binary) << text;
  }
  e = expect_error(file("blank.epw").string());
  EXPECT_EQ(e.line, 21);
  // Sub-hourly data periods are rejected rather than misread.
  write_epw(file("subhourly.epw"), 8760);
  {
    std::ifstream in(file("subhourly.epw"));
    std::stringstream all;
    all << in.rdbuf();
    std::string text = all.str();
    text.replace(text.find("DATA PERIODS,1,1"), 16, "DATA PERIODS,1,4");
    std::ofstream(file("subhourly.epw"), std::ios::binary) << text;
  }
  e = expect_error(file("subhourly.epw").string());
  EXPECT_EQ(e.line, 8);
}

TEST_F(EpwReader, TruncatedFilesAlwaysGiveInputErrors) {
  // Reference: any cut of a valid 8760-row file loses rows (or the header), so each must be reported as an
  // input error, never a crash or a hang. Cuts at 10 fixed offsets spread over the file, including mid-number.
  const fs::path src = file("full.epw");
  write_epw(src, 8760);
  std::ifstream in(src, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  for (int k = 0; k < 10; ++k) {
    const std::size_t cut = text.size() * static_cast<std::size_t>(k) / 10 + 37;
    std::ofstream(file("cut.epw"), std::ios::binary) << text.substr(0, cut);
    EXPECT_THROW(read_epw(file("cut.epw").string()), dcsim::InputErrors) << "cut at " << cut;
  }
}

namespace {
struct SharedEpw {
  const char* file;
  double first_dry_bulb, first_dew_point, first_pressure, elevation_m;
  int wet_bulb_le_12_5;  // /work/shared/data/README.md table
};
const SharedEpw kShared[] = {
    {"USA_CA_San.Francisco.Intl.AP.724940_TMY3.epw", 7.2, 5.6, 102200, 2.0, 5941},
    {"USA_IL_Chicago-OHare.Intl.AP.725300_TMY3.epw", -12.2, -16.1, 99500, 201.0, 5525},
    {"USA_AZ_Davis-Monthan.AFB.722745_TMY3.epw", 5.6, -2.9, 92100, 809.0, 5159},
};
}  // namespace

TEST(EpwReaderShared, ReadsTmy3FilesAndReproducesWetBulbHours) {
  // Reference: first data row of each file (read with a text viewer); wet-bulb <= 12.5 C hour counts from
  // /work/shared/data/README.md, reproduced exactly with the station pressure of each row.
  for (const auto& c : kShared) {
    const std::string path = std::string(DCSIM_SHARED_DIR) + "/data/weather/" + c.file;
    if (!fs::exists(path)) GTEST_SKIP() << "missing " << path;
    const WeatherSeries s = read_epw(path);  // (read time is measured in bench/, not asserted here)
    ASSERT_EQ(s.size(), 8760u) << c.file;
    EXPECT_EQ(s.hour(0).dry_bulb_C, c.first_dry_bulb);
    EXPECT_EQ(s.hour(0).dew_point_C, c.first_dew_point);
    EXPECT_EQ(s.hour(0).pressure_Pa, c.first_pressure);
    EXPECT_EQ(s.station().elevation_m, c.elevation_m);
    int n = 0;
    for (const auto& h : s.hours()) n += h.wet_bulb_C <= 12.5;
    EXPECT_EQ(n, c.wet_bulb_le_12_5) << c.file;
  }
}
