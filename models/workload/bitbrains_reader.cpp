#include "models/workload/bitbrains_reader.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/input_error.hpp"
#include "models/workload/detail/text_input.hpp"
#include "models/workload/detail/usage_grid.hpp"

namespace dcsim::workload {

namespace {

constexpr double kKiB = 1024.0;
// (0-based column, expected header text) of the columns we use.
constexpr std::pair<std::size_t, std::string_view> kUsed[] = {
    {0, "Timestamp [ms]"}, {1, "CPU cores"}, {4, "CPU usage [%]"},
    {5, "Memory capacity provisioned [KB]"}, {6, "Memory usage [KB]"}};

std::string stem(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0) name.resize(name.size() - 4);
  return name;
}

}  // namespace

VmRecord read_bitbrains_file(const std::string& path, const BitbrainsOptions& options) {
  if (!(options.usage_interval_s > 0)) throw std::invalid_argument("read_bitbrains_file: usage_interval_s must be > 0");
  detail::LineReader r(path);
  std::vector<std::string_view> f;
  std::string_view line;
  if (!r.next(line)) throw_file_error(path, 1, "empty file; expected the Bitbrains header line");
  const std::size_t columns = detail::split(line, ';', f);
  for (const auto& [col, name] : kUsed) {
    if (col >= columns || f[col] != name)
      r.fail("header column " + std::to_string(col + 1) + ": found " + (col < columns ? detail::quote(f[col]) : "nothing") +
             ", expected '" + std::string(name) + "'");
  }

  VmRecord rec;
  rec.id = stem(path);
  std::vector<detail::UsageSample> samples;
  double first_t = 0, last_t = 0;
  while (r.next(line)) {
    if (detail::trim(line).empty()) continue;
    const std::size_t n = detail::split(line, ';', f);
    if (n != columns)
      r.fail("found " + std::to_string(n) + " columns, expected " + std::to_string(columns) + " as in the header");
    double v[5];
    for (std::size_t i = 0; i < 5; ++i) {
      const std::size_t col = kUsed[i].first;
      if (!detail::parse_double(f[col], v[i]))
        r.fail("column " + std::to_string(col + 1) + " (" + std::string(kUsed[i].second) + "): found " +
               detail::quote(f[col]) + ", expected a number");
    }
    const double t = v[0], cores = v[1], cpu_pct = v[2], mem_cap_KB = v[3], mem_use_KB = v[4];
    if (samples.empty()) {
      rec.cores = cores;
      rec.memory_B = mem_cap_KB * kKiB;
      first_t = last_t = t;
    }
    first_t = std::min(first_t, t);
    last_t = std::max(last_t, t);
    samples.push_back({t, t, cpu_pct / 100.0, mem_cap_KB > 0 ? mem_use_KB / mem_cap_KB : NAN});
  }
  if (samples.empty()) throw_file_error(path, r.line_number(), "no data rows after the header");
  rec.start_s = first_t;
  rec.end_s = last_t + options.usage_interval_s;
  if (!detail::resample(samples, options.usage_interval_s, rec.usage, rec.memory_usage))
    throw_file_error(path, 0, "time stamps span an implausible range");
  rec.usage.name = rec.id;
  rec.memory_usage.name = rec.id;
  return rec;
}

VmTrace read_bitbrains_directory(const std::string& dir, const BitbrainsOptions& options) {
  VmTrace out;
  std::string base = dir;
  if (!base.empty() && base.back() != '/') base += '/';
  for (const std::string& name : detail::list_files_byte_sorted(dir)) {
    VmRecord rec = read_bitbrains_file(base + name, options);
    if (!(rec.cores > 0)) {
      ++out.dropped_records;
      continue;
    }
    out.vms.push_back(std::move(rec));
  }
  std::stable_sort(out.vms.begin(), out.vms.end(),
                   [](const VmRecord& a, const VmRecord& b) { return a.start_s < b.start_s; });
  return out;
}

}  // namespace dcsim::workload
