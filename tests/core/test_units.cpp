// Units parser: every value checked against a hand conversion to SI.
#include <gtest/gtest.h>

#include "core/units.hpp"

using namespace dcsim::units;

static double ok(std::string_view s, Dimension d) {
  auto r = parse(s, d);
  EXPECT_TRUE(r.value.has_value()) << s << ": " << r.error;
  return r.value.value_or(-1);
}

TEST(Units, IssueExamples) {
  EXPECT_DOUBLE_EQ(ok("10Gbps", Dimension::Bandwidth), 1.25e9);            // 10e9 bit/s / 8
  EXPECT_DOUBLE_EQ(ok("4TiB", Dimension::DataSize), 4.0 * 1099511627776.0);  // 4 * 2^40
  EXPECT_DOUBLE_EQ(ok("300s", Dimension::Time), 300.0);
  EXPECT_DOUBLE_EQ(ok("1h", Dimension::Time), 3600.0);
  EXPECT_DOUBLE_EQ(ok("22C", Dimension::Temperature), 22.0);
  EXPECT_DOUBLE_EQ(ok("1.2MW", Dimension::Power), 1.2e6);
  EXPECT_DOUBLE_EQ(ok("0.95", Dimension::Dimensionless), 0.95);
}

TEST(Units, Conversions) {
  EXPECT_DOUBLE_EQ(ok("95%", Dimension::Dimensionless), 0.95);
  EXPECT_DOUBLE_EQ(ok("1 kWh", Dimension::Energy), 3.6e6);
  EXPECT_NEAR(ok("295.15K", Dimension::Temperature), 22.0, 1e-12);
  EXPECT_NEAR(ok("212F", Dimension::Temperature), 100.0, 1e-12);
  EXPECT_DOUBLE_EQ(ok("100MB/s", Dimension::Bandwidth), 1e8);
  EXPECT_DOUBLE_EQ(ok("2500MIPS", Dimension::ComputeSpeed), 2.5e9);
  EXPECT_DOUBLE_EQ(ok("1.5d", Dimension::Time), 129600.0);
  EXPECT_DOUBLE_EQ(ok("30/h", Dimension::Rate), 30.0 / 3600.0);
  EXPECT_DOUBLE_EQ(ok("1/1000h", Dimension::Rate), 1.0 / 3.6e6);
  EXPECT_DOUBLE_EQ(ok("450g/kWh", Dimension::CarbonIntensity), 0.45 / 3.6e6);
  EXPECT_DOUBLE_EQ(ok("0", Dimension::Power), 0.0);  // zero needs no unit
  EXPECT_DOUBLE_EQ(ok("1e3W", Dimension::Power), 1000.0);
}

TEST(Units, Errors) {
  auto r = parse("10", Dimension::Bandwidth);
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.error.find("has no unit"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("Gbps"), std::string::npos) << r.error;
  r = parse("10GB", Dimension::Bandwidth);  // a size is not a bandwidth
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.error.find("unknown unit 'GB'"), std::string::npos) << r.error;
  EXPECT_FALSE(parse("fast", Dimension::Time).value);
  EXPECT_FALSE(parse("", Dimension::Time).value);
  EXPECT_FALSE(parse("1.2mw", Dimension::Power).value);  // units are case-sensitive: mW vs MW
}

TEST(Units, FormatRoundTrips) {
  for (auto [v, d] : std::vector<std::pair<double, Dimension>>{{1.25e9, Dimension::Bandwidth},
                                                               {4.0 * 1099511627776.0, Dimension::DataSize},
                                                               {300, Dimension::Time},
                                                               {1.2e6, Dimension::Power},
                                                               {22, Dimension::Temperature},
                                                               {7200, Dimension::Time}}) {
    EXPECT_NEAR(ok(format(v, d), d), v, 1e-9 * v) << format(v, d);
  }
  EXPECT_EQ(format(1.25e9, Dimension::Bandwidth), "10Gbps");
}
