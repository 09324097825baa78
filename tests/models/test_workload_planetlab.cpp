// PlanetLab trace reader and CloudSim's interpolation (models/workload/planetlab_reader.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/input_error.hpp"
#include "models/workload/planetlab_reader.hpp"

#ifndef DCSIM_SHARED_DIR
#define DCSIM_SHARED_DIR DCSIM_SOURCE_DIR "/../shared"
#endif

namespace fs = std::filesystem;
using namespace dcsim::workload;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("dcsim_planetlab_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

// Returns the formatted error message, or "" if no error was thrown.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const dcsim::InputErrors& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// Reference: /work/shared/data/README.md (1052 files x 288 lines, mean 12.31%),
// first byte-sorted name and first values from `LC_ALL=C ls | head -1` and `head -3` of that file.
TEST(WorkloadPlanetLab, SharedDay20110303) {
  const std::string dir = DCSIM_SHARED_DIR "/data/planetlab/20110303";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "shared PlanetLab data not present: " << dir;
  // (Load time is measured in bench/, not asserted here.)
  const std::vector<UtilizationTrace> traces = read_planetlab_directory(dir);
  ASSERT_EQ(traces.size(), 1052u);
  double sum = 0;
  std::size_t n = 0;
  for (const auto& t : traces) {
    EXPECT_EQ(t.values.size(), 288u) << t.name;
    EXPECT_EQ(t.interval_s, 300.0);
    for (double v : t.values) sum += v;
    n += t.values.size();
  }
  EXPECT_NEAR(100.0 * sum / static_cast<double>(n), 12.31, 0.01);
  EXPECT_EQ(traces.front().name, "146-179_surfsnel_dsl_internl_net_colostate_557");
  EXPECT_DOUBLE_EQ(traces.front().values[0], 0.24);
  EXPECT_DOUBLE_EQ(traces.front().values[1], 0.34);
  EXPECT_DOUBLE_EQ(traces.front().values[2], 0.29);
  for (std::size_t i = 1; i < traces.size(); ++i) EXPECT_LT(traces[i - 1].name, traces[i].name);
  EXPECT_TRUE(std::any_of(traces.begin(), traces.end(),
                          [](const UtilizationTrace& t) { return t.name.find(' ') != std::string::npos; }));
}

// Reference: byte order by hand: 'B' (0x42) < 'a' (0x61) < "a b" (prefix) < 'b' < 0xC3 ("é" in UTF-8);
// hidden files and subdirectories are skipped.
TEST(WorkloadPlanetLab, ByteSortedNamesHiddenSkipped) {
  TempDir d("order");
  for (const char* name : {"b", "a b", "B", "a", "\xC3\xA9"}) d.write(name, "1\n");
  d.write(".hidden", "not a number\n");
  fs::create_directories(d.path / "subdir");
  auto traces = read_planetlab_directory(d.path.string());
  ASSERT_EQ(traces.size(), 5u);
  const std::vector<std::string> expected = {"B", "a", "a b", "b", "\xC3\xA9"};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(traces[i].name, expected[i]);
}

// Reference: hand computation; CRLF, surrounding spaces, missing final newline and trailing blank lines
// are accepted; value/100 exactly as CloudSim (Integer / 100.0).
TEST(WorkloadPlanetLab, LineFormats) {
  TempDir d("formats");
  auto t = read_planetlab_file(d.write("x", "5\r\n 7 \n100\n0\n\n\n"));
  ASSERT_EQ(t.values.size(), 4u);
  EXPECT_EQ(t.values[0], 5 / 100.0);
  EXPECT_EQ(t.values[1], 7 / 100.0);
  EXPECT_EQ(t.values[2], 1.0);
  EXPECT_EQ(t.values[3], 0.0);
  EXPECT_EQ(t.name, "x");
  auto u = read_planetlab_file(d.write("y", "42"));
  ASSERT_EQ(u.values.size(), 1u);
  EXPECT_EQ(u.values[0], 0.42);
}

// Reference: the brief's error list; each message names file:line.
TEST(WorkloadPlanetLab, MalformedInputs) {
  TempDir d("bad");
  std::string p = d.write("frac", "1\n12.5\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":2:"), std::string::npos);
  p = d.write("text", "abc\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":1:"), std::string::npos);
  p = d.write("high", "1\n2\n101\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":3:"), std::string::npos);
  p = d.write("neg", "-1\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":1:"), std::string::npos);
  p = d.write("two", "1 2\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":1:"), std::string::npos);
  p = d.write("gap", "1\n\n2\n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find(p + ":2:"), std::string::npos);
  p = d.write("empty", "");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find("empty file"), std::string::npos);
  p = d.write("blank", "\n \n");
  EXPECT_NE(error_of([&] { read_planetlab_file(p); }).find("empty file"), std::string::npos);
  // A bad file inside a directory is reported with its own path.
  EXPECT_NE(error_of([&] { read_planetlab_directory(d.path.string()); }), "");
  EXPECT_NE(error_of([&] { read_planetlab_directory((d.path / "missing").string()); }).find("does not exist"),
            std::string::npos);
  TempDir e("hidden_only");
  e.write(".x", "1\n");
  EXPECT_NE(error_of([&] { read_planetlab_directory(e.path.string()); }).find("no trace files"), std::string::npos);
}

// Reference: CloudSim 3.0.3 UtilizationModelPlanetLabInMemory.getUtilization, computed by hand for
// data = [0.1, 0.5, 0.2] (+ data[3] = 0.2): exact at multiples of 300, linear in between.
TEST(WorkloadPlanetLab, CloudSimInterpolation) {
  UtilizationTrace t{"t", 300.0, {0.1, 0.5, 0.2}};
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 0.0), 0.1);
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 300.0), 0.5);
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 600.0), 0.2);
  EXPECT_NEAR(planetlab_utilization(t, 150.0), 0.3, 1e-15);
  EXPECT_NEAR(planetlab_utilization(t, 300.1), 0.5 - 0.3 / 300.0 * 0.1, 1e-15);
  EXPECT_NEAR(planetlab_utilization(t, 0.1), 0.1 + 0.4 / 300.0 * 0.1, 1e-15);
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 750.0), 0.2);  // between data[2] and the padding data[3]
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 900.0), 0.2);  // data[n]
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, 1e6), 0.2);    // held (CloudSim would throw)
  EXPECT_DOUBLE_EQ(planetlab_utilization(t, -5.0), 0.1);   // held
  // Same floating-point expression as CloudSim: u1 + (u2 - u1) / ((i2 - i1) * T) * (t - i1 * T).
  const double t_ev = 86100.1;
  UtilizationTrace day{"d", 300.0, std::vector<double>(288, 0.0)};
  for (int i = 0; i < 288; ++i) day.values[static_cast<std::size_t>(i)] = (i * 37 % 100) / 100.0;
  const double u1 = day.values[287], u2 = day.values[287];
  EXPECT_EQ(planetlab_utilization(day, t_ev), u1 + (u2 - u1) / (1 * 300.0) * (t_ev - 287 * 300.0));
  const double a = day.values[10], b = day.values[11];
  EXPECT_EQ(planetlab_utilization(day, 3000.1), a + (b - a) / (1 * 300.0) * (3000.1 - 10 * 300.0));
}
