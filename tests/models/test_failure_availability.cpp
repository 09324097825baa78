// Availability arithmetic. References: MODELS.md (99.99 % = 52.56 min of downtime a year) and hand
// computations of 5-minute window availability.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/failure/availability.hpp"

using namespace dcsim::failure;

TEST(FailureAvailability, DowntimeAndNines) {
  EXPECT_NEAR(downtime_per_year_s(0.9999) / 60.0, 52.56, 1e-9);  // 1e-4 x 525,600 min
  EXPECT_NEAR(downtime_per_year_s(0.999) / 3600.0, 8.76, 1e-9);
  EXPECT_NEAR(nines(0.9999), 4.0, 1e-9);
  EXPECT_NEAR(nines(0.99999999999), 11.0, 1e-4);  // S3's durability design target (fp limits precision)
  EXPECT_TRUE(std::isinf(nines(1.0)));
  EXPECT_NEAR(availability_from_nines(3.0), 0.999, 1e-15);
  EXPECT_NEAR(steady_state_availability(999.0, 1.0), 0.999, 1e-15);
  EXPECT_NEAR(availability_from_downtime(3153.6, kSecondsPerYear), 0.9999, 1e-15);
  EXPECT_THROW(nines(1.5), std::invalid_argument);
  EXPECT_THROW(availability_from_downtime(10.0, 5.0), std::invalid_argument);
}

TEST(FailureAvailability, FiveMinuteWindows) {
  // Down [100, 400) and [350, 700) (overlap counted once) and [1000, 1100), over [0, 1200):
  // window 0 [0,300): 200 s down -> 1/3; window 1 [300,600): 300 s -> 0; window 2 [600,900): 100 s -> 2/3;
  // window 3 [900,1200): 100 s -> 2/3 (hand computation). Input order does not matter.
  const std::vector<Interval> down = {{1000, 1100}, {350, 700}, {100, 400}};
  const auto a = window_availability(down, 0.0, 1200.0);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_NEAR(a[0], 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(a[1], 0.0, 1e-12);
  EXPECT_NEAR(a[2], 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(a[3], 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(fraction_windows_available(a), 0.0);
  EXPECT_DOUBLE_EQ(fraction_windows_available(a, 0.5), 0.5);
  // A shorter last window and an interval sticking out of the range: [0, 450), down [400, 900):
  // window 0 fully up, window 1 [300, 450) 50 s down of 150 -> 2/3.
  const std::vector<Interval> tail = {{400, 900}};
  const auto b = window_availability(tail, 0.0, 450.0);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_DOUBLE_EQ(b[0], 1.0);
  EXPECT_NEAR(b[1], 2.0 / 3.0, 1e-12);
  EXPECT_THROW(window_availability(tail, 10.0, 10.0), std::invalid_argument);
}

TEST(FailureAvailability, SlaFromErrorRates) {
  // S3 SLA style: 1 - mean of the 5-minute error rates: (0 + 0.01 + 0.02 + 0) / 4 -> 0.9925.
  const std::vector<double> rates = {0.0, 0.01, 0.02, 0.0};
  EXPECT_NEAR(sla_uptime_from_error_rates(rates), 0.9925, 1e-15);
  const std::vector<double> bad = {0.1, 1.5};
  EXPECT_THROW(sla_uptime_from_error_rates(bad), std::invalid_argument);
}
