// Human units -> SI, parsed in one place. Scenario files write `10Gbps`, `4TiB`, `300s`, `22C`, `1.2MW`;
// the code works in SI: W, J, s, bytes, bytes/s, flop/s, Hz, Pa, m3, m3/s, kg, and degrees Celsius for
// temperatures (K for differences). A bare number is accepted only for dimensionless quantities (and 0).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dcsim::units {

enum class Dimension {
  Dimensionless,  // 0.95, 95%
  Power,          // W
  Energy,         // J
  Time,           // s
  DataSize,       // bytes
  Bandwidth,      // bytes/s (10Gbps = 1.25e9)
  Temperature,    // degrees C (22C, 295.15K, 71.6F)
  TemperatureDelta,  // K (5K, 5C)
  Frequency,      // Hz
  ComputeSpeed,   // flop/s (Gf, MIPS counted as 1e6 flop/s)
  Pressure,       // Pa
  Volume,         // m3 (L)
  VolumeFlow,     // m3/s
  Mass,           // kg
  Rate,           // events per second (2/s, 30/h, 1/1000h)
  CarbonIntensity,  // kg CO2 per J (450g/kWh)
};

std::string_view dimension_name(Dimension d);
// Canonical unit the code uses for d, e.g. "W", "bytes/s".
std::string_view si_unit(Dimension d);
// A few accepted units, for error messages ("W, kW, MW, GW").
std::string accepted_units(Dimension d);

struct ParseResult {
  std::optional<double> value;  // SI value when parsing succeeded
  std::string error;            // what was expected, when it failed
};

// Parses "1.2MW", "1.2 MW", "95%", "300s". Never throws.
ParseResult parse(std::string_view text, Dimension d);

// Formats an SI value with a readable unit, e.g. 1.25e9 Bandwidth -> "10Gbps" (used for resolved output).
std::string format(double value, Dimension d);

}  // namespace dcsim::units
