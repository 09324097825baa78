// Shared text-input helpers of the trace readers (models/workload/detail/text_input.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/input_error.hpp"
#include "models/workload/detail/text_input.hpp"
#include "models/workload/detail/usage_grid.hpp"

namespace fs = std::filesystem;
using namespace dcsim::workload;
using namespace dcsim::workload::detail;

// Reference: the input written, line by line (hand count). Lines longer than the 1 MiB read chunk and lines
// that straddle chunk boundaries come back whole; CRLF and a missing final newline are handled.
TEST(WorkloadTextInput, LineReaderChunksAndLineEnds) {
  fs::path p = fs::temp_directory_path() / ("dcsim_text_" + std::to_string(::getpid()));
  std::string long_line(3 * 1024 * 1024 + 17, 'x');
  {
    std::ofstream out(p, std::ios::binary);
    out << "a\r\n" << long_line << "\n";
    for (int i = 0; i < 200000; ++i) out << i << ",y\n";  // ~2 MB: crosses chunk boundaries
    out << "last";
  }
  LineReader r(p.string());
  std::string_view line;
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "a");
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line.size(), long_line.size());
  for (int i = 0; i < 200000; ++i) {
    ASSERT_TRUE(r.next(line));
    ASSERT_EQ(line, std::to_string(i) + ",y");
  }
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "last");
  EXPECT_EQ(r.line_number(), 200003);
  EXPECT_FALSE(r.next(line));
  fs::remove(p);
  EXPECT_THROW(LineReader("/nonexistent/x"), dcsim::InputErrors);
  EXPECT_THROW(LineReader(fs::temp_directory_path().string()), dcsim::InputErrors);  // a directory
}

// Reference: by hand.
TEST(WorkloadTextInput, SplitAndParse) {
  std::vector<std::string_view> f;
  EXPECT_EQ(split("a, b ,,c", ',', f), 4u);
  EXPECT_EQ(f[1], "b");
  EXPECT_EQ(f[2], "");
  EXPECT_EQ(split_whitespace("  1\t 2   3 ", f), 3u);
  EXPECT_EQ(f[2], "3");
  double d = 0;
  EXPECT_TRUE(parse_double(" +1.5e3 ", d));
  EXPECT_EQ(d, 1500.0);
  EXPECT_FALSE(parse_double("1.5x", d));
  EXPECT_FALSE(parse_double("nan", d));
  EXPECT_FALSE(parse_double("inf", d));
  EXPECT_FALSE(parse_double("", d));
  std::int64_t i = 0;
  EXPECT_TRUE(parse_int64("9223372036854775807", i));
  EXPECT_EQ(i, INT64_MAX);
  EXPECT_FALSE(parse_int64("9223372036854775808", i));  // overflow
  EXPECT_FALSE(parse_int64("1.0", i));
}

// Reference: usage_grid.hpp rules applied by hand: bins round((t - 100)/300); window weights; gaps hold;
// values clamp to 0..1; a series with no valid value is empty.
TEST(WorkloadTextInput, UsageGridResampling) {
  std::vector<UsageSample> s = {
      {1000.0, 1000.0, 0.9, NAN},  // bin 3 (given out of order)
      {100.0, 100.0, 0.2, NAN},    // bin 0
      {390.0, 390.0, 1.6, NAN},    // bin 1 (round(0.97)), clamped after averaging with the next
      {420.0, 420.0, 0.4, NAN},    // bin 1 -> (1.6 + 0.4)/2 = 1.0
  };
  UtilizationTrace cpu, mem;
  ASSERT_TRUE(resample(s, 300.0, cpu, mem));
  EXPECT_EQ(cpu.start_s, 100.0);
  ASSERT_EQ(cpu.values.size(), 4u);
  EXPECT_DOUBLE_EQ(cpu.values[0], 0.2);
  EXPECT_DOUBLE_EQ(cpu.values[1], 1.0);
  EXPECT_DOUBLE_EQ(cpu.values[2], 1.0);  // gap: held
  EXPECT_DOUBLE_EQ(cpu.values[3], 0.9);
  EXPECT_TRUE(mem.values.empty());
  std::vector<UsageSample> w = {{0.0, 100.0, 0.2, 0.5}, {100.0, 300.0, 0.5, NAN}};  // windows, same bin
  ASSERT_TRUE(resample(w, 300.0, cpu, mem));
  ASSERT_EQ(cpu.values.size(), 1u);
  EXPECT_DOUBLE_EQ(cpu.values[0], (100 * 0.2 + 200 * 0.5) / 300.0);
  EXPECT_DOUBLE_EQ(mem.values[0], 0.5);
  std::vector<UsageSample> far = {{0.0, 0.0, 0.1, 0.1}, {1e15, 1e15, 0.1, 0.1}};
  EXPECT_FALSE(resample(far, 300.0, cpu, mem));  // would need 3e12 bins
}
