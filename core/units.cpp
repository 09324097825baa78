#include "core/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dcsim::units {
namespace {

struct Unit {
  std::string_view symbol;
  double scale;   // SI = value * scale + offset
  double offset = 0.0;
};

constexpr double kB = 1e3, kMB = 1e6, kGB = 1e9, kTB = 1e12, kPB = 1e15, kEB = 1e18;
constexpr double kKi = 1024.0, kMi = kKi * 1024, kGi = kMi * 1024, kTi = kGi * 1024, kPi = kTi * 1024,
                 kEi = kPi * 1024;
constexpr double kHour = 3600.0, kDay = 86400.0, kYear = 365.0 * 86400.0;
constexpr double kKWh = 3.6e6;

const std::vector<Unit>& table(Dimension d) {
  static const std::vector<Unit> none{};
  static const std::vector<Unit> fraction{{"%", 0.01}};
  static const std::vector<Unit> power{{"W", 1}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}, {"mW", 1e-3}};
  static const std::vector<Unit> energy{{"J", 1},         {"kJ", 1e3},        {"MJ", 1e6},
                                        {"GJ", 1e9},      {"Wh", 3600},       {"kWh", kKWh},
                                        {"MWh", 1e3 * kKWh}, {"GWh", 1e6 * kKWh}};
  static const std::vector<Unit> time{{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1},
                                      {"min", 60},  {"h", kHour}, {"d", kDay},  {"y", kYear}};
  static const std::vector<Unit> size{{"B", 1},     {"kB", kB},   {"KB", kB},   {"MB", kMB},  {"GB", kGB},
                                      {"TB", kTB},  {"PB", kPB},  {"EB", kEB},  {"KiB", kKi}, {"MiB", kMi},
                                      {"GiB", kGi}, {"TiB", kTi}, {"PiB", kPi}, {"EiB", kEi}};
  static const std::vector<Unit> bandwidth{
      {"bps", 1.0 / 8},   {"kbps", 1e3 / 8},  {"Kbps", 1e3 / 8},  {"Mbps", 1e6 / 8},  {"Gbps", 1e9 / 8},
      {"Tbps", 1e12 / 8}, {"Bps", 1},         {"kBps", kB},       {"KBps", kB},       {"MBps", kMB},
      {"GBps", kGB},      {"B/s", 1},         {"kB/s", kB},       {"KB/s", kB},       {"MB/s", kMB},
      {"GB/s", kGB},      {"KiB/s", kKi},     {"MiB/s", kMi},     {"GiB/s", kGi},     {"TB/s", kTB}};
  static const std::vector<Unit> temperature{{"C", 1, 0}, {"K", 1, -273.15}, {"F", 5.0 / 9, -32.0 * 5 / 9}};
  static const std::vector<Unit> delta{{"K", 1}, {"C", 1}};
  static const std::vector<Unit> frequency{{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
  static const std::vector<Unit> speed{{"f", 1},     {"flops", 1},    {"kf", 1e3},        {"Mf", 1e6},
                                       {"Gf", 1e9},  {"Tf", 1e12},    {"Pf", 1e15},       {"MIPS", 1e6},
                                       {"Gflops", 1e9}, {"Tflops", 1e12}};
  static const std::vector<Unit> pressure{{"Pa", 1}, {"kPa", 1e3}, {"MPa", 1e6}, {"bar", 1e5}};
  static const std::vector<Unit> volume{{"m3", 1}, {"L", 1e-3}};
  static const std::vector<Unit> flow{{"m3/s", 1}, {"m3/h", 1.0 / kHour}, {"L/s", 1e-3}, {"L/min", 1e-3 / 60}};
  static const std::vector<Unit> mass{{"kg", 1}, {"g", 1e-3}, {"t", 1e3}};
  static const std::vector<Unit> rate{{"/s", 1}, {"/min", 1.0 / 60}, {"/h", 1.0 / kHour}, {"/d", 1.0 / kDay},
                                      {"/y", 1.0 / kYear}};
  static const std::vector<Unit> carbon{{"g/kWh", 1e-3 / kKWh}, {"kg/kWh", 1.0 / kKWh}, {"kg/MWh", 1e-3 / kKWh},
                                        {"t/MWh", 1.0 / kKWh}};
  switch (d) {
    case Dimension::Dimensionless: return fraction;
    case Dimension::Power: return power;
    case Dimension::Energy: return energy;
    case Dimension::Time: return time;
    case Dimension::DataSize: return size;
    case Dimension::Bandwidth: return bandwidth;
    case Dimension::Temperature: return temperature;
    case Dimension::TemperatureDelta: return delta;
    case Dimension::Frequency: return frequency;
    case Dimension::ComputeSpeed: return speed;
    case Dimension::Pressure: return pressure;
    case Dimension::Volume: return volume;
    case Dimension::VolumeFlow: return flow;
    case Dimension::Mass: return mass;
    case Dimension::Rate: return rate;
    case Dimension::CarbonIntensity: return carbon;
  }
  return none;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Leading number (decimal, optional exponent). Returns characters consumed, 0 if none.
size_t parse_number(std::string_view s, double& out) {
  const char* begin = s.data();
  auto [ptr, ec] = std::from_chars(begin, begin + s.size(), out, std::chars_format::general);
  if (ec != std::errc()) return 0;
  return static_cast<size_t>(ptr - begin);
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case Dimension::Dimensionless: return "number";
    case Dimension::Power: return "power";
    case Dimension::Energy: return "energy";
    case Dimension::Time: return "duration";
    case Dimension::DataSize: return "data size";
    case Dimension::Bandwidth: return "bandwidth";
    case Dimension::Temperature: return "temperature";
    case Dimension::TemperatureDelta: return "temperature difference";
    case Dimension::Frequency: return "frequency";
    case Dimension::ComputeSpeed: return "compute speed";
    case Dimension::Pressure: return "pressure";
    case Dimension::Volume: return "volume";
    case Dimension::VolumeFlow: return "volume flow";
    case Dimension::Mass: return "mass";
    case Dimension::Rate: return "rate";
    case Dimension::CarbonIntensity: return "carbon intensity";
  }
  return "quantity";
}

std::string_view si_unit(Dimension d) {
  switch (d) {
    case Dimension::Dimensionless: return "";
    case Dimension::Power: return "W";
    case Dimension::Energy: return "J";
    case Dimension::Time: return "s";
    case Dimension::DataSize: return "B";
    case Dimension::Bandwidth: return "B/s";
    case Dimension::Temperature: return "C";
    case Dimension::TemperatureDelta: return "K";
    case Dimension::Frequency: return "Hz";
    case Dimension::ComputeSpeed: return "f";
    case Dimension::Pressure: return "Pa";
    case Dimension::Volume: return "m3";
    case Dimension::VolumeFlow: return "m3/s";
    case Dimension::Mass: return "kg";
    case Dimension::Rate: return "/s";
    case Dimension::CarbonIntensity: return "kg/kWh";
  }
  return "";
}

std::string accepted_units(Dimension d) {
  std::string out;
  for (const auto& u : table(d)) {
    if (!out.empty()) out += ", ";
    out += u.symbol;
  }
  return out;
}

ParseResult parse(std::string_view text, Dimension d) {
  const std::string_view s = trim(text);
  const std::string want = std::string("a ") + std::string(dimension_name(d));
  auto fail = [&](const std::string& why) {
    std::string msg = why + "; expected " + want;
    if (d != Dimension::Dimensionless) msg += " with a unit (" + accepted_units(d) + "), e.g. '" + format(1, d) + "'";
    return ParseResult{std::nullopt, msg};
  };
  if (s.empty()) return fail("empty value");
  // Rates may be written "1/1000h": a number, then '/', then a duration.
  if (d == Dimension::Rate) {
    const auto slash = s.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      double numerator = 0;
      const std::string_view num = trim(s.substr(0, slash));
      if (parse_number(num, numerator) != num.size()) return fail("'" + std::string(s) + "' is not a rate");
      const std::string_view per = trim(s.substr(slash + 1));
      double denom_value = 1.0;
      size_t used = parse_number(per, denom_value);
      if (used == 0) denom_value = 1.0;
      const std::string_view unit = trim(per.substr(used));
      for (const auto& u : table(Dimension::Time)) {
        if (u.symbol == unit && denom_value > 0) return ParseResult{numerator / (denom_value * u.scale), ""};
      }
      return fail("'" + std::string(s) + "' has an unknown time unit after '/'");
    }
  }
  double number = 0;
  const size_t used = parse_number(s, number);
  if (used == 0) return fail("'" + std::string(s) + "' is not a number");
  if (!std::isfinite(number)) return fail("'" + std::string(s) + "' is not finite");
  const std::string_view unit = trim(s.substr(used));
  if (unit.empty()) {
    if (d == Dimension::Dimensionless || number == 0.0) return ParseResult{number, ""};
    return fail("'" + std::string(s) + "' has no unit");
  }
  for (const auto& u : table(d)) {
    if (u.symbol == unit) return ParseResult{number * u.scale + u.offset, ""};
  }
  return fail("unknown unit '" + std::string(unit) + "' in '" + std::string(s) + "'");
}

std::string format(double v, Dimension d) {
  // Choose the largest unit of the table (in scale order) that keeps the mantissa >= 1, among the "nice" ones.
  auto fmt = [](double x, std::string_view unit) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g%s", x, std::string(unit).c_str());
    return std::string(buf);
  };
  switch (d) {
    case Dimension::Dimensionless: return fmt(v, "");
    case Dimension::Temperature: return fmt(v, "C");
    case Dimension::TemperatureDelta: return fmt(v, "K");
    case Dimension::Bandwidth: {
      const double bits = v * 8;
      if (bits >= 1e9 && std::fmod(bits, 1e9) == 0) return fmt(bits / 1e9, "Gbps");
      if (bits >= 1e6 && std::fmod(bits, 1e6) == 0) return fmt(bits / 1e6, "Mbps");
      return fmt(bits, "bps");
    }
    case Dimension::DataSize: {
      const std::pair<double, std::string_view> bin[] = {{kEi, "EiB"}, {kPi, "PiB"}, {kTi, "TiB"}, {kGi, "GiB"},
                                                         {kMi, "MiB"}, {kKi, "KiB"}};
      for (auto [scale, name] : bin)
        if (v >= scale && std::fmod(v, scale) == 0) return fmt(v / scale, name);
      const std::pair<double, std::string_view> dec[] = {{kEB, "EB"}, {kPB, "PB"}, {kTB, "TB"}, {kGB, "GB"},
                                                         {kMB, "MB"}, {kB, "kB"}};
      for (auto [scale, name] : dec)
        if (v >= scale) return fmt(v / scale, name);
      return fmt(v, "B");
    }
    default: break;
  }
  const auto& t = table(d);
  const Unit* best = nullptr;
  for (const auto& u : t) {
    if (u.offset != 0) continue;
    if (d == Dimension::Time && (u.symbol == "y")) continue;
    if (std::abs(v) >= u.scale && (!best || u.scale > best->scale)) best = &u;
  }
  if (!best) {
    for (const auto& u : t)
      if (u.scale == 1.0) best = &u;
  }
  if (!best) best = &t.front();
  return fmt(v / best->scale, best->symbol);
}

}  // namespace dcsim::units
