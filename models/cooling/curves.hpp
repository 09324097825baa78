// Performance curves in the forms EnergyPlus uses (Curve:Quadratic, Curve:Cubic, Curve:Biquadratic):
//   quad(x)     = c0 + c1 x + c2 x^2
//   cubic(x)    = c0 + c1 x + c2 x^2 + c3 x^3
//   biquad(x,y) = c0 + c1 x + c2 x^2 + c3 y + c4 y^2 + c5 x y
// Coefficient order as in /work/shared/design/model_coefficients.json ("_note").
// As in EnergyPlus (CurveManager), each input is clamped to the curve's validity range before evaluation, so a
// fitted curve is never extrapolated (a biquadratic fitted on 5-10 C chilled water turns upwards beyond it).
// The default range is unbounded. Header-only: these sit on every hot path of the plant models.
#pragma once
#include <algorithm>
#include <array>
#include <limits>

namespace dcsim::cooling {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

struct Quadratic {
  std::array<double, 3> c{0.0, 0.0, 0.0};
  double x_min = -kUnbounded;
  double x_max = kUnbounded;

  constexpr double operator()(double x) const {
    x = std::clamp(x, x_min, x_max);
    return c[0] + x * (c[1] + x * c[2]);
  }
};

struct Cubic {
  std::array<double, 4> c{0.0, 0.0, 0.0, 0.0};
  double x_min = -kUnbounded;
  double x_max = kUnbounded;

  constexpr double operator()(double x) const {
    x = std::clamp(x, x_min, x_max);
    return c[0] + x * (c[1] + x * (c[2] + x * c[3]));
  }
};

struct Biquadratic {
  std::array<double, 6> c{0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  double x_min = -kUnbounded;
  double x_max = kUnbounded;
  double y_min = -kUnbounded;
  double y_max = kUnbounded;

  constexpr double operator()(double x, double y) const {
    x = std::clamp(x, x_min, x_max);
    y = std::clamp(y, y_min, y_max);
    return c[0] + x * (c[1] + x * c[2]) + y * (c[3] + y * c[4]) + c[5] * x * y;
  }
};

}  // namespace dcsim::cooling
