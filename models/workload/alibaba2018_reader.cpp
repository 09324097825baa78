#include "models/workload/alibaba2018_reader.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/workload/detail/flat_index.hpp"
#include "models/workload/detail/text_input.hpp"
#include "models/workload/detail/vm_builder.hpp"

namespace dcsim::workload {

namespace {

double number(const detail::LineReader& r, std::string_view f, int col, const char* name, bool allow_empty) {
  if (allow_empty && detail::trim(f).empty()) return NAN;
  double v = 0;
  if (!detail::parse_double(f, v))
    r.fail("column " + std::to_string(col) + " (" + name + "): found " + detail::quote(f) + ", expected a number");
  return v;
}

struct Meta {
  double first_time = 0, last_time = 0;  // of the meta rows
  double last_usage = -INFINITY;         // latest usage time stamp; -inf: none
  double cpu_request = NAN, mem_size = NAN;  // from the earliest row
};

}  // namespace

VmTrace read_alibaba2018(const std::vector<std::string>& container_meta_files,
                         const std::vector<std::string>& container_usage_files, const Alibaba2018Options& options) {
  if (!(options.machine_memory_B > 0) || !(options.usage_interval_s > 0))
    throw std::invalid_argument("read_alibaba2018: machine_memory_B and usage_interval_s must be > 0");

  VmTrace out;
  detail::FlatIndex index;
  std::vector<detail::PendingVm> pending;
  std::vector<detail::TaggedSample> samples;
  auto find_id = [&](std::string_view id, std::uint64_t h) {
    return index.find(h, [&](std::uint32_t i) { return pending[i].record.id == id; });
  };
  std::vector<Meta> meta;
  std::vector<std::string_view> f;
  std::string_view line;

  for (const std::string& file : container_meta_files) {
    detail::LineReader r(file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n != 8) r.fail("found " + std::to_string(n) + " columns, expected the 8 of container_meta");
      if (f[0].empty()) r.fail("column 1 (container_id) is empty");
      const double t = number(r, f[2], 3, "time_stamp", false);
      const double cpu = number(r, f[5], 6, "cpu_request", true);
      const double mem = number(r, f[7], 8, "mem_size", true);
      if (cpu < 0 || mem < 0) r.fail("negative cpu_request or mem_size");
      const std::uint64_t h = detail::hash_bytes(f[0]);
      const std::uint32_t vi = find_id(f[0], h);
      if (vi == detail::FlatIndex::kNone) {
        index.insert(h, static_cast<std::uint32_t>(pending.size()));
        pending.emplace_back();
        pending.back().record.id = std::string(f[0]);
        meta.push_back(Meta{t, t, -INFINITY, cpu, mem});
        continue;
      }
      Meta& m = meta[vi];
      if (t < m.first_time) {  // an earlier snapshot defines the request
        m.first_time = t;
        if (!std::isnan(cpu)) m.cpu_request = cpu;
        if (!std::isnan(mem)) m.mem_size = mem;
      } else {
        if (std::isnan(m.cpu_request)) m.cpu_request = cpu;
        if (std::isnan(m.mem_size)) m.mem_size = mem;
      }
      m.last_time = std::max(m.last_time, t);
    }
  }

  for (const std::string& file : container_usage_files) {
    detail::LineReader r(file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n != 11) r.fail("found " + std::to_string(n) + " columns, expected the 11 of container_usage");
      const double t = number(r, f[2], 3, "time_stamp", false);
      const double cpu = number(r, f[3], 4, "cpu_util_percent", true);
      const double mem = number(r, f[4], 5, "mem_util_percent", true);
      const std::uint32_t vi = find_id(f[0], detail::hash_bytes(f[0]));
      if (vi == detail::FlatIndex::kNone) {
        ++out.ignored_rows;
        continue;
      }
      meta[vi].last_usage = std::max(meta[vi].last_usage, t);
      samples.push_back({vi, {t, t, cpu / 100.0, mem / 100.0}});
    }
  }

  for (std::size_t i = 0; i < pending.size(); ++i) {
    detail::PendingVm& p = pending[i];
    const Meta& m = meta[i];
    if (!(m.cpu_request > 0)) {
      p.keep = false;
      continue;
    }
    VmRecord& rec = p.record;
    rec.start_s = m.first_time;
    rec.cores = m.cpu_request / 100.0;
    rec.memory_B = std::isnan(m.mem_size) ? 0.0 : m.mem_size / 100.0 * options.machine_memory_B;
    rec.end_s = std::isinf(m.last_usage) ? std::max(options.end_s_without_usage, m.last_time)
                                 : std::max(m.last_time, m.last_usage + options.usage_interval_s);
  }

  detail::finish_vms(pending, samples, options.usage_interval_s,
                     container_usage_files.empty() ? std::string("<container_usage>") : container_usage_files.front(),
                     out);
  return out;
}

}  // namespace dcsim::workload
