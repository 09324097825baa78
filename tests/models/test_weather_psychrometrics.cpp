// Psychrometrics against ASHRAE Handbook - Fundamentals 2017 ch.1 (tables, Example 1) and the project's check
// value (/work/shared/data/README.md: 25 C, 50% RH, sea level -> wet-bulb 17.89 C).
#include <gtest/gtest.h>

#include <cmath>

#include "models/weather/psychrometrics.hpp"

using namespace dcsim::weather;

TEST(Psychrometrics, WetBulbCheckValueFromReadme) {
  // Reference: /work/shared/data/README.md and MODELS.md: 25 C dry-bulb, 50% RH, 101325 Pa -> 17.89 C.
  EXPECT_NEAR(wet_bulb_from_relative_humidity_C(25.0, 0.5, 101325.0), 17.89, 0.02);
}

TEST(Psychrometrics, SaturationPressureMatchesAshraeTable3) {
  // Reference: ASHRAE Fundamentals 2017 ch.1 Table 3; ASHRAE states the Hyland-Wexler fit is within 300 ppm.
  EXPECT_NEAR(saturation_vapor_pressure_Pa(-20.0), 103.24, 103.24 * 3e-4);  // over ice
  EXPECT_NEAR(saturation_vapor_pressure_Pa(5.0), 872.6, 872.6 * 3e-4);
  EXPECT_NEAR(saturation_vapor_pressure_Pa(25.0), 3169.7, 3169.7 * 3e-4);
  EXPECT_NEAR(saturation_vapor_pressure_Pa(50.0), 12351.3, 12351.3 * 3e-4);
}

TEST(Psychrometrics, AshraeExample1) {
  // Reference: ASHRAE Fundamentals 2017 ch.1, Example 1: 40 C dry-bulb, 20 C thermodynamic wet-bulb,
  // 101.325 kPa -> W = 0.0065, h = 56.7 kJ/kg, v = 0.896 m3/kg, RH 14%, dew point about 7 C (the handbook
  // reads the dew point off a chart, so it gets +-0.5 K).
  const double p = 101325.0;
  const double W = humidity_ratio_from_wet_bulb(40.0, 20.0, p);
  EXPECT_NEAR(W, 0.0065, 0.0001);
  EXPECT_NEAR(moist_air_enthalpy_kJkg(40.0, W), 56.7, 0.1);
  EXPECT_NEAR(moist_air_specific_volume_m3kg(40.0, W, p), 0.896, 0.001);
  const double dew = dew_point_from_vapor_pressure_C(vapor_pressure_from_humidity_ratio(W, p));
  EXPECT_NEAR(dew, 7.0, 0.5);
  EXPECT_NEAR(relative_humidity_from_dew_point(40.0, dew), 0.14, 0.01);
  // Reverse: the wet-bulb recomputed from this dew point must be the example's 20 C (self-consistency, 1e-6 K).
  EXPECT_NEAR(wet_bulb_from_dew_point_C(40.0, dew, p), 20.0, 1e-6);
  EXPECT_NEAR(wet_bulb_from_humidity_ratio_C(40.0, W, p), 20.0, 1e-6);
}

TEST(Psychrometrics, SaturatedAirAndDryAirProperties) {
  // Reference: ASHRAE Fundamentals 2017 ch.1 Table 2 at 25 C, 101.325 kPa: Ws = 0.020173 (0.5%),
  // h_s = 76.504 kJ/kg (1%), dry air v = 0.8443 m3/kg (0.1%).
  const double ws = humidity_ratio_from_dew_point(25.0, 101325.0);
  EXPECT_NEAR(ws, 0.020173, 0.020173 * 0.005);
  EXPECT_NEAR(moist_air_enthalpy_kJkg(25.0, ws), 76.504, 76.504 * 0.01);
  EXPECT_NEAR(moist_air_density_kgm3(25.0, 0.0, 101325.0), 1.0 / 0.8443, 1.0 / 0.8443 * 1e-3);
}

TEST(Psychrometrics, StandardAtmosphereMatchesAshraeTable1) {
  // Reference: ASHRAE Fundamentals 2017 ch.1 Table 1 (standard atmosphere), +-1 Pa.
  EXPECT_NEAR(standard_pressure_Pa(0.0), 101325.0, 1.0);
  EXPECT_NEAR(standard_pressure_Pa(500.0), 95461.0, 1.0);
  EXPECT_NEAR(standard_pressure_Pa(1000.0), 89875.0, 1.0);
}

TEST(Psychrometrics, BelowFreezingWetBulbRoundTrip) {
  // Reference: analytic eq. 35 evaluated by hand (PsychroLib's SI test uses the same point:
  // W(-1 C, wet-bulb -5 C, 95461 Pa) = 0.00120399819933844); the inverse must return -5 C to 1e-6 K.
  const double W = humidity_ratio_from_wet_bulb(-1.0, -5.0, 95461.0);
  EXPECT_NEAR(W, 0.00120399819933844, 0.00120399819933844 * 3e-4);
  EXPECT_NEAR(wet_bulb_from_humidity_ratio_C(-1.0, W, 95461.0), -5.0, 1e-6);
}

TEST(Psychrometrics, DewPointInvertsSaturationPressure) {
  // Reference: identity dew_point(pws(t)) = t, tolerance 1e-6 K, over ice and water.
  for (double t : {-40.0, -20.0, -0.5, 0.0, 5.0, 25.0, 50.0}) {
    EXPECT_NEAR(dew_point_from_vapor_pressure_C(saturation_vapor_pressure_Pa(t)), t, 1e-6) << t;
  }
  // RH 1 gives dew point = dry-bulb exactly; RH 0.5 at 25 C: pws(dp) = 0.5 * 3169.7 Pa (Table 3), within 300 ppm.
  EXPECT_DOUBLE_EQ(dew_point_from_relative_humidity_C(25.0, 1.0), 25.0);
  EXPECT_NEAR(saturation_vapor_pressure_Pa(dew_point_from_relative_humidity_C(25.0, 0.5)), 0.5 * 3169.7,
              0.5 * 3169.7 * 3e-4);
}

TEST(Psychrometrics, ExtremeInputsStayBoundedAndFinite) {
  // Reference: physical bounds dew point <= wet-bulb <= dry-bulb; saturated air has wet-bulb = dry-bulb.
  EXPECT_DOUBLE_EQ(wet_bulb_from_dew_point_C(20.0, 25.0, 101325.0), 20.0);  // dew point above dry-bulb
  EXPECT_DOUBLE_EQ(wet_bulb_from_relative_humidity_C(30.0, 1.0, 101325.0), 30.0);
  for (double t : {-60.0, -30.0, 0.0, 45.0, 60.0}) {
    for (double rh : {0.0, 0.01, 0.3, 0.99}) {
      const double wb = wet_bulb_from_relative_humidity_C(t, rh, 80000.0);
      const double dp = dew_point_from_relative_humidity_C(t, rh);
      EXPECT_TRUE(std::isfinite(wb)) << t << " " << rh;
      EXPECT_LE(wb, t + 1e-9) << t << " " << rh;
      EXPECT_GE(wb, dp - 1e-6) << t << " " << rh;
    }
  }
  // NaN input must not hang (hard iteration cap) and must come out as NaN, not as a plausible number.
  EXPECT_TRUE(std::isnan(wet_bulb_from_humidity_ratio_C(NAN, 0.01, 101325.0)));
  EXPECT_TRUE(std::isnan(wet_bulb_from_dew_point_C(20.0, NAN, 101325.0)));
  EXPECT_TRUE(std::isnan(wet_bulb_from_relative_humidity_C(20.0, NAN, 101325.0)));
  EXPECT_TRUE(std::isnan(dew_point_from_vapor_pressure_C(NAN)));
}

TEST(Psychrometrics, WetBulbSolverMatchesPlainBisection) {
  // Reference: plain bisection (200 halvings) of the same equation W(t, t*) = W; the economizer-hour counts
  // depend on wet-bulbs within 0.01 K of a threshold, so the fast solver must agree to 1e-8 K.
  const auto bisect = [](double t, double W, double p) {
    double lo = -100.0, hi = t;
    for (int i = 0; i < 200; ++i) {
      const double mid = 0.5 * (lo + hi);
      (humidity_ratio_from_wet_bulb(t, mid, p) > W ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
  };
  for (double t : {-15.0, 2.0, 17.2, 25.0, 29.0, 40.0}) {
    for (double dp : {-30.0, -3.0, 4.4, 8.9, 15.0}) {
      if (dp > t) continue;
      for (double p : {80000.0, 92100.0, 101325.0}) {
        const double W = humidity_ratio_from_dew_point(dp, p);
        EXPECT_NEAR(wet_bulb_from_dew_point_C(t, dp, p), bisect(t, W, p), 1e-8) << t << " " << dp << " " << p;
      }
    }
  }
}
